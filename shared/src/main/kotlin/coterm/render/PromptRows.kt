// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.CellWidth
import coterm.text.DisplayText

/**
 * A styled prompt (or continuation prompt) cut into the rows it takes on a terminal [width]
 * cells wide, so that any one of its rows can be redrawn alone: a prompt wider than the screen
 * wraps like text (a wide character that does not fit moves whole to the next row).
 *
 * Escape sequences (SGR and other CSI, OSC strings such as hyperlinks) take no cells; each row
 * after the first starts with all the sequences met before it, so a style begun on one row is
 * in force on the next even when that row is drawn by itself. A prompt that fits on one row is
 * kept exactly as given. Other control characters in a prompt take no cells, as
 * [DisplayText.widthOfStyled] counts them. Pure and immutable.
 */
internal class PromptRows(styled: String, width: Int) {
    /** The styled text of each row; empty for an empty prompt. */
    val pieces: List<String>

    /** The cells each piece takes. */
    val cells: IntArray

    init {
        val rows = ArrayList<String>(1)
        val widths = ArrayList<Int>(1)
        val escapes = StringBuilder()
        val piece = StringBuilder()
        var col = 0
        var i = 0
        while (i < styled.length) {
            val end = escapeEnd(styled, i)
            if (end > i) {
                escapes.append(styled, i, end)
                piece.append(styled, i, end)
                i = end
                continue
            }
            val cp = Character.codePointAt(styled, i)
            val w = if (cp < 0x20) 0 else CellWidth.of(cp)
            if (w > 0 && col + w > width) {
                rows += piece.toString()
                widths += col
                piece.setLength(0)
                piece.append(escapes)
                col = 0
            }
            piece.appendCodePoint(cp)
            col += w
            i += Character.charCount(cp)
        }
        if (styled.isNotEmpty()) {
            rows += piece.toString()
            widths += col
        }
        pieces = if (rows.size == 1) listOf(styled) else rows
        cells = widths.toIntArray()
    }

    val isEmpty: Boolean get() = pieces.isEmpty()

    /** The index of the last piece, the one the text follows on the same row. */
    val last: Int get() = pieces.size - 1

    private companion object {
        /** The end of the escape sequence starting at [i], or [i] when none starts there. */
        fun escapeEnd(text: String, i: Int): Int {
            if (text[i] != '\u001b' || i + 1 >= text.length) return i
            var j = i + 2
            when (text[i + 1]) {
                '[' -> {
                    while (j < text.length && text[j] !in '\u0040'..'\u007e') j++
                    return minOf(j + 1, text.length)
                }
                ']' -> {
                    while (j < text.length && text[j] != '\u0007' && !(text[j] == '\u001b' && text.getOrNull(j + 1) == '\\')) j++
                    return minOf(if (j < text.length && text[j] == '\u001b') j + 2 else j + 1, text.length)
                }
                else -> return i
            }
        }
    }
}
