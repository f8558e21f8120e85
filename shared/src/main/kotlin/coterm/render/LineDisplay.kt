// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * The line being edited as it is on the screen, and the output that changes the screen into the
 * next state of the line: the renderer that knows what the terminal shows and writes only the
 * difference.
 *
 * What is drawn is the *block*: consecutive screen rows, counted from the first one drawn. The
 * block shows rows of a document, the optional status row (row -1), the rows of a
 * [LineLayout] (row 0 holds the prompt) and, below them, the optional footer rows (the
 * completion menu; the caller keeps them within the screen); each screen row's content ([ScreenRow]) is kept, and
 * the cursor's place ([TerminalCursor]). [render] compares row by row and writes, per changed
 * row, from its first changed cell, with `ESC[K` only where the row got shorter, and clears
 * (`ESC[J`) rows that disappear. So a typed character at the end writes that character; a
 * cursor motion writes a motion; a row whose content is unchanged is not even built.
 *
 * **Viewport.** A document taller than the screen ([height]) is shown through a window of
 * [height] rows around the cursor ([Viewport]); the cursor never goes above the screen's top
 * row, which a terminal would stop it at. The window moves down by writing at the bottom, the
 * terminal's own scroll, when the rows it pushes into the scrollback are the next ones of the
 * line there (so typing or pasting at the end writes each character once and the scrollback
 * keeps the line in order), and moves in place otherwise: it is then redrawn over the same
 * screen rows, at most [height] rows written. What the scrollback holds of a line taller than
 * the screen is what scrolled off while it was typed; rows edited after that are not written
 * into it again.
 *
 * **Resize.** Terminals disagree on what a width change does to rows already drawn: VTE, kitty,
 * iTerm2, Windows Terminal and tmux reflow soft-wrapped rows (rows the cursor wrapped out of),
 * xterm and the Linux console keep the rows and cut them. [resize] assumes the reflow, as JLine
 * does, since it is what most terminals do: it works out where the block's first row went after
 * the terminal rewrapped each logical line at the new width, moves there, and the next [render]
 * draws afresh. Rows are drawn by letting the cursor wrap wherever the layout wraps, so the
 * terminal's logical lines are the layout's. On a terminal that does not reflow, a width change
 * can leave a stale copy of the prompt's first rows above the redrawn line, or clear as many
 * rows of earlier output. A block that fills the screen is redrawn from the screen's top row
 * (moving up further than there are rows stops there), which is right on both kinds.
 *
 * | state | [render] | [erase] | [finish], [leave] | [resize] | [forget] |
 * |---|---|---|---|---|---|
 * | nothing drawn | draws afresh at the cursor (`CR ESC[J` first) | nothing | nothing | sets the size | nothing |
 * | drawn | writes the difference | clears the block: the cursor is where it started | markers taken away, cursor after the end / below the block; nothing drawn | moves to the block's first row; nothing drawn | nothing drawn (the caller cleared the screen) |
 *
 * Pure: it only appends to the [StringBuilder] it is given; no I/O, no threads. Not
 * thread-safe: the console writer calls it under its lock.
 */
internal class LineDisplay(width: Int, height: Int) {
    var width: Int = width.coerceAtLeast(2)
        private set
    var height: Int = height.coerceAtLeast(1)
        private set

    /** One screen row of the block: what it shows, which document row that is (or [NOT_DOC]), and whether the terminal wrapped into it. */
    private class Shown(var row: ScreenRow?, var doc: Int, val soft: Boolean)

    private val cursor = TerminalCursor(this.width)

    /** Block rows drawn so far; 0 when nothing is drawn. Rows below [firstVisible] scrolled off the top. */
    private var blockRows = 0
    private var firstVisible = 0

    /** The visible rows, [firstVisible] until [blockRows]. */
    private val shown = ArrayDeque<Shown>()

    /** Document row = block row + [docShift]. */
    private var docShift = 0

    /** The document row that last went into the scrollback right above the screen, or [NONE]. */
    private var scrollbackTail = NONE

