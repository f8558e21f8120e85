// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.text.CellWidth

/**
 * A minimal VT100 screen, [columns] wide and [height] rows high (unbounded by default), for
 * checking what redraw output leaves on screen. Rows are numbered from the first row ever used:
 * with a bounded height the screen is rows [screenTop] until `screenTop + height`, and rows
 * above it are the scrollback.
 *
 * It understands CR, LF (at the bottom row it scrolls the screen up, the top row going into the
 * scrollback), BS, `ESC[nA` and `ESC[nB` (stopping at the top and bottom rows, as xterm does;
 * each stop is counted in [clampedMoves]), `ESC[nC`, `ESC[nD`, `ESC[r;cH`, `ESC[J`, `ESC[2J`,
 * `ESC[K`, ignores SGR (`ESC[...m`), and prints characters with [CellWidth] widths as xterm
 * does: a character written in the last column leaves the cursor there with a wrap pending;
 * a wide character that does not fit wraps first and leaves the skipped cell untouched; a
 * combining mark with nothing before it on the row is dropped. Anything else fails, so an
 * unexpected sequence is caught rather than shown as text. [bytesWritten] counts the UTF-8
 * bytes of everything written.
 */
internal class ScreenModel(val columns: Int, val height: Int = Int.MAX_VALUE) {
    private val rows = ArrayList<Array<String?>>()

    /** The absolute row of the screen's first row; rows above it scrolled off. */
    var screenTop: Int = 0
        private set

    var row: Int = 0
        private set
    var column: Int = 0
        private set

    /** True when the last column was just written and the next character goes on the next row. */
    var wrapPending: Boolean = false
        private set

    /** The lowest row the cursor reached since [resetLowWater]. */
    var lowWater: Int = 0
        private set

    /** UTF-8 bytes written so far. */
    var bytesWritten: Long = 0
        private set

    /** How many times `ESC[nA` or `ESC[nB` would have gone past the screen's top or bottom row. */
    var clampedMoves: Int = 0
        private set

    private val bounded: Boolean get() = height != Int.MAX_VALUE

    /** The absolute row of the screen's last row (unbounded: no last row). */
    private val bottom: Int get() = if (bounded) screenTop + height - 1 else Int.MAX_VALUE

    /** Puts the cursor at the start of [row] without writing anything. */
    fun moveTo(row: Int) {
        this.row = row
        column = 0
        wrapPending = false
        resetLowWater()
    }

    fun resetLowWater() {
        lowWater = row
    }

    fun write(output: String) {
        bytesWritten += output.toByteArray(Charsets.UTF_8).size
        var i = 0
        while (i < output.length) {
            val c = output[i]
            when {
                c == '\r' -> { column = 0; wrapPending = false; i++ }
                c == '\n' -> { lineFeed(); wrapPending = false; i++ }
                c == '\b' -> {
                    check(!wrapPending) { "BS on a pending wrap (terminals disagree) at $i in ${output.quoted()}" }
                    if (column > 0) column--
                    i++
                }
                c == '\u001b' -> i = escape(output, i)
                c < ' ' || c == '\u007f' -> error("raw control 0x%02x at $i in ${output.quoted()}".format(c.code))
                else -> {
                    val cp = output.codePointAt(i)
                    print(cp)
                    i += Character.charCount(cp)
                }
            }
        }
    }

    /** The cells of [row], each a character (with any combining marks), "" for the right half of a wide one, or null. */
    fun cells(row: Int): List<String?> = if (row < rows.size) rows[row].toList() else List(columns) { null }

    /** Everything written on rows [from] until [until], read left to right, blanks skipped. */
    fun text(from: Int, until: Int): String = (from until until).joinToString("") { r -> cells(r).filterNotNull().joinToString("") }

    /** The text on the screen from the start of [from] up to (not including) the cursor. */
    fun textBeforeCursor(from: Int): String =
        text(from, row) + cells(row).take(column).filterNotNull().joinToString("")

