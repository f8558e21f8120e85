// SPDX-License-Identifier: Apache-2.0
package coterm.test

/**
 * Incremental UTF-8 decoding for [VirtualScreen], where a bad byte becomes U+FFFD without eating
 * the bytes after it. Not coterm's own `Utf8Decoder`: the screen checks coterm's output with an
 * independent reading of it.
 */
internal class Utf8Accumulator {
    private var codePoint = 0
    private var needed = 0
    private var seen = 0

    /** Takes one byte >= 0x80; returns the code points it completes (none while a sequence is unfinished). */
    fun accept(b: Int): List<Int> {
        if (needed > 0) {
            if (b and 0xc0 == 0x80) {
                codePoint = (codePoint shl 6) or (b and 0x3f)
                seen++
                if (seen < needed) return emptyList()
                needed = 0
                return listOf(codePoint)
            }
            needed = 0
            return listOf(REPLACEMENT) + accept(b)
        }
        when {
            b and 0xe0 == 0xc0 -> { codePoint = b and 0x1f; needed = 1 }
            b and 0xf0 == 0xe0 -> { codePoint = b and 0x0f; needed = 2 }
            b and 0xf8 == 0xf0 -> { codePoint = b and 0x07; needed = 3 }
            else -> return listOf(REPLACEMENT)
        }
        seen = 0
        return emptyList()
    }

    /** Before a byte below 0x80: an unfinished sequence becomes U+FFFD (null if none). */
    fun flushInvalid(): Int? {
        if (needed == 0) return null
        needed = 0
        return REPLACEMENT
    }

    companion object {
        const val REPLACEMENT = 0xfffd
    }
}
