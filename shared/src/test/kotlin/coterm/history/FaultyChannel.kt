// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.io.IOException
import java.nio.ByteBuffer
import java.nio.MappedByteBuffer
import java.nio.channels.ClosedByInterruptException
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.channels.ReadableByteChannel
import java.nio.channels.WritableByteChannel

/**
 * A [FileChannel] over [delegate] whose writes fail once [budget] bytes have been written in all,
 * as a disk that fills up does: the write that crosses the budget writes what fits (a short
 * write, as `write(2)` does), and the next one throws [failure] (`No space left on device`).
 * With [interrupt], the failing write instead closes the channel and interrupts the thread, as
 * an interrupt during a write does ([ClosedByInterruptException]). [truncateFails] makes every
 * `truncate` fail too (EIO), so nothing can clean up.
 */
internal class FaultyChannel(
    private val delegate: FileChannel,
    private var budget: Long,
    private val failure: () -> IOException = { IOException("No space left on device") },
    private val interrupt: Boolean = false,
    private val truncateFails: Boolean = false,
) : FileChannel() {
    var failures = 0
        private set

    private fun <T> guarded(src: ByteBuffer, write: (ByteBuffer) -> T): T {
        if (budget <= 0) {
            failures++
            if (interrupt) {
                close()
                Thread.currentThread().interrupt()
                throw ClosedByInterruptException()
            }
            throw failure()
        }
        if (src.remaining() <= budget) {
            val before = src.remaining()
            return write(src).also { budget -= before - src.remaining() }
        }
        // A short write: only what fits.
        val limit = src.limit()
        src.limit(src.position() + budget.toInt())
        try {
            val before = src.remaining()
            return write(src).also { budget -= before - src.remaining() }
        } finally {
            src.limit(limit)
        }
    }

    override fun write(src: ByteBuffer): Int = guarded(src) { delegate.write(it) }
    override fun write(src: ByteBuffer, position: Long): Int = guarded(src) { delegate.write(it, position) }
    override fun write(srcs: Array<out ByteBuffer>, offset: Int, length: Int): Long {
        var total = 0L
        for (i in offset until offset + length) total += write(srcs[i])
        return total
    }

    override fun truncate(size: Long): FileChannel {
        if (truncateFails) throw IOException("Input/output error")
        delegate.truncate(size)
        return this
    }

    override fun read(dst: ByteBuffer): Int = delegate.read(dst)
    override fun read(dsts: Array<out ByteBuffer>, offset: Int, length: Int): Long = delegate.read(dsts, offset, length)
    override fun read(dst: ByteBuffer, position: Long): Int = delegate.read(dst, position)
    override fun position(): Long = delegate.position()
    override fun position(newPosition: Long): FileChannel = apply { delegate.position(newPosition) }
    override fun size(): Long = delegate.size()
    override fun force(metaData: Boolean) = delegate.force(metaData)
    override fun transferTo(position: Long, count: Long, target: WritableByteChannel): Long = throw UnsupportedOperationException()
    override fun transferFrom(src: ReadableByteChannel, position: Long, count: Long): Long = throw UnsupportedOperationException()
    override fun map(mode: MapMode, position: Long, size: Long): MappedByteBuffer = throw UnsupportedOperationException()
    override fun lock(position: Long, size: Long, shared: Boolean): FileLock = throw UnsupportedOperationException()
    override fun tryLock(position: Long, size: Long, shared: Boolean): FileLock = throw UnsupportedOperationException()
    override fun implCloseChannel() = delegate.close()
}
