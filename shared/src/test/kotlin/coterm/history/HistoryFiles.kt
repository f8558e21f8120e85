// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.nio.file.attribute.PosixFilePermissions
import java.nio.ByteBuffer

/** Helpers for the history file tests: temporary directories, strict reads, permissions. */
internal object HistoryFiles {
    val posix: Boolean = "posix" in FileSystems.getDefault().supportedFileAttributeViews()

    /** Runs [block] with a fresh directory, deleted afterwards even if the test made parts of it unreadable. */
    inline fun <T> withTempDir(block: (Path) -> T): T {
        val dir = Files.createTempDirectory("coterm-history-test")
        try {
            return block(dir)
        } finally {
            deleteRecursively(dir)
        }
    }

    fun deleteRecursively(path: Path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return
        if (posix && !Files.isSymbolicLink(path)) runCatching { Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------")) }
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.list(path).use { children -> children.toList() }.forEach(::deleteRecursively)
        }
        Files.deleteIfExists(path)
    }

    /** The file's lines, decoded strictly: throws if any byte is not UTF-8 or the last line lacks its LF. */
    fun strictLines(file: Path): List<String> {
        val bytes = Files.readAllBytes(file)
        if (bytes.isEmpty()) return emptyList()
        check(bytes.last() == '\n'.code.toByte()) { "$file does not end with LF: it was truncated" }
        val text = UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString()
        return text.dropLast(1).split('\n')
    }

    /** The entries the file holds, decoded strictly. */
    fun strictEntries(file: Path): List<String> = strictLines(file).map(HistoryFormat::decode)

    /** Writes [entries] as the history file [file], private (0600, its directories 0700) as coterm makes it. */
    fun writeEntries(file: Path, entries: List<String>) {
        writePrivate(file, entries.joinToString("") { HistoryFormat.encode(it) + "\n" }.toByteArray(UTF_8))
    }

    /** Writes [bytes] as [file], private (0600, its directories 0700) as coterm makes a history file. */
    fun writePrivate(file: Path, bytes: ByteArray) {
        privateDirectories(file.toAbsolutePath().parent)
        Files.write(file, bytes)
        if (posix) setPermissions(file, "rw-------")
    }

    /** Creates [directory] and its missing parents with mode 0700, whatever the umask. */
    fun privateDirectories(directory: Path) {
        if (Files.isDirectory(directory)) return
        privateDirectories(directory.parent)
        Files.createDirectory(directory)
        if (posix) Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"))
    }

    fun setPermissions(path: Path, permissions: String) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions))
    }

    fun permissions(path: Path): String = PosixFilePermissions.toString(Files.getPosixFilePermissions(path))

    /** Whether this process ignores file permissions (root): then "permission denied" cannot be tested. */
    fun permissionsAreBypassed(): Boolean {
        if (!posix) return true
        val probe = Files.createTempFile("coterm-perm-probe", "")
        return try {
            Files.setPosixFilePermissions(probe, emptySet<PosixFilePermission>())
            Files.isReadable(probe)
        } finally {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-------"))
            Files.delete(probe)
        }
    }
}

/**
 * The lock of the history file [history] held by another holder (a thread of this JVM, through the
 * lock every store uses, as another program would hold it) until closed: file work must wait for it.
 */
internal class HeldHistoryLock(history: Path) : AutoCloseable {
    private val taken = java.util.concurrent.CountDownLatch(1)
    private val release = java.util.concurrent.CountDownLatch(1)
    private val holder = Thread {
        HistoryFiles.privateDirectories(history.toAbsolutePath().parent)
        HistoryFileLock.withLock(HistoryFile.lockFileFor(history), 10_000) {
            taken.countDown()
            release.await()
        }
    }.apply { start() }

    init {
        check(taken.await(10, java.util.concurrent.TimeUnit.SECONDS)) { "the lock was not taken" }
    }

    override fun close() {
        release.countDown()
        holder.join()
    }
}
