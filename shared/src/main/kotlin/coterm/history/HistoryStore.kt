// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.editor.History
import java.io.IOException
import java.io.InterruptedIOException
import java.nio.channels.ClosedByInterruptException
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit

/**
 * The session's history: the in-memory [History] the editor walks (Up, Down, Ctrl+R), kept in
 * step with an optional [HistoryFile] whose every read and write runs on one background thread
 * (`coterm-history`), in the order asked for, so that no key, Ctrl+C or prompt ever waits for
 * the file: reading it at start-up can wait up to a second for the lock, an append up to five
 * seconds, and a trim forces the disk twice.
 *
 * - [open] returns at once; the file is read in the background (its newest entries, within the
 *   byte budget: [HistoryFile.load]) and its entries go in front of the session's
 *   ([History.addOlder]) on the [owner]'s thread, which then completes [loaded]. A missing file
 *   is empty; one the safety policy refuses ([HistoryFilePolicy]) or that cannot be read gives one
 *   warning, and the session keeps its history in memory only.
 * - [add] (on the owner's thread) adds a line in memory at once (Up sees it at the next prompt)
 *   and, if the filters took it, queues its append to the file, then a trim when the file has
 *   grown a quarter past its bounds. A line over [HistoryFile.MAX_LINE_BYTES] stays in memory
 *   only. A crash loses at most the lines whose append had not run yet: normally none, as an
 *   append takes well under a millisecond unless another program holds the lock.
 * - A file error after start-up (disk full, permissions changed, a link planted, the lock held
 *   too long by a stopped process) gives one warning, and from then on the session keeps its
 *   history in memory only: nothing is lost from Up and Ctrl+R, and no later line waits on a
 *   broken file. The failed append left the file as it was. At most one warning is given per
 *   store, counting the one from loading; the one-time notice that a file open to others was made
 *   private is not counted.
 * - [refreshShared] (at every prompt, with [HistoryOptions.shareAcrossSessions]) queues a read of
 *   the lines other sessions appended since ([HistoryFile.readShared]); they become the newest
 *   entries ([History.addNewer]) on the owner's thread, which then completes [ready]. A session's
 *   own line is added at once, so the lines another session appended while this one's line was
 *   being entered come after it in memory (in the file, before it).
 * - [close] lets the queued appends finish (waiting a bounded time) and ends the thread.
 *
 * Threading: [history] belongs to the owner's thread (the console's), which alone changes it
 * (through [add] and the loaded entries) and reads it without locking; [entries] is a consistent
 * snapshot from any thread. [warn] is called on the background thread.
 *
 * @param owner runs the code that changes [history] (the console's loop); a direct executor in
 *   tests, with a direct [io], makes every call synchronous.
 */
