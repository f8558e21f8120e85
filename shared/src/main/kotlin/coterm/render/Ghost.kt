// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.CellWidth
import coterm.text.DisplayText

/**
 * Text drawn after the end of the line but not part of it: a suggestion's rest, in the style
 * [code] starts. It goes on the line's last row only, in the cells left there but the last one,
 * so it never wraps, scrolls the screen or grows the block, and the terminal never enters a
 * pending wrap because of it; what does not fit is not drawn. Only the ghost's first line is
 * shown, and it stops at the first control character (a tab, an escape), which the line would
 * show in caret form and the terminal would act on.
 */
internal class Ghost(text: String, val code: String) {
    /** What may be drawn of the text, at most [MAX_CHARS] chars: no row is wider than that. */
    val text: String = visiblePart(text)

    /** [row] with the ghost after its body, cut to the cells left in a row [width] wide but the last one. */
    fun after(row: ScreenRow, width: Int): ScreenRow {
        val room = width - 1 - row.cells
        if (room <= 0 || text.isEmpty()) return row
        var i = 0
        var cells = 0
        while (i < text.length) {
            val cp = text.codePointAt(i)
            val w = CellWidth.of(cp)
            // A zero-width mark first would join the line's last character: not drawn.
            if (cells + w > room || (i == 0 && w == 0)) break
            cells += w
            i += Character.charCount(cp)
        }
        if (i == 0) return row
        val body = row.body + text.substring(0, i)
        val runs = StyleRuns.Builder()
        row.styles?.let { for (r in 0 until it.size) runs.add(it.starts[r], it.ends[r], it.codes[r]) }
        runs.add(row.body.length, body.length, code)
        return ScreenRow(row.lead, row.leadCells, body, row.cells + cells, runs.build())
    }

    override fun equals(other: Any?): Boolean = other is Ghost && other.text == text && other.code == code

    override fun hashCode(): Int = text.hashCode()

    companion object {
        /** No screen is wider. */
        const val MAX_CHARS: Int = 4096

        private fun visiblePart(text: String): String {
            var end = 0
            val limit = minOf(text.length, MAX_CHARS)
            while (end < limit) {
                val cp = text.codePointAt(end)
                if (DisplayText.isControl(cp)) break
                end += Character.charCount(cp)
            }
            if (end > limit) end = limit - 1 // never half a surrogate pair
            return text.substring(0, end)
        }
    }
}
