// SPDX-License-Identifier: Apache-2.0
package coterm.test

/**
 * How many terminal cells a code point takes: 0 for combining marks and format characters, 2 for
 * East Asian wide and fullwidth characters and the common emoji blocks, else 1.
 *
 * A close approximation of `wcwidth`, enough for a test screen; it is not the library's own
 * width table, so tests of width-awareness check against fixed, well-known characters.
 */
internal object CellWidth {
    private val wide = listOf(
        0x1100..0x115F, 0x2E80..0x303E, 0x3041..0x33FF, 0x3400..0x4DBF, 0x4E00..0x9FFF,
        0xA000..0xA4CF, 0xAC00..0xD7A3, 0xF900..0xFAFF, 0xFE30..0xFE4F, 0xFF00..0xFF60,
        0xFFE0..0xFFE6, 0x1F300..0x1F64F, 0x1F900..0x1F9FF, 0x20000..0x3FFFD,
    )

    fun of(codePoint: Int): Int = when {
        Character.getType(codePoint).toByte().let {
            it == Character.NON_SPACING_MARK || it == Character.ENCLOSING_MARK || it == Character.FORMAT
        } -> 0
        wide.any { codePoint in it } -> 2
        else -> 1
    }
}
