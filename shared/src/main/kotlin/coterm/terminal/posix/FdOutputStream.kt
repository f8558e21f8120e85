// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import com.sun.jna.Memory
import java.io.IOException
import java.io.OutputStream
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Blocking writes to [fd] through `write(2)`: loops on partial writes and EINTR, and waits in
 * `poll` when the descriptor turns out to be non-blocking (EAGAIN), so nothing is lost or
 * written twice whoever set O_NONBLOCK (see [PosixTerminal] for why not `FileOutputStream`).
 * Not thread-safe: [PosixTerminal] uses it under its `BufferedOutputStream`'s lock only.
 */
internal class FdOutputStream(private val fd: Int, private val layout: TermiosLayout) : OutputStream() {
    /** Native memory the bytes are copied into once per chunk; allocated on first use. */
    private var native: Memory? = null

    override fun write(b: Int) = write(byteArrayOf(b.toByte()), 0, 1)

    override fun write(b: ByteArray, off: Int, len: Int) {
        java.util.Objects.checkFromIndexSize(off, len, b.size)
        var position = off
        val end = off + len
        while (position < end) {
            val count = minOf(end - position, WRITE_CHUNK)
            val buffer = native ?: Memory(WRITE_CHUNK.toLong()).also { native = it }
            buffer.write(0, b, position, count)
            var done = 0
            while (done < count) {
                // The whole chunk at once, as nearly always: the buffer itself, no shared view of it made.
                val n = LibC.write(fd, if (done == 0) buffer else buffer.share(done.toLong()), count - done)
                if (n > 0) {
                    done += n.toInt()
                    continue
                }
                val errno = LibC.errno()
                when {
                    n < 0 && errno == layout.eintr -> continue
                    n < 0 && errno == layout.eagain -> awaitWritable()
                    else -> throw IOException("${LibC.describe(errno)} (errno $errno)")
                }
            }
            position += count
        }
    }

    /** Someone else made the descriptor non-blocking: wait in poll instead of spinning. */
    private fun awaitWritable() {
        val pollfd = ByteArray(8)
        ByteBuffer.wrap(pollfd).order(ByteOrder.nativeOrder()).putInt(0, fd).putShort(4, layout.pollout.toShort())
        while (LibC.poll(pollfd, 1, -1) < 0) {
            val errno = LibC.errno()
            if (errno != layout.eintr) throw IOException("poll on fd $fd failed: ${LibC.describe(errno)} (errno $errno)")
        }
    }

    private companion object {
        /** Bytes copied to native memory per `write` loop; a 10 MB redraw goes out in 160 of them. */
        const val WRITE_CHUNK = 64 * 1024
    }
}