internal class HistoryStore private constructor(
    val history: History,
    file: HistoryFile?,
    private val warn: (String) -> Unit,
    private val owner: Executor,
    private val io: Executor,
) {
    /** Changed on the background thread only; [toString] reads it from any thread. */
    @Volatile
    private var file: HistoryFile? = file
    private var warned = false

    /** Completed once the file's entries are in [history] (at once when there is no file). */
    val loaded: CompletableFuture<Unit> = CompletableFuture()

    /**
     * Completed once what the last [refreshShared] read is in [history]; until the first one,
     * [loaded]. The prompt's history keys wait for it.
     */
    @Volatile
    var ready: CompletableFuture<Unit> = loaded
        private set

    /** Whether [refreshShared] reads anything: [HistoryOptions.shareAcrossSessions] with a file. */
    @Volatile
    private var sharing = false

    /** A snapshot of the entries, oldest first. */
    val entries: List<String>
        @Synchronized get() = history.entries

    /**
     * Adds [line] to the history if the filters let it through and queues its append to the
     * file; returns whether it was added. Call it on the owner's thread. Never throws for I/O
     * problems (see the class KDoc).
     */
    fun add(line: String): Boolean {
        if (!synchronized(this) { history.add(line) }) return false
        if (file != null) submit { append(line) }
        return true
    }

    /**
     * With [HistoryOptions.shareAcrossSessions]: queues a read of the lines other sessions
     * appended to the file since this one last looked; [ready] completes once they are in
     * [history]. Call it on the owner's thread as a prompt begins; does nothing otherwise.
     */
    fun refreshShared() {
        if (!sharing || file == null) return
        val refreshed = CompletableFuture<Unit>()
        ready = refreshed
        val queued = submit {
            var lines = emptyList<String>()
            try {
                lines = file?.readShared() ?: emptyList()
            } catch (e: InterruptedIOException) {
                Thread.currentThread().interrupt()
            } catch (e: ClosedByInterruptException) {
                Thread.currentThread().interrupt()
            } catch (e: IOException) {
                sharing = false
                warnOnce("coterm: cannot read the history file ${file?.path} for other sessions' lines (${HistoryFile.describe(e)}); they are not picked up in this session")
            } catch (e: SecurityException) {
                sharing = false
                warnOnce("coterm: cannot read the history file ${file?.path} for other sessions' lines (${e.message}); they are not picked up in this session")
            } finally {
                onOwner(refreshed) {
                    if (lines.isNotEmpty()) synchronized(this) { history.addNewer(lines) }
                    refreshed.complete(Unit)
                }
            }
        }
        if (!queued) refreshed.complete(Unit)
    }

    /**
     * Waits up to [waitMillis] for the queued file work to finish, then stops the background
     * thread. Lines still queued after that are not written. Idempotent.
     */
    fun close(waitMillis: Long) {
        val pool = io as? ExecutorService ?: return
        pool.shutdown()
        try {
            if (!pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) pool.shutdownNow()
        } catch (_: InterruptedException) {
            pool.shutdownNow()
            Thread.currentThread().interrupt()
        }
    }

    private fun load(file: HistoryFile) {
        var older = emptyList<String>()
        try {
            older = file.load()
            // load() has warned already: that is this store's one warning.
            if (file.health != HistoryFile.Health.Healthy) warned = true
            if (file.health == HistoryFile.Health.Unusable) this.file = null
        } finally {
            // Whatever happened, nobody waits for the file for ever.
            onOwner {
                synchronized(this) { history.addOlder(older) }
                loaded.complete(Unit)
            }
        }
    }

    private fun append(line: String) {
        val file = file ?: return
        try {
            file.append(line)
            if (file.trimDue) file.trim()
        } catch (e: InterruptedIOException) {
            // Only close() interrupts this thread, once it has waited long enough: give up quietly.
            Thread.currentThread().interrupt()
        } catch (e: ClosedByInterruptException) {
            Thread.currentThread().interrupt()
        } catch (e: IOException) {
            this.file = null
            warnOnce("coterm: cannot write the history file ${file.path} (${HistoryFile.describe(e)}); the history is kept in memory only for the rest of this session")
        } catch (e: SecurityException) {
            this.file = null
            warnOnce("coterm: cannot write the history file ${file.path} (${e.message}); the history is kept in memory only for the rest of this session")
        }
    }

    /** Queues [work] on the file's thread; false when the store is closed (a line then stays in memory only). */
    private fun submit(work: () -> Unit): Boolean = try {
        io.execute(work)
        true
    } catch (_: RejectedExecutionException) {
        false
    }

    /** Runs [work] on the owner's thread; when the owner has gone, completes [done], for which nobody waits then. */
    private fun onOwner(done: CompletableFuture<Unit> = loaded, work: () -> Unit) {
        try {
            owner.execute(work)
        } catch (_: RejectedExecutionException) {
            // The owner has gone (the console closed while the file was read): nobody needs the entries.
            done.complete(Unit)
        }
    }

    private fun warnOnce(message: String) {
        if (warned) return
        warned = true
        warn(message)
    }

    override fun toString(): String = "HistoryStore(${history.size} entries, file=${file?.path})"

    companion object {
        /** A direct executor: runs the work on the calling thread. */
        val Direct: Executor = Executor { it.run() }

        /**
         * Opens the history that [options] describe; its file, if it has one, is read on a new
         * `coterm-history` thread and the entries handed to [history] through [owner]. Never throws
         * for I/O problems, which go to [warn] (once) instead.
         */
        fun open(options: HistoryOptions, owner: Executor, warn: (String) -> Unit): HistoryStore =
            open(options, warn, owner, io = null) { path, maxEntries, fileWarn ->
                HistoryFile(path, maxEntries, fileWarn, share = options.shareAcrossSessions)
            }

        /**
         * As [open], with the file made by [fileFor] and the file work run on [io] (null: a new
         * background thread); tests choose the slack, the lock timeout, and direct executors.
         */
        fun open(
            options: HistoryOptions,
            warn: (String) -> Unit,
            owner: Executor = Direct,
            io: Executor? = Direct,
            fileFor: (path: Path, maxEntries: Int, warn: (String) -> Unit) -> HistoryFile,
        ): HistoryStore {
            val history = History(options.maxEntries, options.ignoreDuplicates, options.ignoreSpacePrefixed)
            val path = options.file
            // Disabled means the file is not even read: turning history off never trims away an existing file.
            if (path == null || !options.isEnabled) {
                return HistoryStore(history, null, warn, owner, Direct).also { it.loaded.complete(Unit) }
            }
            val file = fileFor(path, options.maxEntries, warn)
            val store = HistoryStore(history, file, warn, owner, io ?: newThread())
            store.sharing = options.shareAcrossSessions
            store.submit { store.load(file) }
            return store
        }

        /** The one background thread of a store: a daemon (it never holds the JVM open), parked while idle. */
        private fun newThread(): ExecutorService = Executors.newSingleThreadExecutor { work ->
            Thread(work, "coterm-history").apply { isDaemon = true }
        }
    }
}
