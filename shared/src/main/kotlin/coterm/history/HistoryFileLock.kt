// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.io.IOException
import java.io.InterruptedIOException
import java.nio.channels.ClosedByInterruptException
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.channels.OverlappingFileLockException
import java.nio.file.LinkOption.NOFOLLOW_LINKS
import java.nio.file.Path
import java.nio.file.StandardOpenOption.CREATE
import java.nio.file.StandardOpenOption.WRITE
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock

/**
 * The exclusive lock that serialises every change to a history file, between threads of this JVM
 * and between processes.
 *
 * Two layers, because a [FileLock] is held by the whole JVM: a second channel in the same JVM
 * would get an [OverlappingFileLockException] instead of waiting, and on POSIX closing any
 * descriptor of a file drops the process's record locks on it. So threads first take an
 * in-process lock per lock file, then one of them takes the [FileLock] (`fcntl` on POSIX,
 * `LockFileEx` on Windows) on the lock file. The in-process lock is fair, so under contention
 * every thread gets its turn well within the timeout.
 *
 * The in-process lock is keyed by the lock file itself, not by how its path is spelled: by the
 * device and inode of its directory, and its name ([HistoryLocator.directoryKey]). Keyed by the
 * path, two spellings of one file (through a directory symbolic link, or a bind mount) took two
 * in-process locks; the second opened its own descriptor while the first held the `fcntl` lock,
 * and closing it dropped the first one's lock, so other processes could get in. A directory has
 * one inode whatever names it, and cannot be hard-linked, so the key holds for every spelling.
 *
 * Waiting is bounded: [withLock] polls `tryLock` with a short back-off and gives up after the
 * timeout with [Unavailable], so a process stopped while holding the lock (Ctrl+Z at the wrong
 * instant) costs the others a warning, never a hang. The lock is held for one append or one trim,
 * milliseconds, so the polling only runs when two programs write at the same instant.
 */
internal object HistoryFileLock {
    /** The lock could not be taken: the lock file cannot be created or locked, or the wait timed out. */
    class Unavailable(message: String, cause: Throwable? = null) : IOException(message, cause)

    private val inProcess = ConcurrentHashMap<Key, ReentrantLock>()

    /** One lock file, whatever path names it: its directory's identity and its name. */
    private data class Key(val directory: Any, val name: String)
    private const val MAX_PAUSE_MILLIS = 20L

    /**
     * Runs [block] holding the exclusive lock on [lockFile] (created, 0600, if missing; never
     * through a symbolic link), waiting at most [timeoutMillis] for it. Its directory must exist
     * (the caller has made and checked it: [HistoryLocator]).
     *
     * @throws Unavailable if the lock cannot be had; exceptions from [block] pass through as they are.
     * @throws InterruptedIOException if the thread is interrupted while waiting.
     */
    fun <T> withLock(lockFile: Path, timeoutMillis: Long, block: () -> T): T {
        val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
        val absolute = lockFile.toAbsolutePath()
        val key = try {
            Key(HistoryLocator.directoryKey(absolute.parent), absolute.fileName.toString())
        } catch (e: IOException) {
            throw Unavailable("cannot open the lock file $lockFile (${HistoryFile.describe(e)})", e)
        }
        val local = inProcess.computeIfAbsent(key) { ReentrantLock(true) }
        val gotLocal = try {
            local.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw InterruptedIOException("interrupted while waiting for $lockFile")
        }
        if (!gotLocal) throw Unavailable("timed out after $timeoutMillis ms waiting for another thread holding $lockFile")
        try {
            val channel = try {
                FileChannel.open(lockFile, setOf(CREATE, WRITE, NOFOLLOW_LINKS), *PrivateFiles.file())
            } catch (e: ClosedByInterruptException) {
                throw interrupted(lockFile)
            } catch (e: IOException) {
                throw Unavailable("cannot open the lock file $lockFile (${HistoryFile.describe(e)})", e)
            }
            // Closing the channel releases the file lock too, whatever happens in block.
            return channel.use {
                acquire(channel, lockFile, timeoutMillis, deadline)
                block()
            }
        } finally {
            local.unlock()
        }
    }

    private fun acquire(channel: FileChannel, lockFile: Path, timeoutMillis: Long, deadline: Long): FileLock {
        var pause = 1L
        while (true) {
            val lock = try {
                channel.tryLock()
            } catch (e: OverlappingFileLockException) {
                // Held in this JVM by code that does not go through this object (history locks all
                // do, keyed by the file itself): wait for it like for another process.
                null
            } catch (e: ClosedByInterruptException) {
                throw interrupted(lockFile)
            } catch (e: IOException) {
                throw Unavailable("cannot lock $lockFile (${HistoryFile.describe(e)})", e)
            }
            if (lock != null) return lock
            if (System.nanoTime() - deadline > 0) {
                throw Unavailable("timed out after $timeoutMillis ms waiting for another process holding $lockFile")
            }
            try {
                Thread.sleep(pause)
            } catch (e: InterruptedException) {
                Thread.currentThread().interrupt()
                throw interrupted(lockFile)
            }
            pause = (pause * 2).coerceAtMost(MAX_PAUSE_MILLIS)
        }
    }

    private fun interrupted(lockFile: Path): InterruptedIOException {
        Thread.currentThread().interrupt()
        return InterruptedIOException("interrupted while waiting for $lockFile")
    }
}
