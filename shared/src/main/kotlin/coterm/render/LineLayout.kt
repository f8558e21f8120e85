// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.CellWidth
import coterm.text.DisplayText

/**
 * A prompt and the line being edited laid out in the rows of a terminal [width] cells wide, as
 * the terminal itself would wrap them: each newline of multi-line input starts a row with the
 * [continuation] prompt; control characters take their caret form (`^C`, `<U+0085>`), plain
 * characters to the terminal that a row edge may split; a wide character that does not fit in
 * the cells left moves whole to the next row; a zero-width mark stays with the character
 * before it. When the text ends exactly at a row's edge, one more, empty row follows, where the
 * cursor shows after the last character.
 *
 * Incremental, for lines of a million characters: [update] compares the new text with the last
 * ([TextDiff]) and lays out again only from the row where the first change is, so an edit near
 * the end costs the rows it touches, not the line; runs of printable ASCII are laid out a row at
 * a time. A row is kept as four integers and a flag (no copy of the text per row); [row] builds
 * the one row asked for.
 *
 * Pure: no I/O, no threads, no clock. Not thread-safe (the console writer owns it under its lock).
 */
internal class LineLayout(prompt: String, private val continuation: String, val width: Int) {
    private var promptRows = PromptRows(prompt, width)
    private val continuationRows = PromptRows(continuation, width)

    /** The prompt now laid out. */
    var prompt: String = prompt
        private set

    /** The text now laid out. */
    var text: String = ""
        private set

    /** How many rows the prompt and text take; at least one. */
    var rowCount: Int = 0
        private set

    // Row r starts with lead leads[r] (0: none, p + 1: prompt piece p, -(p + 1): continuation
    // piece p), then the text from index starts[r], of whose caret form subs[r] characters are
    // already on the rows before; it takes cells[r] cells; hard[r] when a newline began it.
    private var starts = IntArray(16)
    private var subs = IntArray(16)
    private var leads = IntArray(16)
    private var cellsUsed = IntArray(16)
    private var hard = BooleanArray(16)

    init {
        layoutFrom(0)
    }

    /**
     * Lays out [newText] after [newPrompt] and returns the first row that may differ from the
     * rows before the call (rows before it are unchanged); [rowCount] (the new one) when none.
     * The caller may know that the first [unchanged] characters of the text are the same as
     * last time: they are not compared.
     */
    fun update(newPrompt: String, newText: String, unchanged: Int = 0): Int {
        if (newPrompt != prompt) {
            prompt = newPrompt
            promptRows = PromptRows(newPrompt, width)
            text = newText
            layoutFrom(0)
            return 0
        }
        val d = TextDiff.firstDifference(text, newText, unchanged)
        if (d == text.length && d == newText.length) return rowCount
        text = newText
        // The row of the character before the change: a zero-width mark or a narrower character
        // at the change may join the end of that row.
        val r = lastRowStartingBefore(d)
        layoutFrom(r)
        return r
    }

    /** Whether row [r] continues row r - 1 by wrapping (not after a newline); false for row 0. */
    fun isSoft(r: Int): Boolean = r > 0 && !hard[r]

