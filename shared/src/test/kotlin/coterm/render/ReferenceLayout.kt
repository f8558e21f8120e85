// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.testing.ScreenModel
import coterm.text.CellWidth
import coterm.text.DisplayText

/**
 * The oracle for the layout: the renderer coterm had before the `render` package, which laid
 * out prompt and text a character at a time and redrew the whole line, drawn on an unbounded
 * [ScreenModel]. Its rows are what a terminal shows for the line, its cursor where the cursor
 * belongs. Prompts wider than the screen must not hold wide characters (it counted a prompt's
 * width, it did not lay the prompt out).
 */
internal object ReferenceLayout {
    class Result(val rows: List<String>, val cursorRow: Int, val cursorColumn: Int)

    fun of(prompt: String, text: String, cursor: Int, columns: Int, continuation: String = ""): Result {
        val out = StringBuilder()
        val width = columns.coerceAtLeast(2)
        val promptWidth = DisplayText.widthOfStyled(prompt)
        val continuationWidth = DisplayText.widthOfStyled(continuation)
        out.append(prompt)
        var row = promptWidth / width
        var col = promptWidth % width
        if (promptWidth > 0 && col == 0) {
            row--
            col = width
        }
        var cursorRow = -1
        var cursorCol = -1
        var i = 0
        while (true) {
            val cp = if (i < text.length) Character.codePointAt(text, i) else -1
            if (i == cursor) {
                val first = when {
                    cp < 0 -> 1
                    DisplayText.isControl(cp) -> 1
                    else -> CellWidth.of(cp)
                }
                if (cp == '\n'.code && col >= width) {
                    cursorRow = row
                    cursorCol = width - 1
                } else if (cp != '\n'.code && (col + first > width || col >= width)) {
                    cursorRow = row + 1
                    cursorCol = 0
                } else {
                    cursorRow = row
                    cursorCol = col
                }
            }
            if (cp < 0) break
            if (cp == '\n'.code) {
                out.append("\r\n").append(continuation)
                row += 1 + continuationWidth / width
                col = continuationWidth % width
                if (continuationWidth > 0 && col == 0) {
                    row--
                    col = width
                }
                i++
                continue
            }
            if (DisplayText.isControl(cp)) {
                for (c in DisplayText.of(cp)) {
                    if (col + 1 > width) {
                        row++
                        col = 0
                    }
                    out.append(c)
                    col++
                }
            } else {
                val w = CellWidth.of(cp)
                if (col + w > width) {
                    row++
                    col = 0
                }
                out.appendCodePoint(cp)
                col += w
            }
            i += Character.charCount(cp)
        }
        if (col >= width) {
            out.append("\r\n")
            row++
        }
        val model = ScreenModel(width)
        model.write(out.toString())
        return Result((0..row).map { model.text(it, it + 1) }, cursorRow, cursorCol)
    }

    /** [row] as a [ScreenModel] shows it: the lead without escape sequences, then the body. */
    fun plain(row: ScreenRow): String = row.lead.replace(Regex("\u001b\\[[0-?]*[ -/]*[@-~]"), "") + row.body
}
