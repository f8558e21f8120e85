// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * What a terminal that reflows on a width change (VTE, kitty, iTerm2, Windows Terminal, tmux)
 * does to rows already drawn: it rewraps each logical line (a row and the soft-wrapped rows
 * after it) at the new width. [LineDisplay.resize] asks it where the block's first row went. Pure.
 */
internal object Reflow {
    /**
     * How many rows above the cursor the first of the rows [from] until [until] starts once the
     * terminal has rewrapped them from [width] to [newWidth] columns. [soft] says whether a row
     * continues the one above it (the terminal wrapped into it), [cells] how many cells a row
     * holds (null: unknown, counted full); the cursor is at row [cursorRow], column [cursorCol].
     */
    fun rowsAboveCursor(
        from: Int,
        until: Int,
        soft: (Int) -> Boolean,
        cells: (Int) -> Int?,
        cursorRow: Int,
        cursorCol: Int,
        width: Int,
        newWidth: Int,
    ): Int {
        var rows = 0
        var b = from
        while (b < until) {
            var e = b
            while (e + 1 < until && soft(e + 1)) e++
            if (cursorRow in b..e) return rows + ((cursorRow - b) * width + cursorCol) / newWidth
            // A wrapped row holds the full width to the terminal (a wide character that did not
            // fit leaves a padding cell); the last row at least the cell a wrap put there.
            val lastCells = cells(e) ?: width
            val total = (e - b) * width + (if (e > b) maxOf(1, lastCells) else lastCells)
            rows += maxOf(1, (total + newWidth - 1) / newWidth)
            b = e + 1
        }
        return rows
    }
}
