// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.LinkOption.NOFOLLOW_LINKS
import java.nio.file.Path
import java.nio.file.StandardCopyOption.ATOMIC_MOVE
import java.nio.file.StandardCopyOption.REPLACE_EXISTING
import java.nio.file.StandardOpenOption.READ
import java.nio.file.StandardOpenOption.WRITE

/**
 * How a trim rewrites the history file ([HistoryFile.trim]): the lines kept go into a private
 * temporary beside it, which is on disk before an atomic rename puts it in the file's place, so a
 * crash at any moment leaves the old file or the new one, never a mix. Temporaries exist only
 * under the history lock: one found there was left by a trim that was killed.
 *
 * @param channels wraps every channel opened (tests inject failures).
 */
internal class HistoryRewrite(private val channels: (FileChannel) -> FileChannel) {
    /** Replaces [target] with [lines] (each without its LF), atomically; see the class KDoc. */
    fun replace(target: Path, lines: List<ByteArray>) {
        val directory = target.parent
        val temporary = Files.createTempFile(directory, target.fileName.toString() + TEMP_INFIX, TEMP_SUFFIX, *PrivateFiles.file())
        try {
            channels(FileChannel.open(temporary, WRITE, NOFOLLOW_LINKS)).use { channel ->
                val buffer = ByteBuffer.allocate(WRITE_BUFFER)
                var position = 0L
                for (line in lines) {
                    if (buffer.remaining() < line.size + 1) {
                        buffer.flip()
                        position += writeFully(channel, buffer, position)
                        buffer.clear()
                    }
                    if (line.size + 1 > buffer.capacity()) {
                        position += writeFully(channel, ByteBuffer.wrap(line), position)
                    } else {
                        buffer.put(line)
                    }
                    buffer.put('\n'.code.toByte())
                }
                buffer.flip()
                writeFully(channel, buffer, position)
                // On disk before the rename: otherwise a power cut could leave the new name on
                // an empty file.
                channel.force(true)
            }
            // The rename replaces the name, never what a link there points to.
            Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING)
        } catch (e: Throwable) {
            Files.deleteIfExists(temporary)
            throw e
        }
        forceDirectory(directory)
    }

    /** Temporaries left by a trim that was killed; safe to delete, as temporaries only exist under the lock. */
    fun deleteStrayTemporaries(target: Path) {
        val directory = target.parent ?: return
        val prefix = target.fileName.toString() + TEMP_INFIX
        try {
            Files.newDirectoryStream(directory) { it.fileName.toString().let { n -> n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX) } }
                .use { stray -> stray.forEach { Files.deleteIfExists(it) } }
        } catch (_: IOException) {
            // Only tidying: the trim itself does not depend on it.
        }
    }

    companion object {
        private const val TEMP_INFIX = ".trim-"
        private const val TEMP_SUFFIX = ".tmp"
        private const val WRITE_BUFFER = 64 * 1024

        /** Writes all of [buffer] at [start] (positioned writes may be partial); returns how many bytes. */
        fun writeFully(channel: FileChannel, buffer: ByteBuffer, start: Long): Int {
            var position = start
            while (buffer.hasRemaining()) position += channel.write(buffer, position)
            return (position - start).toInt()
        }

        /** Makes the rename itself durable; POSIX only (Windows cannot open a directory this way). */
        private fun forceDirectory(directory: Path) {
            if (!PrivateFiles.posix) return
            try {
                FileChannel.open(directory, READ).use { it.force(true) }
            } catch (_: IOException) {
                // Some file systems refuse it; the rename is still atomic, just not yet durable.
            }
        }
    }
}
