// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.editor.Candidate

/**
 * Lays out completion candidates for the second Tab, as readline does: in columns, sorted down
 * then across, as many columns as fit in the terminal's width. Candidates with a description
 * are listed one per row instead, the descriptions lined up. Pure.
 *
 * Control characters in candidates are shown in caret notation, like everything typed.
 */
internal object CandidateColumns {
    private const val GAP = 2

    /** The rows to print for [candidates] on a terminal [columns] wide. */
    fun format(candidates: List<Candidate>, columns: Int): List<String> {
        if (candidates.isEmpty()) return emptyList()
        val values = candidates.map { DisplayText.sanitize(it.value) }
        val widths = values.map { DisplayText.widthOfStyled(it) }
        val widest = widths.max()
        if (candidates.any { it.description != null }) {
            return candidates.indices.map { i ->
                val description = candidates[i].description?.let { "  " + DisplayText.sanitize(it) } ?: ""
                values[i] + " ".repeat(widest - widths[i]) + description
            }
        }
        val cell = widest + GAP
        val perRow = ((columns.coerceAtLeast(1) + GAP) / cell).coerceAtLeast(1)
        val rows = (values.size + perRow - 1) / perRow
        return (0 until rows).map { row ->
            buildString {
                var column = 0
                while (true) {
                    val i = column * rows + row
                    if (i >= values.size) break
                    val last = (column + 1) * rows + row >= values.size
                    append(values[i])
                    if (!last) append(" ".repeat(cell - widths[i]))
                    column++
                }
            }
        }
    }
}
