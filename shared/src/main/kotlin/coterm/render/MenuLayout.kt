// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.CellWidth
import coterm.text.DisplayText

/** Items [start] until [end] of a [MenuItems], listed under the header [title] (null: no header row). */
internal class MenuSection(val title: String?, val start: Int, val end: Int)

/**
 * What a completion menu lists: [values] (each with the description at the same index in
 * [descriptions], null: none) in [sections] that cover them in order. The widths of the values
 * are measured once here (up to [MAX_CELLS] each), for every layout of the same menu.
 *
 * Plain text, not the editor's candidates, so that `render` knows nothing of `editor`.
 */
internal class MenuItems(val values: List<String>, val descriptions: List<String?>, val sections: List<MenuSection>) {
    init {
        require(values.isNotEmpty()) { "a menu needs items" }
        require(values.size == descriptions.size) { "${values.size} values but ${descriptions.size} descriptions" }
        require(sections.isNotEmpty() && sections.first().start == 0 && sections.last().end == values.size) { "the sections must cover the items" }
    }

    val size: Int get() = values.size

    /** The widest value, in cells (at most [MAX_CELLS]). */
    val widest: Int = values.maxOf { MenuText.width(it, MAX_CELLS) }

    /** Whether any item has a description. */
    val described: Boolean = descriptions.any { it != null }

    companion object {
        /** No terminal is wider: a value is measured up to here. */
        const val MAX_CELLS: Int = 4096
    }
}

/**
 * The completion menu laid out for a terminal [width] cells wide: the rows it takes, which items
 * each row holds, where the arrow keys go, and the page of rows shown. Pure.
 *
 * - **Descriptions** are shown when any item has one and the values leave room for at least
 *   [MIN_DESCRIPTION] cells of it: one item per row, `value  description`, the values padded to
 *   the widest (cut when they take more than the room left after that minimum), each
 *   description cut to the row, never wrapped. Otherwise the values are laid out in as many
 *   columns as fit, row by row (the first row holds items 0, 1, 2...; zsh's LIST_ROWS_FIRST).
 * - **Sections** with a title start with a header row (bold); each section's items start on a
 *   row of their own.
 * - **Cutting**: text wider than its room ends with `…`; control characters are in caret
 *   notation (newlines and tabs in descriptions become spaces). Every row leaves the last cell
 *   of the terminal free (no pending wrap), so rows never wrap.
 * - **Selection**: the selected item is drawn in reverse video (its value and description).
 * - **Paging**: a menu with more rows than the room given ([page]'s `maxRows`) shows pages of
 *   `maxRows - 1` rows and, on the last row, `rows a-b of n`; the page shown is the one with the
 *   selection. One row of room shows just the selection's row; none shows nothing.
 *
 * Cost: construction is O(sections); [rowOf], [itemsOn] and the moves are O(log sections); [page]
 * builds only the rows shown. Nothing is O(items) after [MenuItems] measured them once.
 */
internal class MenuLayout(private val items: MenuItems, val width: Int) {
    /** The cells a row may take: the terminal's width but the last cell. */
    private val usable = (width - 1).coerceAtLeast(1)

    /** Whether rows show `value  description` (one item per row). */
    val describes: Boolean = items.described && usable >= MIN_VALUE + GAP + MIN_DESCRIPTION

    /** The cells of the value column. */
    private val valueCells: Int =
        if (describes) minOf(items.widest, usable - GAP - MIN_DESCRIPTION).coerceAtLeast(1) else items.widest.coerceIn(1, usable)

    /** Items per row. */
    val perRow: Int = if (describes) 1 else ((usable + GAP) / (valueCells + GAP)).coerceAtLeast(1)

    private val sections = items.sections
    private val firstRows = IntArray(sections.size)

    /** How many rows the whole menu takes. */
    val rowCount: Int

    init {
        var row = 0
        for ((s, section) in sections.withIndex()) {
            firstRows[s] = row
            row += headerRows(s) + (section.end - section.start + perRow - 1) / perRow
        }
        rowCount = row
    }

    private fun headerRows(s: Int): Int = if (sections[s].title != null) 1 else 0

    /** The row that holds item [item]. */
    fun rowOf(item: Int): Int {
        val s = sectionOfItem(item)
        return firstRows[s] + headerRows(s) + (item - sections[s].start) / perRow
    }

    /** The items on row [row]; empty for a header row. */
    fun itemsOn(row: Int): IntRange {
        val s = sectionOfRow(row)
        val k = row - firstRows[s] - headerRows(s)
        if (k < 0) return IntRange.EMPTY
        val section = sections[s]
        val from = section.start + k * perRow
        return from until minOf(section.end, from + perRow)
    }

    /** The item after [from] (-1: none selected; the first then), wrapping round the whole menu: Tab, Right. */
    fun next(from: Int): Int = if (from !in 0 until items.size - 1) 0 else from + 1

    /** The item before [from] (-1: none selected; the last then), wrapping round: Shift+Tab, Left. */
    fun previous(from: Int): Int = if (from <= 0 || from >= items.size) items.size - 1 else from - 1

    /**
     * The item in the same column of the next row of items ([down]) or the previous one, the
     * row's last item if it is shorter, wrapping round the menu; header rows are skipped. From no
     * selection (-1): the first item going down, the last going up.
     */
    fun vertical(from: Int, down: Boolean): Int {
        if (from !in 0 until items.size) return if (down) 0 else items.size - 1
        val row = rowOf(from)
        val column = from - itemsOn(row).first
        var r = row
        var target: IntRange
        do {
            r = Math.floorMod(r + if (down) 1 else -1, rowCount)
            target = itemsOn(r)
        } while (target.isEmpty())
        return target.first + minOf(column, target.last - target.first)
    }

