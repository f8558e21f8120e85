// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.io.EOFException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel

/**
 * The end of a history file, read backwards: its newest lines within the byte and entry budgets,
 * what a torn last write left, and enough of a count to tell whether the file needs a trim.
 * Pure over a [Source] (a [FileChannel] in use, a byte array in tests): no threads, no clock.
 *
 * Reading from the end is what bounds both time and memory: however big the file (a 100 MB file
 * another program or an older coterm left), [read] touches the last [maxBytes] of it, plus the
 * rest only when the whole file is within a quarter of the budget (to count its entries), plus,
 * only when the newest line is cut off, that cut-off part in 64 KiB steps without keeping it.
 *
 * - **Torn write**: every complete line ends with LF, so bytes after the last LF are a write that
 *   was cut off (a crash, a full disk whose clean-up failed, another process's append in progress
 *   when read without the lock). They are left out ([tornBytes]), never read as an entry, and do
 *   not make the file damaged, whatever they hold (half a UTF-8 sequence included).
 * - **Window**: the newest lines whose bytes, LF included, add up to at most [maxBytes] and that
 *   hold at most `maxEntries` entries. Lines in it over [HistoryFile.MAX_LINE_BYTES] (not counting
 *   a CR before the LF) are skipped but use up the window ([overLong]); empty lines hold no entry.
 *   The window is contiguous: one line that does not fit ends it, so the newest entries win.
 *
 * @property lines the kept lines, oldest first, as stored (escaped; without LF, or a CR before it).
 * @property entries entries (non-empty lines, over-long ones included) counted from the end: all of
 *   them when the file is small, else at least up to the point where a trim is known to be due.
 * @property tornBytes bytes after the last LF.
 * @property contentBytes the file's size without [tornBytes]: where the next line goes.
 * @property windowBytes the bytes of the window: of the kept lines plus the over-long and empty lines among them.
 */
