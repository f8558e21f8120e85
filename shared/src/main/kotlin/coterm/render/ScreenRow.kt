// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.CellWidth

/**
 * What one row of the screen shows: a styled [lead] (a piece of the prompt, of the continuation
 * prompt, a status line or a viewport marker; [leadCells] wide) followed by [body], line text
 * as the terminal shows it (control characters already in caret notation, so only printable,
 * wide and zero-width characters), [cells] cells in all. Immutable; compared by content.
 *
 * A row never holds more than the terminal's width: [cells] is at most the width, and a row
 * that ends early (a wide character that did not fit moved to the next row) leaves its last
 * cell blank.
 *
 * [styles], when not null, styles parts of [body] (a highlighter's colours, a suggestion's dim
 * text). Styles never change the characters or the cells: two rows with the same body and
 * different styles differ from the first cell whose style differs, and [appendBody] writes the
 * styled parts between their SGR code and a reset, so the row always ends in the default style.
 */
internal class ScreenRow(
    val lead: String,
    val leadCells: Int,
    val body: String,
    val cells: Int,
    val styles: StyleRuns? = null,
) {
    /**
     * Where this row starts to differ from [shown], the row on the screen: [UNCHANGED], [FROM_LEAD]
     * when the lead differs (rewrite the whole row), or an index into [body] that is the start
     * of a character with a width (a combining mark is rewritten with its base, a surrogate pair
     * whole). Null [shown] (unknown contents) gives [FROM_LEAD].
     */
    fun firstChange(shown: ScreenRow?): Int {
        if (shown == null || shown.lead != lead) return FROM_LEAD
        val sameStyles = styles == shown.styles
        if (sameStyles && shown.body == body && shown.cells == cells) return UNCHANGED
        val other = shown.body
        val n = minOf(body.length, other.length)
        var k = 0
        while (k < n && body[k] == other[k]) k++
        if (!sameStyles) k = minOf(k, StyleRuns.firstDifference(styles, shown.styles, k))
        if (k == body.length && k == other.length && shown.cells == cells) return UNCHANGED
        while (k > 0 && (continuesUnit(body, k) || continuesUnit(other, k))) k--
        // A zero-width mark first in the body belongs to the lead's last cell: rewrite that too.
        if (k == 0 && (continuesUnit(body, 0) || continuesUnit(other, 0))) return FROM_LEAD
        return k
    }

    /** The column at which [body] index [index] is drawn. */
    fun columnOf(index: Int): Int {
        var col = leadCells
        var i = 0
        while (i < index) {
            val c = body[i]
            if (c < '\u0080') {
                col++
                i++
            } else {
                val cp = Character.codePointAt(body, i)
                col += CellWidth.of(cp)
                i += Character.charCount(cp)
            }
        }
        return col
    }

    /** Writes [body] from index [from] to [out], each styled part between its code and a reset. */
    fun appendBody(out: StringBuilder, from: Int = 0) {
        val runs = styles
        if (runs == null) {
            out.append(body, from, body.length)
            return
        }
        var i = from
        for (r in 0 until runs.size) {
            val end = runs.ends[r]
            if (end <= i) continue
            val start = maxOf(runs.starts[r], i)
            if (start > i) out.append(body, i, start)
            out.append(runs.codes[r]).append(body, start, end).append(StyleRuns.RESET)
            i = end
        }
        if (i < body.length) out.append(body, i, body.length)
    }

    /** Whether the first code point of [body] (with no lead before it) is two cells wide. */
    val startsWide: Boolean
        get() = leadCells == 0 && body.isNotEmpty() && body[0] >= '\u1100' && CellWidth.of(body.codePointAt(0)) == 2

    override fun equals(other: Any?): Boolean =
        other is ScreenRow && other.cells == cells && other.lead == lead && other.body == body && other.styles == styles

    override fun hashCode(): Int = (lead.hashCode() * 31 + body.hashCode()) * 31 + cells

    override fun toString(): String = "ScreenRow(${(lead + body).replace("\u001b", "\\e")}, $cells cells${styles?.let { ", $it" } ?: ""})"

    companion object {
        /** Nothing differs. */
        const val UNCHANGED: Int = Int.MAX_VALUE

        /** The lead differs: the row is rewritten from its first cell. */
        const val FROM_LEAD: Int = -1

        /** An empty row. */
        val Blank: ScreenRow = ScreenRow("", 0, "", 0)

        /** True when [text] index [k] is inside a character: a low surrogate or a zero-width mark. */
        private fun continuesUnit(text: String, k: Int): Boolean {
            if (k >= text.length) return false
            val c = text[k]
            if (c < '\u00ad') return false // below the first zero-width character (the soft hyphen)
            if (Character.isLowSurrogate(c)) return true
            return CellWidth.of(Character.codePointAt(text, k)) == 0
        }
    }
}
