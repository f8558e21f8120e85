// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.terminal.TerminalException

/**
 * Output to the console through `WriteConsoleW`: bytes (UTF-8, as the console writes them) are
 * buffered and, at [flush] or when the buffer fills, decoded to UTF-16 and written whole. A
 * UTF-8 sequence cut by the end of a write is kept for the next one, so no character is split;
 * bad bytes become U+FFFD. The console's code pages are never changed, so `System.out` of the
 * same program keeps working as before. Thread-safe.
 */
internal class ConsoleOutput(private val api: ConsoleApi) {
    private val lock = Any()
    private var buffer = ByteArray(INITIAL)
    private var size = 0

    fun write(bytes: ByteArray, offset: Int, length: Int) = synchronized(lock) {
        if (size + length > buffer.size) buffer = buffer.copyOf(maxOf(buffer.size * 2, size + length))
        System.arraycopy(bytes, offset, buffer, size, length)
        size += length
        if (size >= FLUSH_AT) flushLocked()
    }

    fun flush() = synchronized(lock) { flushLocked() }

    private fun flushLocked() {
        val complete = completeLength(buffer, size)
        if (complete == 0) return
        val text = String(buffer, 0, complete, Charsets.UTF_8)
        System.arraycopy(buffer, complete, buffer, 0, size - complete)
        size -= complete
        if (!api.write(text)) throw TerminalException("WriteConsoleW failed: Windows error ${api.lastError()}")
    }

    internal companion object {
        private const val INITIAL = 8192
        private const val FLUSH_AT = 8192

        /** How many of the first [size] bytes end on a UTF-8 character boundary. */
        fun completeLength(bytes: ByteArray, size: Int): Int {
            var i = size - 1
            var continuation = 0
            while (i >= 0 && continuation < 3 && bytes[i].toInt() and 0xC0 == 0x80) {
                i--
                continuation++
            }
            if (i < 0) return size
            val lead = bytes[i].toInt() and 0xFF
            val needed = when {
                lead >= 0xF0 -> 3
                lead >= 0xE0 -> 2
                lead >= 0xC0 -> 1
                else -> 0
            }
            return if (needed > continuation) i else size
        }
    }
}
