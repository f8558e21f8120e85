// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * Incremental UTF-8 decoding, one byte at a time, that replaces bad input the way Unicode
 * recommends: one U+FFFD per *maximal subpart* of an ill-formed sequence (Unicode 15, section
 * 3.9, "U+FFFD Substitution of Maximal Subparts"; the WHATWG encoding standard does the same).
 *
 * A lead byte fixes the range the next byte must fall in (table 3-7): `E0` needs `A0..BF` (no
 * overlongs), `ED` needs `80..9F` (no surrogates), `F0` needs `90..BF`, `F4` needs `80..8F` (no
 * code points above U+10FFFF), every other continuation `80..BF`. When a byte breaks the rule,
 * the bytes held so far become one U+FFFD and that byte is *not* consumed: it starts afresh, so
 * `C3 41` is U+FFFD then `A`, never one U+FFFD eating the `A`.
 *
 * The caller keeps the bytes themselves (for raw event bytes); this class keeps only the state.
 */
internal class Utf8Decoder {
    private var codePoint = 0
    private var needed = 0
    private var lower = CONTINUATION_MIN
    private var upper = CONTINUATION_MAX

    /** True while part of a multi-byte sequence has been accepted and more is needed. */
    val isHolding: Boolean get() = needed > 0

    /**
     * Takes [byte] (0..255) and returns a complete code point (>= 0), or [NEED_MORE], or
     * [INVALID] (this byte, with nothing held, is a bad subpart of its own), or [REJECTED] (the
     * held bytes are a truncated sequence: report them as U+FFFD and offer [byte] again).
     */
    fun accept(byte: Int): Int {
        if (needed == 0) return lead(byte)
        if (byte < lower || byte > upper) {
            reset()
            return REJECTED
        }
        lower = CONTINUATION_MIN
        upper = CONTINUATION_MAX
        codePoint = (codePoint shl 6) or (byte and 0x3F)
        needed--
        return if (needed == 0) codePoint else NEED_MORE
    }

    /** Forgets any held sequence (the caller reports it as U+FFFD). */
    fun reset() {
        needed = 0
        codePoint = 0
        lower = CONTINUATION_MIN
        upper = CONTINUATION_MAX
    }

    private fun lead(byte: Int): Int {
        when (byte) {
            in 0x00..0x7F -> return byte
            in 0xC2..0xDF -> start(1, byte and 0x1F)
            in 0xE0..0xEF -> {
                start(2, byte and 0x0F)
                if (byte == 0xE0) lower = 0xA0
                if (byte == 0xED) upper = 0x9F
            }
            in 0xF0..0xF4 -> {
                start(3, byte and 0x07)
                if (byte == 0xF0) lower = 0x90
                if (byte == 0xF4) upper = 0x8F
            }
            // Stray continuation bytes, C0/C1 (always overlong) and F5..FF (beyond U+10FFFF).
            else -> return INVALID
        }
        return NEED_MORE
    }

    private fun start(continuations: Int, bits: Int) {
        needed = continuations
        codePoint = bits
    }

    companion object {
        /** [accept] result: the sequence is not complete yet. */
        const val NEED_MORE: Int = -1

        /** [accept] result: the byte alone is ill-formed; it becomes one U+FFFD. */
        const val INVALID: Int = -2

        /** [accept] result: the held bytes become one U+FFFD; the byte must be offered again. */
        const val REJECTED: Int = -3

        /** U+FFFD REPLACEMENT CHARACTER, what every ill-formed subpart decodes to. */
        const val REPLACEMENT: Int = 0xFFFD

        private const val CONTINUATION_MIN = 0x80
        private const val CONTINUATION_MAX = 0xBF

        /**
         * Decodes [length] bytes of [source] from [offset] as a whole, calling [sink] with each
         * code point (U+FFFD for each bad subpart, including a truncated tail).
         */
        inline fun decode(source: ByteArray, offset: Int, length: Int, sink: (Int) -> Unit) {
            val decoder = Utf8Decoder()
            var i = offset
            val end = offset + length
            while (i < end) {
                when (val result = decoder.accept(source[i].toInt() and 0xFF)) {
                    NEED_MORE -> i++
                    INVALID -> { sink(REPLACEMENT); i++ }
                    REJECTED -> sink(REPLACEMENT) // offer the same byte again
                    else -> { sink(result); i++ }
                }
            }
            if (decoder.isHolding) sink(REPLACEMENT)
        }
    }
}