internal class HistoryTail(
    val lines: List<ByteArray>,
    val entries: Int,
    val tornBytes: Long,
    val contentBytes: Long,
    val overLong: Int,
    val windowBytes: Long,
) {
    /** Random access to a file's bytes. */
    interface Source {
        /** The number of bytes. */
        val size: Long

        /** Reads up to `length` bytes at [position] into [into] at [offset]; returns how many (at least 1 within [size]). */
        fun read(position: Long, into: ByteArray, offset: Int, length: Int): Int
    }

    /** A [Source] over [channel], with positioned reads (its position is not moved). */
    class ChannelSource(private val channel: FileChannel) : Source {
        override val size: Long get() = channel.size()

        override fun read(position: Long, into: ByteArray, offset: Int, length: Int): Int {
            val n = channel.read(ByteBuffer.wrap(into, offset, length), position)
            if (n < 0) throw EOFException("the history file ended at $position while being read")
            return n
        }
    }

    /** The bytes of [source] from [from] until [to], as a source of their own: new lines only, read with [read]. */
    class RangeSource(private val source: Source, private val from: Long, private val to: Long) : Source {
        override val size: Long get() = to - from

        override fun read(position: Long, into: ByteArray, offset: Int, length: Int): Int =
            source.read(from + position, into, offset, minOf(length.toLong(), to - from - position).toInt())
    }

    /** Whether the file has grown past the point where it is rewritten: more than `maxEntries + slack` entries or `maxBytes + byteSlack` bytes. */
    fun trimDue(maxEntries: Int, slack: Int, maxBytes: Long, byteSlack: Long): Boolean =
        entries > maxEntries + slack || contentBytes > maxBytes + byteSlack

    companion object {
        private const val LF: Byte = '\n'.code.toByte()
        private const val CR: Byte = '\r'.code.toByte()
        private const val CHUNK = 64 * 1024

        /**
         * Reads the end of [source]; the file's entries are counted past the window only if it is at
         * most `maxBytes + byteSlack` long, and then only up to `maxEntries + slack + 1`: enough to
         * tell whether a trim is due ([trimDue]). [chunkSize]: how much is read at a time (tests
         * make it tiny, so lines straddle chunks).
         */
        fun read(source: Source, maxEntries: Int, slack: Int, maxBytes: Long, byteSlack: Long, chunkSize: Int = CHUNK): HistoryTail {
            val lines = Lines(source, chunkSize)
            val size = source.size
            val contentBytes = lines.lastLf(size, 0) + 1
            val countAll = contentBytes <= maxBytes + byteSlack
            val kept = ArrayDeque<ByteArray>()
            var windowBytes = 0L
            var windowOpen = true
            var entries = 0
            var overLong = 0
            var end = contentBytes
            while (end > 0) {
                val lf = end - 1
                var start = -1L
                if (windowOpen) {
                    // The earliest start at which the line still fits: its LF need not be looked for
                    // further back, so a line too long for the window (100 MB without a newline) is
                    // not read through.
                    val floor = lf + 1 - (maxBytes - windowBytes)
                    val found = lines.lastLf(lf, notBefore = maxOf(0L, floor - 1))
                    start = if (found >= 0) found + 1 else if (floor <= 0) 0 else -1
                    if (start < 0 || (lf > start && kept.size == maxEntries)) {
                        windowOpen = false
                    } else {
                        windowBytes += lf + 1 - start
                        val length = lf - start
                        // One byte more may be the CR of a CRLF ending; what counts is the line without it.
                        if (length > HistoryFile.MAX_LINE_BYTES + 1) {
                            overLong++
                        } else if (length > 0) {
                            val line = lines.bytes(start, length.toInt())
                            val content = if (line.last() == CR) line.copyOf(line.size - 1) else line
                            if (content.size > HistoryFile.MAX_LINE_BYTES) overLong++ else if (content.isNotEmpty()) kept.addFirst(content)
                        }
                    }
                }
                if (!windowOpen) {
                    if (!countAll) break
                    if (start < 0) start = lines.lastLf(lf, 0) + 1
                }
                if (lf > start) entries++
                if (!windowOpen && entries > maxEntries + slack) break
                end = start
            }
            return HistoryTail(kept.toList(), entries, size - contentBytes, contentBytes, overLong, windowBytes)
        }

        /** The length of the torn last write of [source]: the bytes after its last LF (all of them if it has none). */
        fun tornBytes(source: Source, chunkSize: Int = CHUNK): Long {
            val size = source.size
            if (size == 0L) return 0
            // The usual case, checked before every append: the file ends with LF.
            val last = ByteArray(1)
            source.read(size - 1, last, 0, 1)
            if (last[0] == LF) return 0
            return size - (Lines(source, chunkSize).lastLf(size, 0) + 1)
        }
    }

    /** LF positions found backwards through a [Source], in chunks; one chunk is kept, so walking back line by line reads each byte once. */
    private class Lines(private val source: Source, private val chunkSize: Int) {
        private val chunk = ByteArray(chunkSize)
        private var chunkStart = 0L
        private var chunkLength = 0

        /** The position of the last LF in `[notBefore, before)`, or -1 if there is none. */
        fun lastLf(before: Long, notBefore: Long): Long {
            var position = before - 1
            while (position >= notBefore) {
                if (position < chunkStart || position >= chunkStart + chunkLength) load(position)
                var i = (position - chunkStart).toInt()
                val low = maxOf(0L, notBefore - chunkStart).toInt()
                while (i >= low) {
                    if (chunk[i] == LF) return chunkStart + i
                    i--
                }
                position = chunkStart - 1
            }
            return -1
        }

        /** Loads the chunk that ends at [last] (inclusive). */
        private fun load(last: Long) {
            val start = maxOf(0L, last + 1 - chunkSize)
            val length = (last + 1 - start).toInt()
            readFully(start, chunk, length)
            chunkStart = start
            chunkLength = length
        }

        /** The [length] bytes at [start]: from the chunk when they are in it. */
        fun bytes(start: Long, length: Int): ByteArray {
            if (start >= chunkStart && start + length <= chunkStart + chunkLength) {
                val from = (start - chunkStart).toInt()
                return chunk.copyOfRange(from, from + length)
            }
            return ByteArray(length).also { readFully(start, it, length) }
        }

        private fun readFully(start: Long, into: ByteArray, length: Int) {
            var done = 0
            while (done < length) done += source.read(start + done, into, done, length - done)
        }
    }
}