    /**
     * Row [r] as the screen shows it, with the parts of [styles] (spans over [text]) that fall in
     * it: a character takes the style of its first UTF-16 unit, a control character's whole
     * caret form that of the character. Only this row's spans are looked at.
     */
    fun row(r: Int, styles: LineStyles? = null): ScreenRow {
        require(r in 0 until rowCount) { "row $r of $rowCount" }
        val lead = leads[r]
        val leadText = when {
            lead > 0 -> promptRows.pieces[lead - 1]
            lead < 0 -> continuationRows.pieces[-lead - 1]
            else -> ""
        }
        val leadCells = when {
            lead > 0 -> promptRows.cells[lead - 1]
            lead < 0 -> continuationRows.cells[-lead - 1]
            else -> 0
        }
        val to = if (r + 1 < rowCount) starts[r + 1] else text.length
        val toSub = if (r + 1 < rowCount) subs[r + 1] else 0
        val body = StringBuilder(minOf(width, maxOf(0, to - starts[r]) + 8))
        val runs = if (styles == null || styles.size == 0) null else StyleRuns.Builder()
        // The first span that may style this row; it only moves forward.
        var p = if (runs == null) 0 else styles!!.firstEndingAfter(starts[r])
        var i = starts[r]
        var s = subs[r]
        while (i < to) {
            val c = text[i]
            val b0 = body.length
            if (c in ' '..'~') {
                var j = i + 1
                while (j < to && text[j] in ' '..'~') j++
                body.append(text, i, j)
                if (runs != null) p = styleOneToOne(styles!!, p, i, j, b0, runs)
                i = j
                continue
            }
            if (c == '\n') {
                i++
                continue
            }
            val cp = Character.codePointAt(text, i)
            if (DisplayText.isControl(cp)) {
                body.append(DisplayText.of(cp), s, caretLength(cp))
                s = 0
            } else {
                body.appendCodePoint(cp)
            }
            if (runs != null) p = styleUnit(styles!!, p, i, b0, body.length, runs)
            i += if (DisplayText.isControl(cp)) 1 else Character.charCount(cp)
        }
        if (i == to && toSub > s) {
            val b0 = body.length
            body.append(DisplayText.of(text.codePointAt(to)), s, toSub)
            if (runs != null) styleUnit(styles!!, p, to, b0, body.length, runs)
        }
        return ScreenRow(leadText, leadCells, body.toString(), cellsUsed[r], runs?.build())
    }

    /** Styles body [b0] on, which shows text [i] until [j] one char to one cell; returns the span to look at next. */
    private fun styleOneToOne(styles: LineStyles, first: Int, i: Int, j: Int, b0: Int, runs: StyleRuns.Builder): Int {
        var p = first
        while (p < styles.size && styles.start(p) < j) {
            val from = maxOf(styles.start(p), i)
            val until = minOf(styles.end(p), j)
            if (from < until) runs.add(b0 + from - i, b0 + until - i, styles.code(p))
            if (styles.end(p) <= j) p++ else break
        }
        return p
    }

    /** Styles body [b0] until [b1], which shows the one character at text [i], with that character's style; returns the span to look at next. */
    private fun styleUnit(styles: LineStyles, first: Int, i: Int, b0: Int, b1: Int, runs: StyleRuns.Builder): Int {
        var p = first
        while (p < styles.size && styles.end(p) <= i) p++
        if (p < styles.size && styles.start(p) <= i) runs.add(b0, b1, styles.code(p))
        return p
    }

    /**
     * Where the cursor shows when it is at text index [index]: row in the high 32 bits, column in
     * the low ones ([rowOf], [columnOf]). It is on the first cell of its character, so on the
     * next row when that character wrapped; at a newline that ends a full row, on the row's last
     * cell; at the end of a text that fills its last row, on the empty row after it.
     */
    fun cursor(index: Int): Long {
        val r = rowOf(index)
        var col = leadCells(r)
        var i = starts[r]
        var s = subs[r]
        while (i < index) {
            val c = text[i]
            if (c in ' '..'~') {
                var j = i + 1
                while (j < index && text[j] in ' '..'~') j++
                col += j - i
                i = j
                continue
            }
            val cp = Character.codePointAt(text, i)
            col += when {
                c == '\n' -> 0
                DisplayText.isControl(cp) -> caretLength(cp) - s
                else -> CellWidth.of(cp)
            }
            s = 0
            i += Character.charCount(cp)
        }
        if (index < text.length && text[index] == '\n') return pack(r, minOf(col, width - 1))
        if (col >= width) return pack(r + 1, 0)
        return pack(r, col)
    }

    /** The row holding the first cell of the character at [index]: the last row starting before it, or at it from its first cell. */
    private fun rowOf(index: Int): Int {
        var low = 0
        var high = rowCount - 1
        while (low < high) {
            val mid = (low + high + 1) ushr 1
            if (starts[mid] < index || (starts[mid] == index && subs[mid] == 0)) low = mid else high = mid - 1
        }
        return low
    }

    /** The first row that can show anything of text [index] on (a row before it may end with a mark joined to it): for a change of style there. */
    fun firstRowShowing(index: Int): Int = lastRowStartingBefore(index)

