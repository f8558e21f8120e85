// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * Which rows of a line taller than the screen are shown: a window of the screen's height that
 * holds the cursor's row, kept still while the cursor stays inside it and moved as little as
 * possible when it leaves.
 *
 * What the window leaves out is said on a marker row, drawn in inverse video so that it is never
 * taken for text: `[12 more rows below]` on the window's last row when rows follow it (the
 * terminal has never shown them, or shows them no longer), `[5 more rows above]` on its first
 * row when the rows before it are not in the terminal's scrollback right above the screen
 * (after a move up, or when the line is drawn afresh below printed output). Rows that scrolled
 * off the top while the line was typed are in the scrollback, in order, where the terminal
 * shows them: no marker then, which is also what keeps typing at the end of a tall line cheap.
 * A marker covers a row of the line, so it is counted as hidden. Screens under three rows get no
 * markers (there would be no room left for the line).
 *
 * Compared with JLine: `LineReaderImpl.redisplay` shows the rows from the cursor's down, or the
 * last rows, with one `>....` row, and redraws them in place on every change, so nothing of the
 * line reaches the scrollback. GNU readline draws the first screenful and cannot move the cursor
 * above the top row. Pure: no state.
 */
internal object Viewport {
    /** The fewest rows on which markers are shown: one of the line between two markers. */
    const val MIN_HEIGHT_FOR_MARKERS: Int = 3

    fun markersAllowed(height: Int): Boolean = height >= MIN_HEIGHT_FOR_MARKERS

    /**
     * The first row of the window over rows [first] until [end] (a status row above the prompt
     * is row -1) on a screen [height] rows high that shows row [cursor], starting from the
     * window at [current]: [first] when all rows fit. [continuesScrollback] is the row the
     * scrollback ends just before (a window starting there needs no marker above).
     */
    fun top(current: Int, cursor: Int, first: Int, end: Int, height: Int, continuesScrollback: Int): Int {
        if (end - first <= height) return first
        val max = end - height
        val markers = markersAllowed(height)
        var t = current.coerceIn(first, max)
        val low = t + (if (markers && t > first && t != continuesScrollback) 1 else 0)
        val high = t + height - 1 - (if (markers && t + height < end) 1 else 0)
        if (cursor in low..high) return t
        if (cursor > high) {
            // Down: the cursor's row becomes the last row of the line shown.
            t = cursor - height + 1
            if (markers && t + height < end) t++
        } else {
            // Up: the cursor's row becomes the first row of the line shown.
            t = cursor
            if (markers && t > first && t != continuesScrollback) t--
        }
        return t.coerceIn(first, max)
    }

    /** A marker row saying [hidden] rows are above or below the window, cut to fit in [width] - 1 cells. */
    fun marker(hidden: Int, above: Boolean, width: Int): ScreenRow {
        val where = if (above) "above" else "below"
        val room = width - 1
        val text = listOf("[$hidden more rows $where]", "[$hidden $where]", "[+$hidden]")
            .firstOrNull { it.length <= room } ?: "[+$hidden]".take(room)
        return ScreenRow("$INVERSE$text$PLAIN", text.length, "", text.length)
    }

    private const val INVERSE = "\u001b[7m"
    private const val PLAIN = "\u001b[0m"
}