    /** The rows shown for the selection on row [row] when the menu may take [maxRows] rows (the indicator row not counted). */
    fun pageRange(row: Int, maxRows: Int): IntRange = when {
        maxRows <= 0 -> IntRange.EMPTY
        rowCount <= maxRows -> 0 until rowCount
        maxRows == 1 -> row..row
        else -> {
            val size = maxRows - 1
            val first = row / size * size
            first until minOf(rowCount, first + size)
        }
    }

    /**
     * The rows to draw, styled, with item [selected] (-1: none) highlighted, in at most [maxRows]
     * rows: the page with the selection, and the `rows a-b of n` row when not all fit.
     */
    fun page(selected: Int, maxRows: Int): List<String> {
        val row = if (selected in 0 until items.size) rowOf(selected) else 0
        val range = pageRange(row, maxRows)
        if (range.isEmpty()) return emptyList()
        val rows = ArrayList<String>(range.last - range.first + 2)
        for (r in range) rows.add(rowText(r, selected))
        if (range.last - range.first + 1 < rowCount && maxRows >= 2) {
            val text = MenuText.fit("rows ${range.first + 1}-${range.last + 1} of $rowCount", usable, flatten = true)
            rows.add(DIM + text + NORMAL)
        }
        return rows
    }

    private fun rowText(row: Int, selected: Int): String {
        val s = sectionOfRow(row)
        val shown = itemsOn(row)
        if (shown.isEmpty()) return BOLD + MenuText.fit(sections[s].title!!, usable, flatten = true) + NORMAL
        val out = StringBuilder()
        for (i in shown) {
            if (i > shown.first) out.append(" ".repeat(GAP))
            val last = i == shown.last
            if (i == selected) out.append(INVERSE)
            val value = MenuText.fit(items.values[i], valueCells, flatten = false)
            out.append(value)
            val description = if (describes) items.descriptions[i] else null
            val pad = valueCells - DisplayText.widthOfStyled(value)
            if (description != null) {
                out.append(" ".repeat(pad + GAP))
                out.append(MenuText.fit(description, usable - valueCells - GAP, flatten = true))
            } else if (!last || i == selected) {
                out.append(" ".repeat(pad))
            }
            if (i == selected) out.append(NO_INVERSE)
        }
        return out.toString()
    }

    private fun sectionOfItem(item: Int): Int {
        require(item in 0 until items.size) { "item $item outside 0 until ${items.size}" }
        var low = 0
        var high = sections.size - 1
        while (low < high) {
            val mid = (low + high + 1) ushr 1
            if (sections[mid].start <= item) low = mid else high = mid - 1
        }
        return low
    }

    private fun sectionOfRow(row: Int): Int {
        require(row in 0 until rowCount) { "row $row outside 0 until $rowCount" }
        var low = 0
        var high = sections.size - 1
        while (low < high) {
            val mid = (low + high + 1) ushr 1
            if (firstRows[mid] <= row) low = mid else high = mid - 1
        }
        return low
    }

    companion object {
        /** Cells between columns, and between a value and its description. */
        const val GAP: Int = 2

        /** The fewest cells of description worth showing; below that, values only. */
        const val MIN_DESCRIPTION: Int = 8

        /** The fewest cells of value kept beside descriptions. */
        const val MIN_VALUE: Int = 4

        private const val INVERSE = "\u001b[7m"
        private const val NO_INVERSE = "\u001b[27m"
        private const val BOLD = "\u001b[1m"
        private const val DIM = "\u001b[2m"
        private const val NORMAL = "\u001b[22m"
    }
}

/** Menu text as the terminal shows it, measured and cut to a number of cells. Pure. */
internal object MenuText {
    private const val ELLIPSIS = '\u2026'

    /** The width of [text] shown (control characters in caret notation), counted up to [cap]. */
    fun width(text: String, cap: Int): Int {
        var w = 0
        var i = 0
        while (i < text.length && w < cap) {
            val cp = text.codePointAt(i)
            w += cellsOf(cp, flatten = false)
            i += Character.charCount(cp)
        }
        return minOf(w, cap)
    }

    /**
     * [text] shown in at most [cells] cells: whole if it fits, else cut and ended with `…`.
     * [flatten] shows newlines and tabs as spaces (descriptions) instead of `^J`, `^I`.
     */
    fun fit(text: String, cells: Int, flatten: Boolean): String {
        if (cells <= 0) return ""
        val out = StringBuilder()
        if (appendUpTo(out, text, cells, flatten)) return out.toString()
        out.setLength(0)
        appendUpTo(out, text, cells - 1, flatten)
        return out.append(ELLIPSIS).toString()
    }

    /** Appends [text] to [out] as long as it fits in [cells]; true when all of it did. */
    private fun appendUpTo(out: StringBuilder, text: String, cells: Int, flatten: Boolean): Boolean {
        var w = 0
        var i = 0
        while (i < text.length) {
            val cp = text.codePointAt(i)
            val c = cellsOf(cp, flatten)
            if (w + c > cells) return false
            when {
                !DisplayText.isControl(cp) -> out.appendCodePoint(cp)
                flatten && (cp == '\n'.code || cp == '\r'.code || cp == '\t'.code) -> out.append(' ')
                else -> out.append(DisplayText.of(cp))
            }
            w += c
            i += Character.charCount(cp)
        }
        return true
    }

    private fun cellsOf(cp: Int, flatten: Boolean): Int = when {
        !DisplayText.isControl(cp) -> CellWidth.of(cp)
        flatten && (cp == '\n'.code || cp == '\r'.code || cp == '\t'.code) -> 1
        else -> DisplayText.of(cp).length
    }
}
