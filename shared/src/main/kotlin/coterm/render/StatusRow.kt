// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.CellWidth
import coterm.text.DisplayText

/**
 * A status line (a progress bar, a spinner) made to fit one row of a terminal. Pure.
 */
internal object StatusRow {
    private val CSI = Regex("\u001b\\[[0-?]*[ -/]*[@-~]")

    /**
     * [text] on one row of a terminal [columns] wide, leaving its last cell free: newlines become
     * spaces; if it is too wide, its styling is dropped and the text cut.
     */
    fun fit(text: String, columns: Int): String {
        val oneRow = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ')
        val max = (columns - 1).coerceAtLeast(1)
        if (DisplayText.widthOfStyled(oneRow) <= max) return oneRow
        val bare = DisplayText.sanitize(oneRow.replace(CSI, ""))
        val sb = StringBuilder()
        var width = 0
        var i = 0
        while (i < bare.length) {
            val cp = Character.codePointAt(bare, i)
            val w = CellWidth.of(cp)
            if (width + w > max) break
            sb.appendCodePoint(cp)
            width += w
            i += Character.charCount(cp)
        }
        return sb.toString()
    }

    /** [text], [fit] to [columns], as the row the display draws above the edited line. */
    fun of(text: String, columns: Int): ScreenRow {
        val fitted = fit(text, columns)
        val cells = DisplayText.widthOfStyled(fitted)
        return ScreenRow(fitted, cells, "", cells)
    }
}