    private fun lastRowStartingBefore(index: Int): Int {
        var low = 0
        var high = rowCount - 1
        while (low < high) {
            val mid = (low + high + 1) ushr 1
            if (starts[mid] < index) low = mid else high = mid - 1
        }
        return low
    }

    private fun leadCells(r: Int): Int {
        val lead = leads[r]
        return when {
            lead > 0 -> promptRows.cells[lead - 1]
            lead < 0 -> continuationRows.cells[-lead - 1]
            else -> 0
        }
    }

    /** Lays out rows [from] onwards again; rows before it stay. */
    private fun layoutFrom(from: Int) {
        val n = text.length
        var i: Int
        var s: Int
        var lead: Int
        var isHard: Boolean
        if (from == 0) {
            i = 0
            s = 0
            lead = if (promptRows.isEmpty) 0 else 1
            isHard = false
        } else {
            i = starts[from]
            s = subs[from]
            lead = leads[from]
            isHard = hard[from]
        }
        rowCount = from
        beginRow(i, s, lead, isHard)
        var col = leadCells(from)
        col = finishLeads(lead, i, col)
        while (true) {
            if (i >= n) {
                if (col >= width) {
                    endRow(col)
                    beginRow(n, 0, 0, false)
                    col = 0
                }
                endRow(col)
                return
            }
            val c = text[i]
            if (c in ' '..'~') {
                if (col >= width) {
                    endRow(col)
                    beginRow(i, 0, 0, false)
                    col = 0
                }
                // A run of printable ASCII, one cell each: up to the row's edge in one step.
                val limit = minOf(n, i + (width - col))
                var j = i + 1
                while (j < limit && text[j] in ' '..'~') j++
                col += j - i
                i = j
                continue
            }
            if (c == '\n') {
                endRow(col)
                i++
                lead = if (continuationRows.isEmpty) 0 else -1
                beginRow(i, 0, lead, true)
                col = if (lead == 0) 0 else continuationRows.cells[0]
                col = finishLeads(lead, i, col)
                continue
            }
            val cp = Character.codePointAt(text, i)
            if (DisplayText.isControl(cp)) {
                val length = caretLength(cp)
                while (s < length) {
                    if (col >= width) {
                        endRow(col)
                        beginRow(i, s, 0, false)
                        col = 0
                    }
                    col++
                    s++
                }
                s = 0
                i++
                continue
            }
            val w = CellWidth.of(cp)
            if (w > 0 && col + w > width) {
                endRow(col)
                beginRow(i, 0, 0, false)
                col = 0
            }
            col += w
            i += Character.charCount(cp)
        }
    }

    /** The rows of a lead that takes more than one row; returns the column after its last piece. */
    private fun finishLeads(first: Int, i: Int, firstCol: Int): Int {
        var lead = first
        var col = firstCol
        while (lead != 0) {
            val rows = if (lead > 0) promptRows else continuationRows
            val piece = if (lead > 0) lead - 1 else -lead - 1
            if (piece == rows.last) break
            endRow(col)
            lead = if (lead > 0) lead + 1 else lead - 1
            beginRow(i, 0, lead, false)
            col = rows.cells[piece + 1]
        }
        return col
    }

    private fun beginRow(start: Int, sub: Int, lead: Int, isHard: Boolean) {
        if (rowCount == starts.size) {
            val size = starts.size * 2
            starts = starts.copyOf(size)
            subs = subs.copyOf(size)
            leads = leads.copyOf(size)
            cellsUsed = cellsUsed.copyOf(size)
            hard = hard.copyOf(size)
        }
        starts[rowCount] = start
        subs[rowCount] = sub
        leads[rowCount] = lead
        hard[rowCount] = isHard
        rowCount++
    }

    private fun endRow(col: Int) {
        cellsUsed[rowCount - 1] = col
    }

    companion object {
        fun rowOf(packed: Long): Int = (packed ushr 32).toInt()

        fun columnOf(packed: Long): Int = packed.toInt()

        private fun pack(row: Int, col: Int): Long = (row.toLong() shl 32) or col.toLong()

        /** The length of the caret form of control [cp]: `^C` or `<U+0085>`. */
        private fun caretLength(cp: Int): Int = if (cp < 0x20 || cp == 0x7f) 2 else 8
    }
}
