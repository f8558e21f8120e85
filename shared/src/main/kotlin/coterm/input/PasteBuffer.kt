// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * The bytes of one bracketed paste while it arrives: the start marker, the content, and the
 * end marker `ESC [ 201 ~` once it has been seen.
 *
 * Content is copied in bulk into one array that doubles when full (amortised O(1) per byte, no
 * allocation per byte), and the end marker is found by a running match that never looks back:
 * the marker's only ESC is its first byte, so after a mismatch the match restarts at 0, or at 1
 * when the mismatching byte is itself an ESC. Text is decoded once, when the paste ends.
 */
internal class PasteBuffer(prefix: ByteArray, prefixLength: Int) {
    private var bytes = ByteArray(maxOf(INITIAL_CAPACITY, prefixLength * 2))
    private var size = 0
    private val contentStart = prefixLength
    private var matched = 0

    init {
        append(prefix, 0, prefixLength)
    }

    /** True once the end marker has been consumed. */
    val isComplete: Boolean get() = matched == END.size

    /**
     * Takes bytes of [source] from [from] until the end marker completes or [to] is reached, and
     * returns the index after the last byte taken.
     */
    fun consume(source: ByteArray, from: Int, to: Int): Int {
        val end = END
        val esc = end[0]
        var i = from
        var m = matched
        while (i < to && m < end.size) {
            val b = source[i++]
            m = if (b == end[m]) m + 1 else if (b == esc) 1 else 0
        }
        matched = m
        append(source, from, i - from)
        return i
    }

    /**
     * The paste as an event: the text between the markers (or everything after the start
     * marker, when the paste is cut short), UTF-8 decoded with U+FFFD for bad bytes and CRLF and
     * lone CR turned into `\n`; raw is every byte taken, markers included.
     */
    fun toEvent(): InputEvent.Paste {
        val contentEnd = if (isComplete) size - END.size else size
        return InputEvent.Paste(text(bytes, contentStart, contentEnd - contentStart), RawBytes.of(bytes, 0, size))
    }

    private fun append(source: ByteArray, from: Int, length: Int) {
        if (size + length > bytes.size) {
            var capacity = bytes.size
            while (capacity < size + length) capacity *= 2
            bytes = bytes.copyOf(capacity)
        }
        System.arraycopy(source, from, bytes, size, length)
        size += length
    }

    companion object {
        private const val INITIAL_CAPACITY = 256
        private val END = EscapeSequences.PASTE_END_MARKER

        /**
         * Paste text from [length] bytes of [source] at [offset]: UTF-8 with U+FFFD per bad
         * subpart, CRLF and lone CR as `\n`, other controls kept.
         *
         * Valid UTF-8 (nearly every paste) goes through the JDK's decoder, which is much faster
         * than a byte loop when a large paste arrives before the JIT has warmed up. The JDK does
         * not replace every kind of bad input per maximal subpart (it folds `ED A4` into one
         * U+FFFD), so when its result has any U+FFFD the bytes are decoded by [Utf8Decoder].
         */
        fun text(source: ByteArray, offset: Int, length: Int): String {
            var text = String(source, offset, length, Charsets.UTF_8)
            if (text.indexOf('\uFFFD') >= 0) {
                val builder = StringBuilder(length)
                Utf8Decoder.decode(source, offset, length) { builder.appendCodePoint(it) }
                text = builder.toString()
            }
            if (text.indexOf('\r') < 0) return text
            return text.replace("\r\n", "\n").replace('\r', '\n')
        }
    }
}
