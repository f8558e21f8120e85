package coterm.testing

import coterm.editor.CellWidth

/**
 * A minimal VT100 screen, [columns] wide and unbounded downwards, for checking what redraw
 * output leaves on screen. It understands CR, LF, `ESC[nA`, `ESC[nB`, `ESC[nC`, `ESC[J`,
 * `ESC[K`, ignores SGR (`ESC[...m`), and prints characters with [CellWidth] widths as xterm
 * does: a character written in the last column leaves the cursor there with a wrap pending;
 * a wide character that does not fit wraps first and leaves the skipped cell untouched.
 * Anything else fails, so an unexpected sequence is caught rather than shown as text.
 */
internal class ScreenModel(val columns: Int) {
    private val rows = ArrayList<Array<String?>>()

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
        var i = 0
        while (i < output.length) {
            val c = output[i]
            when {
                c == '\r' -> { column = 0; wrapPending = false; i++ }
                c == '\n' -> { setRow(row + 1); wrapPending = false; i++ }
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

    private fun setRow(r: Int) {
        row = r
        if (row < lowWater) lowWater = row
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
            check(col >= 0) { "combining mark with nothing before it" }
            val cells = line(row)
            var c = col
            while (c > 0 && cells[c] == "") c--
            cells[c] = (cells[c] ?: "") + s
            return
        }
        if (wrapPending || column + w > columns) {
            setRow(row + 1)
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
            'A' -> { setRow(row - n); wrapPending = false }
            'B' -> { setRow(row + n); wrapPending = false }
            'C' -> { column = minOf(columns - 1, column + n); wrapPending = false }
            'J' -> {
                check(params.isEmpty() || params == "0") { "only ESC[J is modelled" }
                line(row).fill(null, column, columns)
                for (r in row + 1 until rows.size) rows[r].fill(null)
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
