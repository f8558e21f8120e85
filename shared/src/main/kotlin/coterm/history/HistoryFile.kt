package coterm.history

import java.io.IOException
import java.io.InputStreamReader
import java.io.InterruptedIOException
import java.io.Reader
import java.nio.ByteBuffer
import java.nio.channels.Channels
import java.nio.channels.FileChannel
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.AccessDeniedException
import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.StandardCopyOption.ATOMIC_MOVE
import java.nio.file.StandardCopyOption.REPLACE_EXISTING
import java.nio.file.StandardOpenOption.CREATE
import java.nio.file.StandardOpenOption.READ
import java.nio.file.StandardOpenOption.WRITE
import java.nio.file.attribute.FileAttribute
import java.nio.file.attribute.PosixFilePermissions

/**
 * One history file on disk, shared safely with other processes: the I/O edge of the history.
 * Blocking calls, meant for one owner at a time ([HistoryStore]); several instances on one file,
 * in this JVM or in others, exclude each other through [HistoryFileLock].
 *
 * - [load] reads the newest [maxEntries] entries. A missing file is an empty history. A file that
 *   cannot be used gives exactly one warning through [warn] and never an exception; [health] then
 *   says what the owner may still do with it.
 * - [append] adds one entry at the end, under the lock, creating the directories (0700) and the
 *   file (0600) if needed. If a crash left the last line without its LF, one is added first, so a
 *   torn line never swallows the next entry.
 * - [trim] rewrites the file with its newest [maxEntries] entries once it holds more than
 *   `maxEntries + slack`: under the lock it re-reads the file (so lines appended by other processes
 *   since our [load] are kept), writes a temporary file beside it (0600), forces it to disk and
 *   renames it over the old one with an atomic move. A process killed at any moment leaves either
 *   the old file or the new one, never a truncated one; a stray temporary file is deleted by the
 *   next trim. Only files whose every byte was understood are rewritten.
 *
 * Why a separate lock file (`<name>.lock`, kept forever): [trim] replaces the history file by
 * another inode. A lock held on the old inode would not stop a process that opens the path after
 * the move, and one waiting on the old inode would append to a file nobody reads any more. The
 * lock file is never replaced, so its lock covers every version of the history file; on Windows,
 * where locks are mandatory, it also keeps the lock off the file being renamed.
 *
 * A symbolic link at [path] is followed: the file it points to is rewritten and locked, not the link.
 */
