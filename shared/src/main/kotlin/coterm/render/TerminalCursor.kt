// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * Where the terminal's cursor is, as the output written so far leaves it, and the shortest
 * motions to move it: rows counted from the first row of what the renderer draws, so that only
 * relative motions are needed (CR, BS, `ESC[nA` up, `ESC[nB` down, `ESC[nC` right, `ESC[nD`
 * left, all VT100). It writes into [out], which the renderer sets for each call.
 *
 * [pending] is xterm's pending wrap: after a character is written in the last column the
 * cursor stays on it and the next character goes to the next row's first cell. A motion cancels
 * it; the cursor is then taken as being on the last column, and the column is set again with
 * CR so that terminals that keep it one column further agree. Pure; not thread-safe.
 */
internal class TerminalCursor(var width: Int) {
    var out: StringBuilder = StringBuilder()

    var row: Int = 0
        private set
    var col: Int = 0
        private set
    var pending: Boolean = false
        private set

    /** Takes the cursor to be at [row], [col] without writing anything (a fresh start). */
    fun reset(row: Int, col: Int) {
        this.row = row
        this.col = col
        pending = false
    }

    /**
     * Moves to [r], [c], which exist on the screen. With [forWrite], a pending wrap on that very
     * cell is cancelled so that what is written next lands on it; otherwise the cursor is left
     * there, which shows the same.
     */
    fun moveTo(r: Int, c: Int, forWrite: Boolean = false) {
        if (r == row && c == col && !(pending && forWrite)) return
        if (r < row) csi(row - r, 'A') else if (r > row) csi(r - row, 'B')
        row = r
        if (pending) {
            out.append('\r')
            if (c > 0) csi(c, 'C')
            pending = false
        } else {
            when {
                c == col -> Unit
                c == 0 -> out.append('\r')
                c > col -> csi(c - col, 'C')
                col - c == 1 -> out.append('\b')
                else -> csi(col - c, 'D')
            }
        }
        col = c
    }

    /** Moves to row [r] (which exists), keeping the column. */
    fun moveToRow(r: Int) {
        if (r < row) csi(row - r, 'A') else if (r > row) csi(r - row, 'B')
        if (r != row && pending) {
            // The vertical move ended the pending wrap: say where the column is.
            out.append('\r')
            if (col > 0) csi(col, 'C')
            pending = false
        }
        row = r
    }

    /** Moves up [n] rows (a terminal stops at its top row). */
    fun up(n: Int) {
        if (n > 0) csi(n, 'A')
        row -= n
        pending = false
    }

    /** CR LF: the first cell of the next row, which the terminal scrolls into view at the bottom. */
    fun newLine() {
        out.append("\r\n")
        row++
        col = 0
        pending = false
    }

    /** The next character written wraps to the next row's first cell (after a pending wrap, or a wide character that does not fit). */
    fun wrapsOnNextCharacter() {
        row++
        col = 0
        pending = false
    }

    /** Records that [cells] cells were just written on the current row. */
    fun wrote(cells: Int) {
        col += cells
        if (col >= width) {
            col = width - 1
            pending = true
        }
    }

    private fun csi(n: Int, final: Char) {
        out.append("\u001b[")
        if (n != 1) out.append(n)
        out.append(final)
    }
}
