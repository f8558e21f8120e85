// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputDecoder
import coterm.input.InputEvent
import coterm.input.LineModeDecoder

/**
 * The reader's view of a byte decoder: bytes in, events out, and how long the reader may wait
 * before forcing out what is held.
 */
internal interface EventDecoder {
    /**
     * Decodes [length] bytes of [bytes] from [offset] and adds the complete events to [out], in
     * order, as segments: lists that are never empty, a burst of plain text possibly as one
     * [coterm.input.TypedText].
     */
    fun feed(bytes: ByteArray, offset: Int, length: Int, out: MutableList<List<InputEvent>>)

    fun flush(): List<InputEvent>

    /** Milliseconds to wait for more bytes before [flush]; negative when nothing is held. */
    fun flushTimeoutMillis(): Long

    /**
     * Keys from a terminal in raw mode, through the xterm/VT [InputDecoder].
     *
     * @param escapeAtReadEnd take a lone ESC that ends a read as the Escape key at once, without
     *   the [escapeTimeoutMillis] wait (vi mode, where Esc is pressed all the time): a terminal
     *   writes an escape sequence in one write, so a read that ends in ESC holds the Escape key.
     *   A sequence in the same read after the ESC is still decoded as a whole.
     */
    class Keys(
        private val escapeTimeoutMillis: Long,
        private val pasteTimeoutMillis: Long,
        private val escapeAtReadEnd: Boolean = false,
    ) : EventDecoder {
        private val decoder = InputDecoder()

        override fun feed(bytes: ByteArray, offset: Int, length: Int, out: MutableList<List<InputEvent>>) {
            decoder.feedSegments(bytes, offset, length, out)
            if (escapeAtReadEnd && decoder.holdsOnlyEscape) out.add(decoder.flush())
        }

        override fun flush() = decoder.flush()

        override fun flushTimeoutMillis(): Long = when (decoder.pending) {
            InputDecoder.Pending.None -> -1
            InputDecoder.Pending.Escape -> escapeTimeoutMillis
            InputDecoder.Pending.Paste -> pasteTimeoutMillis
        }
    }

    /** Whole lines from standard input that is not a terminal. */
    class Lines : EventDecoder {
        private val decoder = LineModeDecoder()

        override fun feed(bytes: ByteArray, offset: Int, length: Int, out: MutableList<List<InputEvent>>) {
            val events = decoder.feed(bytes, offset, length)
            if (events.isNotEmpty()) out.add(events)
        }

        override fun flush() = decoder.flush()

        override fun flushTimeoutMillis(): Long = -1
    }
}