internal class HistoryFile(
    val path: Path,
    val maxEntries: Int,
    private val warn: (String) -> Unit,
    val slack: Int = defaultSlack(maxEntries),
    private val lockTimeoutMillis: Long = DEFAULT_LOCK_TIMEOUT_MILLIS,
) {
    init {
        require(maxEntries > 0) { "maxEntries must be positive: $maxEntries" }
        require(slack >= 0) { "slack must not be negative: $slack" }
    }

    /** What [load] found, and so what may be done with the file afterwards. */
    enum class Health {
        /** Read completely (or missing): append and trim as usual. */
        Healthy,

        /** Read with losses (bytes that are not UTF-8, over-long lines): append, but never rewrite it. */
        Damaged,

        /** Not readable at all (a directory, permission denied, I/O error): leave it alone. */
        Unusable,
    }

    /** The outcome of the last [load]; [Health.Healthy] before any. */
    var health: Health = Health.Healthy
        private set

    /**
     * How many entries the file is believed to hold: counted by [load] and [trim], plus our own
     * appends. Other processes' appends are only seen by the next [trim], which counts afresh.
     */
    var knownEntries: Int = 0
        private set

    /** Whether [knownEntries] has passed the point where [trim] would rewrite the file. */
    val trimDue: Boolean get() = knownEntries > maxEntries + slack

    /** Reads the newest [maxEntries] entries, oldest first; warns once and never throws (see the class KDoc). */
    fun load(): List<String> {
        health = Health.Healthy
        knownEntries = 0
        return try {
            val target = target()
            when {
                !Files.exists(target) -> emptyList()
                !Files.isRegularFile(target) -> unusable("is not a regular file")
                else -> loadFrom(target)
            }
        } catch (e: InterruptedIOException) {
            Thread.currentThread().interrupt()
            unusable("was not read: interrupted")
        } catch (e: IOException) {
            unusable("cannot be read (${describe(e)})")
        } catch (e: SecurityException) {
            unusable("cannot be read (${e.message})")
        }
    }

    private fun loadFrom(target: Path): List<String> {
        val strict = try {
            // A short wait: start-up should not stall behind a stopped process holding the lock.
            HistoryFileLock.withLock(lockFileFor(target), lockTimeoutMillis.coerceAtMost(LOAD_LOCK_TIMEOUT_MILLIS)) {
                scan(target, strict = true)
            }
        } catch (e: HistoryFileLock.Unavailable) {
            // No lock (a read-only directory cannot hold a lock file, or it is held too long): read
            // anyway. A trim's rename is atomic, so an unlocked read still sees one whole version;
            // at worst it misses the half-written last line of an append in progress.
            scan(target, strict = true)
        }
        if (!strict.damaged) {
            knownEntries = strict.total
            return strict.entries()
        }
        val lenient = scan(target, strict = false)
        knownEntries = lenient.total
        health = Health.Damaged
        val what = buildList {
            if (strict.malformed) add("bytes that are not UTF-8 (read as U+FFFD)")
            if (lenient.overLong > 0) add("${lenient.overLong} line(s) over $MAX_LINE_CHARS characters (skipped)")
        }.joinToString(" and ")
        warn("coterm: the history file $path has $what; new lines are still added, but it will not be trimmed until it is repaired or removed")
        return lenient.entries()
    }

    /**
     * Appends [entry] as the newest line. Returns false, writing nothing, for an entry whose line
     * would exceed [MAX_LINE_CHARS] (it stays in the in-memory history only).
     *
     * @throws IOException if the file cannot be written or the lock not taken in time.
     */
    fun append(entry: String): Boolean {
        val line = HistoryFormat.encode(entry)
        if (line.length > MAX_LINE_CHARS) return false
        val bytes = (line + "\n").toByteArray(UTF_8)
        val target = target()
        // The lock creates the directory the lock file and the history share.
        HistoryFileLock.withLock(lockFileFor(target), lockTimeoutMillis) {
            FileChannel.open(target, setOf(READ, WRITE, CREATE), *privateFile()).use { channel ->
                // Positioned writes rather than APPEND (which cannot be combined with READ): under
                // the lock no other cooperating writer moves the end.
                var position = channel.size()
                if (position > 0 && lastByte(channel, position) != '\n'.code.toByte()) {
                    position += writeFully(channel, ByteBuffer.wrap(byteArrayOf('\n'.code.toByte())), position)
                }
                writeFully(channel, ByteBuffer.wrap(bytes), position)
            }
        }
        knownEntries++
        return true
    }

    /**
     * Rewrites the file with its newest [maxEntries] entries if it holds more than
     * `maxEntries + slack`; returns whether it did. See the class KDoc for the guarantees.
     *
     * @throws DamagedException if the file holds content that would not survive a rewrite.
     * @throws IOException if it cannot be read, written or renamed, or the lock not taken in time.
     */
    fun trim(): Boolean {
        val target = target()
        if (!Files.exists(target)) {
            knownEntries = 0
            return false
        }
        return HistoryFileLock.withLock(lockFileFor(target), lockTimeoutMillis) {
            deleteStrayTemporaries(target)
            val scan = scan(target, strict = true)
            if (scan.damaged) throw DamagedException("the history file $path holds bytes that are not UTF-8 or over-long lines")
            knownEntries = scan.total
            if (scan.total <= maxEntries + slack) return@withLock false
            replace(target, scan.lines)
            knownEntries = scan.lines.size
            true
        }
    }

    /** [trim] refused to rewrite a file it could not read completely. */
    class DamagedException(message: String) : IOException(message)

    private fun unusable(why: String): List<String> {
        health = Health.Unusable
        warn("coterm: the history file $path $why; the history is kept in memory only for this session")
        return emptyList()
    }

    /** The file the data lives in: [path], or where it points if it is a symbolic link. */
    private fun target(): Path =
        if (Files.isSymbolicLink(path) && Files.exists(path)) path.toRealPath() else path

    private fun replace(target: Path, lines: List<String>) {
        val directory = target.toAbsolutePath().parent
        val temporary = Files.createTempFile(directory, target.fileName.toString() + TEMP_INFIX, TEMP_SUFFIX, *privateFile())
        try {
            FileChannel.open(temporary, WRITE).use { channel ->
                val writer = Channels.newOutputStream(channel).bufferedWriter(UTF_8)
                for (line in lines) {
                    writer.write(line)
                    writer.write("\n")
                }
                writer.flush()
                // On disk before the rename: otherwise a power cut could leave the new name on
                // an empty file.
                channel.force(true)
            }
            Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING)
        } catch (e: Throwable) {
            Files.deleteIfExists(temporary)
            throw e
        }
        forceDirectory(directory)
    }

    /** Temporaries left by a trim that was killed; safe to delete, as temporaries only exist under the lock. */
    private fun deleteStrayTemporaries(target: Path) {
        val directory = target.toAbsolutePath().parent ?: return
        val prefix = target.fileName.toString() + TEMP_INFIX
        try {
            Files.newDirectoryStream(directory) { it.fileName.toString().let { n -> n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX) } }
                .use { stray -> stray.forEach { Files.deleteIfExists(it) } }
        } catch (_: IOException) {
            // Only tidying: the trim itself does not depend on it.
        }
    }

    /** The newest entries of a file, as the raw (still escaped) lines, and what was wrong with it. */
    private class Scan(val lines: List<String>, val total: Int, val malformed: Boolean, val overLong: Int) {
        val damaged: Boolean get() = malformed || overLong > 0

        fun entries(): List<String> = lines.map(HistoryFormat::decode)
    }

    /**
     * Reads the file line by line, keeping only the newest [maxEntries] lines, so a huge file
     * costs time, not memory. Strict: bytes that are not UTF-8 stop the scan and mark it malformed.
     * Lenient: they become U+FFFD. Lines over [MAX_LINE_CHARS] are skipped either way.
     */
    private fun scan(target: Path, strict: Boolean): Scan {
        val decoder = UTF_8.newDecoder().apply {
            val action = if (strict) CodingErrorAction.REPORT else CodingErrorAction.REPLACE
            onMalformedInput(action)
            onUnmappableCharacter(action)
        }
        val kept = ArrayDeque<String>()
        var total = 0
        var overLong = 0
        try {
            InputStreamReader(Files.newInputStream(target), decoder).use { reader ->
                LineScanner(reader).forEachLine { line, tooLong ->
                    if (tooLong) {
                        overLong++
                    } else if (line.isNotEmpty()) {
                        total++
                        kept.addLast(line)
                        if (kept.size > maxEntries) kept.removeFirst()
                    }
                }
            }
        } catch (e: CharacterCodingException) {
            return Scan(emptyList(), 0, malformed = true, overLong = overLong)
        }
        return Scan(kept, total, malformed = false, overLong = overLong)
    }

    internal companion object {
        /** The longest file line kept; longer ones (a 10 MB paste) stay in memory only. */
        const val MAX_LINE_CHARS: Int = 1 shl 20
        const val DEFAULT_LOCK_TIMEOUT_MILLIS: Long = 5_000
        private const val LOAD_LOCK_TIMEOUT_MILLIS: Long = 1_000
        private const val TEMP_INFIX = ".trim-"
        private const val TEMP_SUFFIX = ".tmp"

        /** A quarter more than the bound, as JLine does: trimming is then rare, and the file stays small. */
        fun defaultSlack(maxEntries: Int): Int = (maxEntries / 4).coerceAtLeast(16)

        fun lockFileFor(target: Path): Path = target.resolveSibling(target.fileName.toString() + ".lock")

        private val posix: Boolean = "posix" in FileSystems.getDefault().supportedFileAttributeViews()

        fun privateFile(): Array<FileAttribute<*>> =
            if (posix) arrayOf(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))) else emptyArray()

        private fun privateDirectory(): Array<FileAttribute<*>> =
            if (posix) arrayOf(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))) else emptyArray()

        fun createDirectories(directory: Path?) {
            if (directory != null && !Files.isDirectory(directory)) Files.createDirectories(directory, *privateDirectory())
        }

        private fun lastByte(channel: FileChannel, size: Long): Byte {
            val one = ByteBuffer.allocate(1)
            channel.read(one, size - 1)
            return one.get(0)
        }

        private fun writeFully(channel: FileChannel, buffer: ByteBuffer, start: Long): Int {
            var position = start
            while (buffer.hasRemaining()) position += channel.write(buffer, position)
            return (position - start).toInt()
        }

        /** Makes the rename itself durable; POSIX only (Windows cannot open a directory this way). */
        private fun forceDirectory(directory: Path) {
            if (!posix) return
            try {
                FileChannel.open(directory, READ).use { it.force(true) }
            } catch (_: IOException) {
                // Some file systems refuse it; the rename is still atomic, just not yet durable.
            }
        }

        fun describe(e: IOException): String = when (e) {
            is AccessDeniedException -> "permission denied"
            is NoSuchFileException -> "no such file or directory: ${e.file}"
            else -> e.message ?: e.javaClass.simpleName
        }
    }
}