    /** The highest document row ever pushed into the scrollback, or [NONE]: pushing rows above it again would repeat them. */
    private var maxPushed = NONE

    /** The window a fresh draw starts from, or [NONE] for one with the cursor on its last row. */
    private var preferredTop = NONE

    private var layout: LineLayout? = null
    private var header: ScreenRow? = null
    private var footer: List<ScreenRow> = emptyList()
    private var styles: LineStyles? = null
    private var ghost: Ghost? = null
    private var cursorDocRow = 0
    private var cursorDocCol = 0

    /** True when something is drawn. */
    val isDrawn: Boolean get() = blockRows > 0

    /** The document row on the screen's first row of the block (the window's top), for tests and the writer. */
    val top: Int get() = firstVisible + docShift

    /** The rows on the screen now, first visible first (null: unknown). For tests. */
    val visibleRows: List<ScreenRow?> get() = shown.map { it.row }

    /**
     * Makes the screen show [header] (a status row, or null) above [layout] and the rows of
     * [footer] below it (document rows from `layout.rowCount` on), with the cursor at document
     * row [cursorRow], column [cursorCol]. [changedFrom] is the first document row whose content
     * may differ from the last render (-1 for the status row; rows before it are not looked
     * at); after a new layout or a different status it must be -1 or 0. Rows from [changedFrom]
     * on are compared with the screen and only those that differ are written. [styles] colour
     * the text of the rows drawn; [ghost] is drawn after the text on the layout's last row (the
     * caller gives it only with the cursor at the text's end). A change of either must be
     * counted in [changedFrom] by the caller, as a change of text is.
     */
    fun render(
        out: StringBuilder,
        layout: LineLayout,
        header: ScreenRow?,
        changedFrom: Int,
        cursorRow: Int,
        cursorCol: Int,
        styles: LineStyles? = null,
        ghost: Ghost? = null,
        footer: List<ScreenRow> = emptyList(),
    ) {
        check(layout.width == width) { "the layout is for ${layout.width} columns, the screen has $width" }
        this.layout = layout
        this.header = header
        this.footer = footer
        this.styles = styles
        this.ghost = ghost
        cursor.out = out
        cursorDocRow = cursorRow
        cursorDocCol = cursorCol
        val first = if (header != null) -1 else 0
        val end = layout.rowCount + footer.size
        val fresh = blockRows == 0
        if (fresh) {
            out.append("\r\u001b[J")
            blockRows = 1
            firstVisible = 0
            shown.clear()
            shown.addLast(Shown(ScreenRow.Blank, NOT_DOC, false))
            cursor.reset(0, 0)
            scrollbackTail = NONE
        }
        val current = when {
            !fresh -> firstVisible + docShift
            preferredTop == NONE -> cursorRow - height + 1
            else -> preferredTop
        }
        val top = Viewport.top(current, cursorRow, first, end, height, scrollbackTail + 1)
        val down = top - current
        // The terminal's own scroll, for a window moving down over a line taller than the screen,
        // when what it pushes into the scrollback comes next there and it writes little more than
        // the new rows (else the window is redrawn in place).
        val natural = !fresh && down > 0 && end - first > height &&
            (current == scrollbackTail + 1 || current > maxPushed) &&
            (down <= height || current + height >= changedFrom)
        val shift = if (natural) docShift else top - firstVisible
        val newBlockRows = if (natural) top - shift + height else firstVisible + minOf(height, end - top)
        val newFirstVisible = maxOf(firstVisible, newBlockRows - height)
        val markers = Viewport.markersAllowed(height)
        val topMarker = markers && top > first && !natural && top != scrollbackTail + 1
        val bottomMarker = markers && top + height < end

        fun markerFor(b: Int): ScreenRow? = when {
            b < newFirstVisible -> null
            topMarker && b == newFirstVisible -> Viewport.marker(top - first + 1, above = true, width)
            bottomMarker && b == newFirstVisible + height - 1 -> Viewport.marker(end - top - height + 1, above = false, width)
            else -> null
        }

        // Rows on the screen, top down (rows about to scroll off get their plain content first).
        for (b in firstVisible until minOf(blockRows, newBlockRows)) {
            val d = b + shift
            val marker = markerFor(b)
            val entry = shown[b - firstVisible]
            if (marker == null && entry.doc == d && d < changedFrom) continue
            write(b, entry, marker ?: docRow(d))
            entry.doc = if (marker != null) NOT_DOC else d
        }
        if (newBlockRows < blockRows) clearFrom(newBlockRows)
        // Rows that come: below the last, the screen scrolling up at its bottom.
        for (b in blockRows until newBlockRows) grow(b, b + shift)
        for (b in newFirstVisible until newBlockRows) {
            val marker = markerFor(b) ?: continue
            val entry = shown[b - firstVisible]
            write(b, entry, marker)
            entry.doc = NOT_DOC
        }
        docShift = shift
        cursor.moveTo(cursorRow - shift, cursorCol)
    }

