// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.io.IOException
import java.io.InterruptedIOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.charset.CharacterCodingException
import java.nio.charset.CharsetDecoder
import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.AccessDeniedException
import java.nio.file.Files
import java.nio.file.LinkOption.NOFOLLOW_LINKS
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardOpenOption.CREATE
import java.nio.file.StandardOpenOption.READ
import java.nio.file.StandardOpenOption.WRITE
import java.nio.file.attribute.BasicFileAttributes
import java.nio.file.attribute.PosixFilePermissions

/**
 * One history file on disk, shared safely with other processes and guarded against other users:
 * the I/O edge of the history. Blocking calls, meant for one owner at a time ([HistoryStore]);
 * several instances on one file, in this JVM or in others, exclude each other through
 * [HistoryFileLock].
 *
 * Before each [load], [append] and [trim], [HistoryLocator] walks the path under
 * [HistoryFilePolicy]: every directory on the way owned by the user or root and not writable by
 * others, a symbolic link followed only if the user (or root, above the state directory) owns it,
 * the file itself a regular file of the user's, made 0600 if others could read it (with one
 * notice through [warn]). What it refuses is never opened; the file is then opened by its checked
 * real path, without following links, so nothing is ever written through a link.
 *
 * - [load] reads the newest entries from the end of the file ([HistoryTail]): at most
 *   [maxEntries], and at most [maxBytes] of the file, so a 100 MB file costs neither time nor
 *   memory. A missing file is an empty history. A file that cannot be used (refused by the policy,
 *   unreadable) gives exactly one warning through [warn] and never an exception; [health] then
 *   says what the owner may still do with it.
 * - [append] adds one entry at the end, under the lock, creating the directories (0700) and the
 *   file (0600) if needed. An entry whose line is over [MAX_LINE_BYTES] is not written. The size
 *   before the write is remembered and the file truncated back to it if the write fails (ENOSPC,
 *   EDQUOT, EIO, an interrupt), so a failed append leaves nothing; a torn line that a crash left
 *   at the end is cut off first, so it never becomes an entry.
 * - [trim] rewrites the file with the lines [load] would keep (the newest [maxEntries] within
 *   [maxBytes]) once it holds more than `maxEntries + slack` entries or `maxBytes + maxBytes / 4`
 *   bytes: under the lock it re-reads the end of the file (so lines appended by other processes
 *   since our [load] are kept), copies the kept lines byte for byte into a temporary file beside
 *   it (0600), forces it to disk and renames it over the old one with an atomic move. A process
 *   killed at any moment leaves either the old file or the new one, never a truncated one; a stray
 *   temporary file is deleted by the next trim.
 *
 * Why a separate lock file (`<name>.lock`, kept forever): [trim] replaces the history file by
 * another inode. A lock held on the old inode would not stop a process that opens the path after
 * the move, and one waiting on the old inode would append to a file nobody reads any more. The
 * lock file is never replaced, so its lock covers every version of the history file; on Windows,
 * where locks are mandatory, it also keeps the lock off the file being renamed.
 *
 * - [readShared] (when made with `share`, for [HistoryOptions.shareAcrossSessions]) returns the
 *   lines other processes appended since this instance last looked: it remembers how far it has
 *   read the file (and which file: its identity, so a file replaced by another process's trim is
 *   noticed), and [append] and [trim], which hold the lock anyway, collect what others appended
 *   before them. Only the new bytes are read, within [maxEntries] and [maxBytes] (newest first).
 *   After a trim by another process the position means nothing in the new file: reading goes on
 *   from its end, and lines appended just before that trim are not picked up.
 *
 * @param userId the uid the policy checks owners against: this process's, or another in tests.
 * @param channels wraps every channel written through (the file, a trim's temporary file), for
 *   tests that inject write failures; the identity in real use.
 */
