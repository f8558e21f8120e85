// SPDX-License-Identifier: Apache-2.0
package coterm.test

/**
 * What a [VirtualScreen] showed at one moment, immutable. [lines] are the visible rows with
 * trailing blanks trimmed (a wide character is one character, not two); [scrollback] holds the
 * rows that scrolled off the top, oldest first. Rows and columns count from 0. Rows are read
 * with their trailing blanks trimmed: look for `"# history"`, not `"# history "`.
 */
public interface ScreenSnapshot {
    /** The visible rows, top first, trailing blanks trimmed. */
    public val lines: List<String>

    /** The rows that scrolled off the top, oldest first (bounded by the screen's scrollback limit). */
    public val scrollback: List<String>

    /** The cursor's row on the visible screen. */
    public val cursorRow: Int

    /** The cursor's column (in cells). */
    public val cursorColumn: Int

    /** The screen's width in cells. */
    public val columns: Int

    /** Scrollback then the visible rows, with blank rows after the last non-blank one dropped. */
    public val allLines: List<String> get() = (scrollback + lines).dropLastWhile { it.isEmpty() }

    /** The visible row the cursor is on. */
    public val cursorLine: String get() = lines[cursorRow]

    /** The visible row above the cursor, or the last row of the scrollback at the top ("" if none). */
    public val lineAboveCursor: String get() = if (cursorRow > 0) lines[cursorRow - 1] else scrollback.lastOrNull() ?: ""

    /** Whether any line (scrollback included) contains [text]. */
    public operator fun contains(text: String): Boolean = allLines.any { text in it }

    /** Whether any line (scrollback included) is exactly [text] once trailing blanks are ignored. */
    public fun hasLine(text: String): Boolean = allLines.any { it == text.trimEnd() }

    /** The index of the last visible row that contains [text], or -1. */
    public fun lastRowContaining(text: String): Int = lines.indexOfLast { text in it }

    /** The style of the cell at [row], [column] on the visible screen (the right half of a wide character has its left half's). */
    public fun styleAt(row: Int, column: Int): CellStyle

    /**
     * The style of the first character of the last visible occurrence of [text] (the most recent
     * output is lowest), or null when no visible row contains it.
     */
    public fun styleOf(text: String): CellStyle?

    /** The rows framed with row numbers and the cursor shown as `█`: what a failed wait shows. */
    public fun render(): String = buildString {
        if (scrollback.isNotEmpty()) {
            append("  (").append(scrollback.size).append(" lines in scrollback, last ones:)\n")
            for (line in scrollback.takeLast(10)) append("   | ").append(line).append('\n')
        }
        append("   +").append("-".repeat(columns)).append("+ cursor row ").append(cursorRow)
            .append(" col ").append(cursorColumn).append('\n')
        val shown = maxOf(cursorRow, lines.indexOfLast { it.isNotEmpty() })
        lines.take(shown + 1).forEachIndexed { r, line ->
            val text = if (r == cursorRow) {
                val padded = line.padEnd(cursorColumn + 1)
                padded.substring(0, cursorColumn) + "█" + padded.substring(cursorColumn + 1)
            } else line
            append(r.toString().padStart(2)).append(" |").append(text).append('\n')
        }
        if (shown < lines.size - 1) append("   (rows ").append(shown + 1).append("..").append(lines.size - 1).append(" blank)\n")
        append("   +").append("-".repeat(columns)).append('+')
    }
}

/** A [VirtualScreen]'s cells copied at one moment: each cell's text ("" for the right half of a wide character) and style. */
internal class GridSnapshot(
    override val lines: List<String>,
    override val scrollback: List<String>,
    override val cursorRow: Int,
    override val cursorColumn: Int,
    override val columns: Int,
    private val cells: List<List<String>>,
    private val styles: List<List<CellStyle>>,
) : ScreenSnapshot {
    override fun styleAt(row: Int, column: Int): CellStyle = styles[row][column]

    override fun styleOf(text: String): CellStyle? {
        val r = lastRowContaining(text)
        if (r < 0) return null
        val index = lines[r].lastIndexOf(text)
        // lines[r] is the row's cells joined, right halves of wide characters left out: walk the cells to the column.
        var chars = 0
        for ((c, cell) in cells[r].withIndex()) {
            if (cell.isEmpty()) continue // the right half of a wide character
            if (chars >= index) return styles[r][c]
            chars += cell.length
        }
        return null
    }

    /** The same as [render]. */
    override fun toString(): String = render()
}