    /**
     * Clears what is drawn, leaving the cursor at the start of the block's first visible row, and
     * remembers the window for the next, fresh [render] (output printed above the line).
     */
    fun erase(out: StringBuilder) {
        if (!isDrawn) return
        cursor.out = out
        cursor.moveTo(firstVisible, 0)
        out.append("\u001b[J")
        preferredTop = top
        blockRows = 0
    }

    /**
     * Ends the line: a marker row gets the line's row back (so the scrollback keeps the line,
     * not the marker) and the cursor goes back where the last [render] put it. Nothing is drawn
     * afterwards; the caller writes what follows from there.
     */
    fun finish(out: StringBuilder) {
        if (!isDrawn) return
        cursor.out = out
        restoreMarkers()
        cursor.moveTo(cursorDocRow - docShift, cursorDocCol)
        forgetAll()
    }

    /** Moves below the block, to the first cell of a fresh row, with markers taken away; nothing is drawn afterwards. */
    fun leave(out: StringBuilder) {
        if (!isDrawn) return
        cursor.out = out
        restoreMarkers()
        cursor.moveToRow(blockRows - 1)
        cursor.newLine()
        forgetAll()
    }

    /**
     * Nothing of what is drawn counts any more (the caller cleared the screen, or starts another
     * line): the next [render] draws afresh at the cursor, in the same window when [keepWindow].
     */
    fun forget(keepWindow: Boolean = true) {
        if (!keepWindow) {
            forgetAll()
            return
        }
        if (isDrawn) preferredTop = top
        blockRows = 0
        scrollbackTail = NONE
    }

    /**
     * The terminal is now [newWidth] by [newHeight]: moves to where the block's first row is
     * after the terminal reflowed it (see the class comment), or to the screen's top row when the
     * block filled the screen. Nothing is drawn afterwards; the next [render], with a layout for
     * the new width, draws afresh from there.
     */
    fun resize(out: StringBuilder, newWidth: Int, newHeight: Int) {
        val w = newWidth.coerceAtLeast(2)
        val h = newHeight.coerceAtLeast(1)
        if (isDrawn) {
            cursor.out = out
            val visible = blockRows - firstVisible
            cursor.up(if (firstVisible > 0 || visible >= height) height + h else rowsAboveCursorAfterReflow(w))
        }
        width = w
        height = h
        cursor.width = w
        blockRows = 0
        preferredTop = NONE
        scrollbackTail = NONE
        maxPushed = NONE
    }

    /** How many rows above the cursor the block starts once the terminal has rewrapped its logical lines at [newWidth]. */
    private fun rowsAboveCursorAfterReflow(newWidth: Int): Int = Reflow.rowsAboveCursor(
        firstVisible, blockRows, { b -> shown[b - firstVisible].soft }, { b -> shown[b - firstVisible].row?.cells },
        cursor.row, cursor.col, width, newWidth,
    )

    private fun forgetAll() {
        blockRows = 0
        preferredTop = NONE
        scrollbackTail = NONE
        maxPushed = NONE
    }