internal class HistoryFile(
    val path: Path,
    val maxEntries: Int,
    private val warn: (String) -> Unit,
    val slack: Int = defaultSlack(maxEntries),
    private val lockTimeoutMillis: Long = DEFAULT_LOCK_TIMEOUT_MILLIS,
    val maxBytes: Long = DEFAULT_MAX_BYTES,
    userId: Int? = ProcessUser.id,
    private val channels: (FileChannel) -> FileChannel = { it },
    private val share: Boolean = false,
) {
    init {
        require(maxEntries > 0) { "maxEntries must be positive: $maxEntries" }
        require(slack >= 0) { "slack must not be negative: $slack" }
        require(maxBytes > 0) { "maxBytes must be positive: $maxBytes" }
    }

    private val locator = HistoryLocator(userId)
    private val rewrite = HistoryRewrite(channels)

    /** How far past [maxBytes] the file may grow before a trim: a quarter, as for the entries. */
    val byteSlack: Long get() = maxBytes / 4

    /** What [load] found, and so what may be done with the file afterwards. */
    enum class Health {
        /** Read completely (or missing): append and trim as usual. */
        Healthy,

        /** Some lines are not UTF-8 and were read with U+FFFD: append and trim as usual (a trim copies those lines as they are). */
        Damaged,

        /** Not usable at all (refused by the policy, not a regular file, permission denied, I/O error): leave it alone. */
        Unusable,
    }

    /** The outcome of the last [load]; [Health.Healthy] before any. */
    var health: Health = Health.Healthy
        private set

    /**
     * How many entries the file is believed to hold, and how many bytes: counted by [load] and
     * [trim] (entries only as far as needed to know whether a trim is due), plus our own appends.
     * Other processes' appends are only seen by the next [trim], which counts afresh.
     */
    var knownEntries: Int = 0
        private set

    /** See [knownEntries]. */
    var knownBytes: Long = 0
        private set

    /** Whether the file has grown past the point where [trim] would rewrite it, as far as we know. */
    val trimDue: Boolean get() = knownEntries > maxEntries + slack || knownBytes > maxBytes + byteSlack

    /** With [share]: how far the file has been read, as a byte position at a line's end. */
    private var seenUpTo = 0L

    /** With [share]: the identity of the file [seenUpTo] is in; null while no file has been seen. */
    private var seenKey: Any? = null

    /** With [share]: lines others appended, collected by [append] and [trim], for the next [readShared]. */
    private val sharedLines = ArrayDeque<ByteArray>()
    private var sharedBytes = 0L

    /** Whether the notice about making the file private has been given (once per instance). */
    private var madePrivate = false

    /** Reads the newest entries, oldest first; warns once and never throws (see the class KDoc). */
    fun load(): List<String> {
        health = Health.Healthy
        knownEntries = 0
        knownBytes = 0
        return try {
            val location = locator.locate(path, create = false)
            if (location == null || !location.exists) emptyList() else loadFrom(location)
        } catch (e: Refused) {
            unusable("is not used: ${e.reason}")
        } catch (e: InterruptedIOException) {
            Thread.currentThread().interrupt()
            unusable("was not read: interrupted")
        } catch (e: IOException) {
            unusable("cannot be read (${describe(e)})")
        } catch (e: SecurityException) {
            unusable("cannot be read (${e.message})")
        }
    }

    private fun loadFrom(location: HistoryLocator.Location): List<String> {
        makePrivateIfNeeded(location)
        val tail = try {
            // A short wait: start-up should not stall behind a stopped process holding the lock.
            HistoryFileLock.withLock(lockFileFor(location.path), lockTimeoutMillis.coerceAtMost(LOAD_LOCK_TIMEOUT_MILLIS)) {
                readTail(location.path).also { seen(location.path, it.contentBytes) }
            }
        } catch (e: HistoryFileLock.Unavailable) {
            // No lock (a read-only directory cannot hold a lock file, or it is held too long): read
            // anyway. A trim's rename is atomic, so an unlocked read still sees one whole version;
            // at worst it sees the half-written last line of an append in progress, which it
            // leaves out as torn.
            readTail(location.path).also { seen(location.path, it.contentBytes) }
        }
        knownEntries = tail.entries
        knownBytes = tail.contentBytes
        var malformed = 0
        val entries = decode(tail.lines) { malformed++ }
        if (malformed > 0) {
            health = Health.Damaged
            warn("coterm: the history file $path has $malformed line(s) that are not UTF-8; they show with U+FFFD, and the file keeps them as they are")
        }
        return entries
    }

    /**
     * The lines other processes appended to the file since this instance last read or wrote it,
     * oldest first (see the class KDoc); empty when the file is missing. Takes the lock briefly
     * (reads anyway when it cannot have it, as [load] does). Needs `share`.
     *
     * @throws Refused if the policy refuses the file or a directory on the way.
     * @throws IOException if it cannot be read.
     */
    fun readShared(): List<String> {
        check(share) { "made without share" }
        val location = locator.locate(path, create = false)
        if (location != null && location.exists) {
            val file = location.path
            try {
                HistoryFileLock.withLock(lockFileFor(file), lockTimeoutMillis.coerceAtMost(LOAD_LOCK_TIMEOUT_MILLIS)) { collectShared(file, end = null) }
            } catch (e: HistoryFileLock.Unavailable) {
                collectShared(file, end = null)
            }
        }
        val lines = sharedLines.toList()
        sharedLines.clear()
        sharedBytes = 0
        return decode(lines) { }
    }

    /**
     * Collects into [sharedLines] the lines between [seenUpTo] and [end] (null: the file's end
     * without a torn last write) of [file], which others appended, and moves [seenUpTo] there.
     * A file not seen before is read from its start; a file that is not the one seen before
     * (replaced by a trim) or shorter than [seenUpTo] is not read: reading goes on from its end.
     */
    private fun collectShared(file: Path, end: Long?) {
        FileChannel.open(file, READ, NOFOLLOW_LINKS).use { channel ->
            val source = HistoryTail.ChannelSource(channel)
            val to = end ?: (source.size - HistoryTail.tornBytes(source))
            val key = keyOf(file)
            val from = when {
                seenKey == null -> 0L
                seenKey != key -> to
                else -> seenUpTo
            }
            if (to > from) {
                val range = HistoryTail.RangeSource(source, from, to)
                for (line in HistoryTail.read(range, maxEntries, 0, maxBytes, 0).lines) keepShared(line)
            }
            seenKey = key
            seenUpTo = to
        }
    }

    /** Keeps [line] for [readShared], within [maxEntries] and [maxBytes] (the oldest go first). */
    private fun keepShared(line: ByteArray) {
        sharedLines.addLast(line)
        sharedBytes += line.size + 1L
        while (sharedLines.size > maxEntries || sharedBytes > maxBytes) sharedBytes -= sharedLines.removeFirst().size + 1L
    }

    /** With [share]: remembers that [file] has been read up to [position]. */
    private fun seen(file: Path, position: Long) {
        if (!share) return
        seenKey = keyOf(file)
        seenUpTo = position
    }

    private fun readTail(file: Path): HistoryTail =
        FileChannel.open(file, READ, NOFOLLOW_LINKS).use { channel ->
            HistoryTail.read(HistoryTail.ChannelSource(channel), maxEntries, slack, maxBytes, byteSlack)
        }

    /**
     * Appends [entry] as the newest line. Returns false, writing nothing, for an entry whose line
     * would exceed [MAX_LINE_BYTES] (it stays in the in-memory history only).
     *
     * @throws Refused if the policy refuses the file or a directory on the way.
     * @throws IOException if the file cannot be written (then it is as it was before) or the lock
     *   not taken in time.
     */
    fun append(entry: String): Boolean {
        val encoded = HistoryFormat.encode(entry).toByteArray(UTF_8)
        if (encoded.size > MAX_LINE_BYTES) return false
        val line = encoded.copyOf(encoded.size + 1).also { it[encoded.size] = '\n'.code.toByte() }
        val location = locator.locate(path, create = true) ?: throw NoSuchFileException(path.toString())
        makePrivateIfNeeded(location)
        val file = location.path
        HistoryFileLock.withLock(lockFileFor(file), lockTimeoutMillis) {
            channels(FileChannel.open(file, setOf(READ, WRITE, CREATE, NOFOLLOW_LINKS), *PrivateFiles.file())).use { channel ->
                // Positioned writes rather than APPEND (which cannot be combined with READ): under
                // the lock no other cooperating writer moves the end.
                val size = channel.size()
                val torn = HistoryTail.tornBytes(HistoryTail.ChannelSource(channel))
                val end = size - torn
                // A line a crash cut off: it goes, rather than being completed into an entry that
                // Up or Ctrl+R could run.
                if (torn > 0) channel.truncate(end)
                // What others appended since we last looked, before our line goes after it.
                if (share) collectShared(file, end)
                try {
                    HistoryRewrite.writeFully(channel, ByteBuffer.wrap(line), end)
                } catch (e: Throwable) {
                    truncateBack(channel, file, end, e)
                    throw e
                }
                knownBytes = end + line.size
                if (share) seenUpTo = knownBytes
            }
        }
        knownEntries++
        return true
    }

    /**
     * Puts [file] back to [size] bytes after a failed write. If the channel was closed by an
     * interrupt, through a new one, with the interrupt held back meanwhile (a channel opened by an
     * interrupted thread closes at once). If even that fails, the torn line stays: the next
     * [load] leaves it out and the next [append] cuts it off.
     */
    private fun truncateBack(channel: FileChannel, file: Path, size: Long, failure: Throwable) {
        try {
            if (channel.isOpen) {
                channel.truncate(size)
            } else {
                val interrupted = Thread.interrupted()
                try {
                    channels(FileChannel.open(file, WRITE, NOFOLLOW_LINKS)).use { it.truncate(size) }
                } finally {
                    if (interrupted) Thread.currentThread().interrupt()
                }
            }
        } catch (e: IOException) {
            failure.addSuppressed(e)
        }
    }

    /**
     * Rewrites the file with the lines [load] would keep, if it holds more than
     * `maxEntries + slack` entries or `maxBytes + byteSlack` bytes; returns whether it did. See the
     * class KDoc for the guarantees.
     *
     * @throws Refused if the policy refuses the file or a directory on the way.
     * @throws IOException if it cannot be read, written or renamed, or the lock not taken in time.
     */
    fun trim(): Boolean {
        val location = locator.locate(path, create = false)
        if (location == null || !location.exists) {
            knownEntries = 0
            knownBytes = 0
            return false
        }
        val file = location.path
        return HistoryFileLock.withLock(lockFileFor(file), lockTimeoutMillis) {
            rewrite.deleteStrayTemporaries(file)
            val tail = readTail(file)
            knownEntries = tail.entries
            knownBytes = tail.contentBytes
            if (!tail.trimDue(maxEntries, slack, maxBytes, byteSlack)) return@withLock false
            if (share) collectShared(file, tail.contentBytes)
            rewrite.replace(file, tail.lines)
            knownEntries = tail.lines.size
            knownBytes = tail.lines.sumOf { it.size + 1L }
            seen(file, knownBytes)
            true
        }
    }

    /** The policy refused [path]: [reason] says why, completing "PATH ...". */
    class Refused(val path: Path, reason: String) : IOException("$path $reason") {
        val reason: String = "$path $reason"
    }

    private fun unusable(why: String): List<String> {
        health = Health.Unusable
        warn("coterm: the history file $path $why; the history is kept in memory only for this session")
        return emptyList()
    }

    private fun makePrivateIfNeeded(location: HistoryLocator.Location) {
        if (!location.makePrivate) return
        val file = location.path
        val before = PosixFilePermissions.toString(Files.getPosixFilePermissions(file, NOFOLLOW_LINKS))
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"))
        if (!madePrivate) {
            madePrivate = true
            warn("coterm: the history file $file was open to others ($before); it is now private (rw-------)")
        }
    }

    internal companion object {
        /**
         * The longest line stored, in bytes of the file (UTF-8, escaped, without its LF): an entry
         * over it (a big paste) is kept in memory for the session but not written, and such a line
         * found in a file (from an older coterm or another program) is skipped when reading and
         * dropped when trimming.
         */
        const val MAX_LINE_BYTES: Int = 64 * 1024

        /** The default for [maxBytes]: how much of the file is read, and kept by a trim. */
        const val DEFAULT_MAX_BYTES: Long = 1L shl 20

        const val DEFAULT_LOCK_TIMEOUT_MILLIS: Long = 5_000
        private const val LOAD_LOCK_TIMEOUT_MILLIS: Long = 1_000

        /** A quarter more than the bound, as JLine does: trimming is then rare, and the file stays small. */
        fun defaultSlack(maxEntries: Int): Int = (maxEntries / 4).coerceAtLeast(16)

        fun lockFileFor(target: Path): Path = target.resolveSibling(target.fileName.toString() + ".lock")

        /** [lines] (UTF-8, escaped) as entries; a line that is not UTF-8 is read with U+FFFD and reported to [malformed]. */
        private fun decode(lines: List<ByteArray>, malformed: () -> Unit): List<String> {
            val decoder = strictDecoder()
            return lines.map { line ->
                val text = try {
                    decoder.decode(ByteBuffer.wrap(line)).toString()
                } catch (_: CharacterCodingException) {
                    malformed()
                    String(line, UTF_8)
                }
                HistoryFormat.decode(text)
            }
        }

        /** What tells one file from another at the same path: its inode (POSIX), else its creation time. */
        private fun keyOf(file: Path): Any {
            val attributes = Files.readAttributes(file, BasicFileAttributes::class.java, NOFOLLOW_LINKS)
            return attributes.fileKey() ?: attributes.creationTime()
        }

        private fun strictDecoder(): CharsetDecoder = UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)

        fun describe(e: IOException): String = when (e) {
            is Refused -> e.reason
            is AccessDeniedException -> "permission denied"
            is NoSuchFileException -> "no such file or directory: ${e.file}"
            else -> e.message ?: e.javaClass.simpleName
        }
    }
}
