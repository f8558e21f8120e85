// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.DisplayText

/**
 * Lays out completion candidates for the second Tab where no menu can be drawn (the output is
 * not a terminal: see [MenuLayout] for the menu), as readline does: in columns, sorted down
 * then across, as many columns as fit in the terminal's width. Candidates with a description
 * are listed one per row instead, the descriptions lined up. Pure.
 *
 * It takes the candidates as plain text, not as the editor's `Candidate`, so that `render`
 * knows nothing of `editor`. Control characters in candidates are shown in caret notation, like
 * everything typed.
 */
internal object CandidateColumns {
    private const val GAP = 2

    /**
     * The rows to print on a terminal [columns] wide for the candidates [values], each with the
     * description at the same index in [descriptions] (null: none).
     */
    fun format(values: List<String>, descriptions: List<String?>, columns: Int): List<String> {
        require(values.size == descriptions.size) { "${values.size} values but ${descriptions.size} descriptions" }
        if (values.isEmpty()) return emptyList()
        val shown = values.map { DisplayText.sanitize(it) }
        val widths = shown.map { DisplayText.widthOfStyled(it) }
        val widest = widths.max()
        if (descriptions.any { it != null }) {
            return shown.indices.map { i ->
                val description = descriptions[i]?.let { "  " + DisplayText.sanitize(it) } ?: ""
                shown[i] + " ".repeat(widest - widths[i]) + description
            }
        }
        val cell = widest + GAP
        val perRow = ((columns.coerceAtLeast(1) + GAP) / cell).coerceAtLeast(1)
        val rows = (shown.size + perRow - 1) / perRow
        return (0 until rows).map { row ->
            buildString {
                var column = 0
                while (true) {
                    val i = column * rows + row
                    if (i >= shown.size) break
                    val last = (column + 1) * rows + row >= shown.size
                    append(shown[i])
                    if (!last) append(" ".repeat(cell - widths[i]))
                    column++
                }
            }
        }
    }
}