    /** Puts the line's own rows back where markers are shown. */
    private fun restoreMarkers() {
        for (b in firstVisible until blockRows) {
            val entry = shown[b - firstVisible]
            if (entry.doc != NOT_DOC) continue
            val d = b + docShift
            write(b, entry, docRow(d))
            entry.doc = d
        }
    }

    private fun docRow(d: Int): ScreenRow {
        if (d < 0) return header ?: ScreenRow.Blank
        val layout = layout!!
        val rows = layout.rowCount
        if (d >= rows) return footer.getOrNull(d - rows) ?: ScreenRow.Blank
        val row = layout.row(d, styles)
        val ghost = ghost ?: return row
        return if (d == rows - 1) ghost.after(row, width) else row
    }

    private fun docSoft(d: Int): Boolean = d > 0 && d < layout!!.rowCount && layout!!.isSoft(d)

    /** Changes existing row [b], shown as [entry], into [row]: from its first changed cell, `ESC[K` where it got shorter. */
    private fun write(b: Int, entry: Shown, row: ScreenRow) {
        val k = row.firstChange(entry.row)
        if (k == ScreenRow.UNCHANGED) return
        val oldCells = entry.row?.cells ?: width
        val from = if (k == ScreenRow.FROM_LEAD) 0 else row.columnOf(k)
        cursor.moveTo(b, from, forWrite = true)
        val out = cursor.out
        if (k == ScreenRow.FROM_LEAD) {
            out.append(row.lead)
            row.appendBody(out)
        } else {
            row.appendBody(out, k)
        }
        cursor.wrote(row.cells - from)
        if (row.cells < oldCells) out.append("\u001b[K")
        entry.row = row
    }

    /** Clears block rows from [b] down: they are no longer part of the line. */
    private fun clearFrom(b: Int) {
        val last = shown[b - 1 - firstVisible].row
        val lastCells = last?.cells ?: width
        // ESC[J on a pending wrap would clear the last row's final cell: start from the next row instead.
        if (lastCells >= width) cursor.moveTo(b, 0) else cursor.moveTo(b - 1, lastCells)
        cursor.out.append("\u001b[J")
        while (blockRows > b) {
            shown.removeLast()
            blockRows--
        }
    }

    /**
     * Draws document row [d] as new block row [b], below the last: by letting the cursor wrap
     * when the row continues the one above (so the terminal knows it for one logical line),
     * else with CR LF. At the screen's bottom either scrolls the screen up.
     */
    private fun grow(b: Int, d: Int) {
        val row = docRow(d)
        val soft = docSoft(d)
        val out = cursor.out
        val above = shown.last().row
        val wrapped: Boolean
        if (soft && cursor.pending && cursor.row == b - 1) {
            cursor.wrapsOnNextCharacter()
            wrapped = true
            if (row.cells == 0 && row.lead.isEmpty() && row.body.isEmpty()) {
                // An empty row after a full one: a space makes the wrap happen, BS steps back over it.
                out.append(" \b")
            }
        } else if (soft && !cursor.pending && cursor.row == b - 1 && cursor.col == width - 1 &&
            above != null && above.cells == width - 1 && row.startsWide
        ) {
            // A wide character that did not fit in the last cell: the terminal wraps it itself.
            cursor.wrapsOnNextCharacter()
            wrapped = true
        } else {
            cursor.moveToRow(b - 1)
            cursor.newLine()
            wrapped = false
        }
        out.append(row.lead)
        row.appendBody(out)
        cursor.wrote(row.cells)
        blockRows = b + 1
        shown.addLast(Shown(row, d, wrapped))
        if (blockRows - firstVisible > height) {
            // The screen scrolled: the top row went into the scrollback.
            val gone = shown.removeFirst()
            firstVisible++
            scrollbackTail = if (gone.doc == NOT_DOC) NONE else gone.doc
            if (gone.doc != NOT_DOC) maxPushed = maxOf(maxPushed, gone.doc)
        }
    }

    private companion object {
        /** No row: below any document row (the status row is -1). */
        const val NONE = Int.MIN_VALUE / 2

        /** A screen row that shows no document row (a marker, or unknown). */
        const val NOT_DOC = Int.MIN_VALUE
    }
}