/**
 * Splits a [Reader] into lines on LF, dropping one CR before it; a line longer than
 * [HistoryFile.MAX_LINE_CHARS] is reported as too long (without its text) instead of being
 * held in memory. The last line needs no LF.
 */
private class LineScanner(private val reader: Reader) {
    fun forEachLine(action: (line: String, tooLong: Boolean) -> Unit) {
        val buffer = CharArray(8192)
        val line = StringBuilder()
        var tooLong = false
        fun finish() {
            if (!tooLong && line.endsWith('\r')) line.setLength(line.length - 1)
            if (line.length > HistoryFile.MAX_LINE_CHARS) tooLong = true
            action(if (tooLong) "" else line.toString(), tooLong)
            line.setLength(0)
            tooLong = false
        }
        while (true) {
            val n = reader.read(buffer)
            if (n < 0) break
            var start = 0
            for (i in 0 until n) {
                if (buffer[i] != '\n') continue
                appendBounded(line, buffer, start, i, tooLong).also { tooLong = it }
                finish()
                start = i + 1
            }
            tooLong = appendBounded(line, buffer, start, n, tooLong)
        }
        if (line.isNotEmpty() || tooLong) finish()
    }

    /** Appends `buffer[from, to)` unless the line is already too long; returns whether it is now. */
    private fun appendBounded(line: StringBuilder, buffer: CharArray, from: Int, to: Int, tooLong: Boolean): Boolean {
        if (tooLong) return true
        // One more than the limit, so a CR that a CRLF ending adds does not count against it.
        if (line.length + (to - from) > HistoryFile.MAX_LINE_CHARS + 1) {
            line.setLength(0)
            return true
        }
        line.appendRange(buffer, from, to)
        return false
    }
}