    /** The index of the last row holding anything, or -1. */
    val lastUsedRow: Int get() = rows.indexOfLast { r -> r.any { it != null } }

    /** The screen's rows (a bounded screen), each read as [text] reads one row. */
    fun screenText(): List<String> = (screenTop until screenTop + height).map { text(it, it + 1) }

    /** The scrollback's rows, oldest first. */
    fun scrollbackText(): List<String> = (0 until screenTop).map { text(it, it + 1) }

    private fun setRow(r: Int) {
        row = r
        if (row < lowWater) lowWater = row
    }

    /** Down one row; at the screen's bottom the screen scrolls up instead. */
    private fun lineFeed() {
        if (row >= bottom) screenTop++
        setRow(row + 1)
    }

    private fun line(r: Int): Array<String?> {
        while (rows.size <= r) rows += arrayOfNulls<String>(columns)
        return rows[r]
    }

    private fun print(cp: Int) {
        val s = String(Character.toChars(cp))
        val w = CellWidth.of(cp)
        if (w == 0) {
            // Combining: joins the character before the cursor (the last column when a wrap is pending).
            val col = if (wrapPending) column else column - 1
            if (col < 0) return
            val cells = line(row)
            var c = col
            while (c > 0 && cells[c] == "") c--
            cells[c] = (cells[c] ?: "") + s
            return
        }
        if (wrapPending || column + w > columns) {
            lineFeed()
            column = 0
            wrapPending = false
        }
        val cells = line(row)
        // Overwriting half of a wide character blanks its other half, as terminals do.
        for (c in column until column + w) {
            if (cells[c] == "" && c > 0) cells[c - 1] = null
            if (c + 1 < columns && cells[c] != null && cells[c] != "" && cells[c + 1] == "") cells[c + 1] = null
        }
        cells[column] = s
        if (w == 2) cells[column + 1] = ""
        column += w
        if (column >= columns) {
            column = columns - 1
            wrapPending = true
        }
    }

    private fun escape(output: String, start: Int): Int {
        check(start + 1 < output.length && output[start + 1] == '[') { "unsupported escape at $start in ${output.quoted()}" }
        var i = start + 2
        while (i < output.length && output[i] in "0123456789;") i++
        check(i < output.length) { "unterminated CSI in ${output.quoted()}" }
        val params = output.substring(start + 2, i)
        val n = params.toIntOrNull() ?: 1
        when (output[i]) {
            'A' -> {
                if (row - n < screenTop) clampedMoves++
                setRow(maxOf(screenTop, row - n))
                wrapPending = false
            }
            'B' -> {
                if (bounded && row + n > bottom) clampedMoves++
                setRow(minOf(bottom, row + n))
                wrapPending = false
            }
            'C' -> { column = minOf(columns - 1, column + n); wrapPending = false }
            'D' -> { column = maxOf(0, column - n); wrapPending = false }
            'H' -> {
                val parts = params.split(';')
                val r = parts.getOrNull(0)?.toIntOrNull() ?: 1
                val c = parts.getOrNull(1)?.toIntOrNull() ?: 1
                setRow(screenTop + r - 1)
                column = c - 1
                wrapPending = false
            }
            'J' -> when (params) {
                "", "0" -> {
                    line(row).fill(null, column, columns)
                    for (r in row + 1 until minOf(rows.size, if (bounded) bottom + 1 else rows.size)) rows[r].fill(null)
                }
                "2" -> for (r in screenTop until minOf(rows.size, if (bounded) bottom + 1 else rows.size)) rows[r].fill(null)
                else -> error("only ESC[J and ESC[2J are modelled")
            }
            'K' -> {
                check(params.isEmpty() || params == "0") { "only ESC[K is modelled" }
                line(row).fill(null, column, columns)
            }
            'm' -> Unit
            else -> error("unsupported CSI ${output[i]} in ${output.quoted()}")
        }
        return i + 1
    }

    private fun String.quoted(): String = "\"" + replace("\u001b", "\\e").replace("\r", "\\r").replace("\n", "\\n") + "\""
}
