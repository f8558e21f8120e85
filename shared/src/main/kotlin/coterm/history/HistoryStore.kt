package coterm.history

import coterm.editor.History
import java.io.IOException
import java.io.InterruptedIOException
import java.nio.channels.ClosedByInterruptException
import java.nio.file.Path

/**
 * The session's history: the in-memory [History] the editor walks (Up, Down, Ctrl+R), kept in
 * step with an optional [HistoryFile]. Opened once per console from [HistoryOptions].
 *
 * - [open] loads the file (a missing one is empty; a bad one gives one warning) into [history].
 * - [add] adds a line in memory and, if the filters took it, appends it to the file at once, then
 *   trims the file when it has grown a quarter past the bound.
 * - A file error after start-up (disk full, permissions changed, the lock held too long by a
 *   stopped process) gives one warning, and from then on the session keeps its history in memory
 *   only: nothing is lost from Up and Ctrl+R, and no later line stalls on a broken file. At most one
 *   warning is given per store, counting the one from loading.
 *
 * Threading: calls block on file I/O (an append is one small write under a lock; a trim rewrites
 * at most [HistoryOptions.maxEntries] lines), so a caller on a thread that must stay responsive
 * may run them on `Dispatchers.IO`. The store is synchronised, so a command listing [entries] on
 * another thread sees a consistent snapshot; [history] itself is not thread-safe and belongs to
 * the line editor's thread (hold the store's monitor to use it from elsewhere).
 *
 * An interrupted thread (a cancelled command calling [add]) leaves that one line out of the file,
 * quietly, and keeps the file in use: the interrupt was meant for the command, not for history.
 */
internal class HistoryStore private constructor(
    val history: History,
    private var file: HistoryFile?,
    private val warn: (String) -> Unit,
) {
    private var warned = false
    private var trimming = true

    /** Whether lines still go to a file (false: in memory only, by choice or after an error). */
    val isPersistent: Boolean
        @Synchronized get() = file != null

    /** A snapshot of the entries, oldest first. */
    val entries: List<String>
        @Synchronized get() = history.entries

    /**
     * Adds [line] to the history if the filters let it through, and to the file; returns whether
     * it was added. Never throws for I/O problems (see the class KDoc).
     */
    @Synchronized
    fun add(line: String): Boolean {
        if (!history.add(line)) return false
        val file = file ?: return true
        try {
            file.append(line)
            if (trimming && file.trimDue) file.trim()
        } catch (e: InterruptedIOException) {
            Thread.currentThread().interrupt()
        } catch (e: ClosedByInterruptException) {
            Thread.currentThread().interrupt()
        } catch (e: HistoryFile.DamagedException) {
            // Someone else wrote bytes we cannot read back: keep appending, never rewrite.
            trimming = false
            warnOnce("coterm: ${e.message}; new lines are still added, but it will not be trimmed until it is repaired or removed")
        } catch (e: IOException) {
            this.file = null
            warnOnce("coterm: cannot write the history file ${file.path} (${HistoryFile.describe(e)}); the history is kept in memory only for the rest of this session")
        } catch (e: SecurityException) {
            this.file = null
            warnOnce("coterm: cannot write the history file ${file.path} (${e.message}); the history is kept in memory only for the rest of this session")
        }
        return true
    }

    private fun warnOnce(message: String) {
        if (warned) return
        warned = true
        warn(message)
    }

    override fun toString(): String = "HistoryStore(${history.size} entries, file=${file?.path})"

    companion object {
        /**
         * Opens the history that [options] describe, reading its file if it has one; never throws
         * for I/O problems, which go to [warn] (once) instead.
         */
        fun open(options: HistoryOptions, warn: (String) -> Unit): HistoryStore =
            open(options, warn) { path, maxEntries, fileWarn -> HistoryFile(path, maxEntries, fileWarn) }

        /** As [open], with the file made by [fileFor] (tests choose the slack and the lock timeout). */
        fun open(
            options: HistoryOptions,
            warn: (String) -> Unit,
            fileFor: (path: Path, maxEntries: Int, warn: (String) -> Unit) -> HistoryFile,
        ): HistoryStore {
            val history = History(options.maxEntries, options.ignoreDuplicates, options.ignoreSpacePrefixed)
            val path = options.file
            // Disabled means the file is not even read: turning history off never trims it away.
            if (path == null || !options.isEnabled) return HistoryStore(history, null, warn)
            val file = fileFor(path, options.maxEntries, warn)
            history.addAll(file.load())
            val store = HistoryStore(history, file.takeIf { it.health != HistoryFile.Health.Unusable }, warn)
            // load() has warned already: that is this store's one warning.
            if (file.health != HistoryFile.Health.Healthy) store.warned = true
            if (file.health == HistoryFile.Health.Damaged) store.trimming = false
            return store
        }
    }
}
