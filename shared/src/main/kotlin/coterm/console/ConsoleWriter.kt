// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.render.Ghost
import coterm.render.LineDisplay
import coterm.render.LineLayout
import coterm.render.LineStyles
import coterm.render.ScreenRow
import coterm.render.StatusRow
import coterm.terminal.Terminal

/**
 * The one serialised path for everything coterm writes to the terminal, which knows whether a
 * line is being edited.
 *
 * Text printed while the user types ([printAbove], from any thread) goes above the prompt, and
 * the prompt and the half-typed line are redrawn intact below it. When [rendering] is false
 * (standard input or output is not a terminal), prompts are printed plainly, nothing is echoed
 * and no escape code is ever written.
 *
 * The edited line is drawn by a [LineDisplay], which knows what the screen shows and writes only
 * the difference, through a window of the screen's height ([rows]) when the line is taller.
 * Every method takes one lock, so output from any thread is serialised; none of them blocks on
 * anything but the terminal's write.
 */
internal class ConsoleWriter(
    private val terminal: Terminal,
    val rendering: Boolean,
    private val onTerminalGone: (Throwable) -> Unit = {},
) {
    private val lock = Any()
    private var line: EditedLine? = null

    /** Set once a write has failed (the terminal hung up): later output is dropped, not thrown. */
    @Volatile
    var terminalGone: Boolean = false
        private set

    /** The terminal's width; the next drawing of the line adapts to a change (see [resize]). */
    @Volatile
    var columns: Int = terminal.size()?.columns?.takeIf { it > 0 } ?: DEFAULT_COLUMNS

    /** The terminal's height: a line taller than this is shown through a window around the cursor. */
    @Volatile
    var rows: Int = terminal.size()?.rows?.takeIf { it > 0 } ?: DEFAULT_ROWS

    /** What is on the screen of the edited line, and the output that changes it. */
    private val display = LineDisplay(columns, rows)

    private class EditedLine(val prompt: String, val continuation: String) {
        var text: String = ""
        var cursor: Int = 0
        var promptOverride: String? = null

        /** The layout of [text] for the display's width; null until first drawn and after a resize. */
        var layout: LineLayout? = null

        /** How many characters at the start of [text] are known to be what [layout] laid out last. */
        var unchanged: Int = 0

        /** The styles of [text] and the ghost after it, to draw; and those drawn last (to tell what changed). */
        var styles: LineStyles? = null
        var ghost: Ghost? = null
        var drawnStyles: LineStyles? = null
        var drawnGhost: Ghost? = null
    }

    /** A one-row status (a progress bar) drawn above the edited line, or at the cursor; null when none. */
    private var status: String? = null

    /** Whether [status] is on the screen at the cursor (no line is edited; above a line it is the display's). */
    private var statusShown = false

    /** The status row the display drew last above the line, to tell whether it changed. */
    private var drawnHeader: ScreenRow? = null

    /** The menu shown below the edited line (see [setMenu]), or null. */
    private var menu: Menu? = null

    /** The menu rows the display drew last, and below how many rows of the line. */
    private var drawnMenu: List<ScreenRow> = emptyList()
    private var drawnLineRows = 0

    /**
     * Rows shown below the edited line, such as the completion menu: [rows] gives them, styled,
     * for a terminal `width` cells wide, at most `maxRows` of them, each fitting in `width - 1`
     * cells (a row that does not is cut, its styling dropped). Called under the writer's lock,
     * on whichever thread draws, at every drawing of the line: it must be quick (the rows shown
     * only) and must not call the writer.
     */
    fun interface Menu {
        fun rows(width: Int, maxRows: Int): List<String>
    }

    /** Starts editing a line: shows [prompt]; rows after the first of multi-line input start with [continuation]. */
    fun beginLine(prompt: String, continuation: String = ""): Unit = synchronized(lock) {
        val edited = EditedLine(prompt, continuation)
        line = edited
        menu = null
        if (rendering) {
            val out = StringBuilder()
            hideStatus(out)
            display.forget(keepWindow = false)
            draw(edited, out)
        } else {
            emit(prompt)
        }
    }

    /**
     * Shows [text] with the cursor at [cursor] as the line being edited, after [promptOverride]
     * instead of the prompt when it is not null (an incremental search shows its own). Only what
     * changed on the screen is written: a character typed at the end writes that character.
     * [unchanged]: how many characters at the start of [text] the caller knows are the same as
     * in the text it gave last (0: all are compared). [styles] colour the text (spans over
     * [text]); [ghost] is drawn after the text, on its last row, and only when [cursor] is at
     * the end: rows whose styles or ghost changed are rewritten from the first changed cell.
     */
    fun updateLine(
        text: String,
        cursor: Int,
        promptOverride: String? = null,
        unchanged: Int = 0,
        styles: LineStyles? = null,
        ghost: Ghost? = null,
    ): Unit = synchronized(lock) {
        val edited = line ?: return
        edited.unchanged = minOf(edited.unchanged, unchanged)
        edited.text = text
        edited.cursor = cursor
        edited.promptOverride = promptOverride
        edited.styles = styles
        edited.ghost = if (cursor == text.length) ghost else null
        if (rendering) draw(edited, StringBuilder())
    }

    /** Clears the screen (Ctrl+L) and redraws the status and the line being edited at the top. */
    fun clearScreen(): Unit = synchronized(lock) {
        if (!rendering) return
        val out = StringBuilder("\u001b[H\u001b[2J")
        statusShown = false
        display.forget()
        val edited = line
        if (edited != null) {
            draw(edited, out)
        } else {
            drawStatusHere(out)
            emit(out.toString())
        }
    }

    /**
     * Shows [text] (one row; cut to the terminal's width) as a status line, or removes it when
     * null: at the cursor while no line is edited, above the prompt while one is (a line taller
     * than the screen hides it with the prompt, above the window). Other output goes above it.
     * Nothing is shown when not [rendering].
     */
    fun setStatus(text: String?): Unit = synchronized(lock) {
        if (text == status) return
        status = text
        if (!rendering) return
        val out = StringBuilder()
        val edited = line
        if (edited != null) {
            draw(edited, out)
        } else {
            hideStatus(out)
            drawStatusHere(out)
            emit(out.toString())
        }
    }

    /**
     * Shows [menu] below the line being edited, or removes it when null, keeping the cursor on
     * the line. The menu takes at most the rows the screen has below the line (none when the
     * line fills the screen); only its rows that changed are written. It is drawn at once when
     * [draw], else with the next [updateLine] (the caller is about to call it). It goes when the
     * line ends ([endLine], [abandonLine], [beginLine]); printed output, Ctrl+L and resizes
     * redraw it with the line.
     */
    fun setMenu(menu: Menu?, draw: Boolean = true): Unit = synchronized(lock) {
        if (menu == null && this.menu == null) return
        this.menu = menu
        val edited = line ?: return
        if (rendering && draw) draw(edited, StringBuilder())
    }

    /**
     * Ends the line being edited, whose final text is [text]: the screen is brought to show it
     * with the cursor at its end (often nothing to write: the screen shows it already), [marker]
     * (such as `^C`) is written there, and a new row starts. A status line moves below the line.
     *
     * Nothing is redrawn that the screen shows: a large paste followed by Enter is not written a
     * second time, and a line taller than the screen, whose first rows are in the scrollback
     * above, is not left there twice. [unchanged] is as for [updateLine]; [styles] colour the
     * final text; a ghost shown is erased.
     */
    fun endLine(text: String, marker: String = "", unchanged: Int = 0, styles: LineStyles? = null): Unit = synchronized(lock) {
        val edited = line ?: return
        line = null
        menu = null
        if (!rendering) {
            if (marker.isNotEmpty()) emit(marker + "\n")
            return
        }
        edited.unchanged = minOf(edited.unchanged, unchanged)
        edited.text = text
        edited.cursor = text.length
        edited.promptOverride = null
        edited.styles = styles
        edited.ghost = null
        val out = StringBuilder()
        val end = drawInto(edited, out, withStatus = false)
        display.finish(out)
        out.append(marker)
        // At the start of an empty row after a full one the output can start where the cursor is.
        if (marker.isNotEmpty() || !(LineLayout.rowOf(end) > 0 && LineLayout.columnOf(end) == 0)) out.append("\r\n")
        drawStatusHere(out)
        emit(out.toString())
    }

    /**
     * Prints [text] as whole lines: above the line being edited if there is one, otherwise at the
     * cursor. A missing final newline is added. The line is cleared, the text printed where it
     * began, and the line drawn again below (only its window, when it is taller than the screen).
     */
    fun printAbove(text: String): Unit = synchronized(lock) {
        val body = if (text.endsWith('\n')) text else text + "\n"
        val edited = line
        if (!rendering) {
            emit(body)
            return
        }
        // CR LF written by us, so the text starts at column 0 whatever OPOST says.
        val lines = body.replace("\r\n", "\n").replace("\n", "\r\n")
        val out = StringBuilder()
        if (edited == null) {
            hideStatus(out)
            out.append(lines)
            drawStatusHere(out)
            emit(out.toString())
            return
        }
        display.erase(out)
        out.append(lines)
        draw(edited, out)
    }

    /** Writes [text] as it is (used while no line is edited, for command output and notices). */
    fun write(text: String): Unit = synchronized(lock) {
        if (!statusShown) return emit(text)
        val out = StringBuilder()
        hideStatus(out)
        out.append(text)
        if (text.endsWith('\n')) drawStatusHere(out)
        emit(out.toString())
    }

    /**
     * Runs [block] holding the lock every output takes: for the terminal's mode switches
     * ([TerminalSession]), written straight to the terminal, never inside a redraw.
     */
    fun <T> exclusive(block: () -> T): T = synchronized(lock, block)

    /** Writes [text] and a line break (CR LF on a terminal, LF otherwise). */
    fun writeLine(text: String) = write(text + if (rendering) "\r\n" else "\n")

    /**
     * Moves below the line being edited and forgets what is on the screen, keeping the line: the
     * next [redraw] draws it afresh where the cursor is then (after Ctrl+Z and `fg`).
     */
    fun leaveLine(): Unit = synchronized(lock) {
        val edited = line ?: return
        if (rendering) {
            val out = StringBuilder()
            // The menu is not left behind on the screen; the next redraw shows it again.
            if (display.isDrawn && drawnMenu.isNotEmpty()) drawInto(edited, out, withMenu = false)
            display.leave(out)
            emit(out.toString())
        }
        statusShown = false
    }

    /**
     * Redraws the line being edited: afresh where the cursor is after [leaveLine], for a new size
     * after [resize] (see [LineDisplay] for how a wrapped line is found again after the terminal
     * reflowed it), else in place, everything rewritten (the terminal may have been reset).
     */
    fun redraw(): Unit = synchronized(lock) {
        val edited = line ?: return
        if (!rendering) return
        val out = StringBuilder()
        if (display.isDrawn && display.width == drawWidth() && display.height == drawHeight()) display.erase(out)
        draw(edited, out)
    }

    /** The terminal is now [columns] by [rows] (a resize event): the line is drawn again for that size. */
    fun resize(columns: Int, rows: Int): Unit = synchronized(lock) {
        this.columns = columns
        if (rows > 0) this.rows = rows
        redraw()
    }

    /** Moves below the line being edited, if any, so that whatever is printed next starts on a fresh row. */
    fun abandonLine(): Unit = synchronized(lock) {
        val edited = line ?: return
        menu = null
        if (rendering) {
            val out = StringBuilder()
            if (display.isDrawn && drawnMenu.isNotEmpty()) drawInto(edited, out)
            line = null
            if (display.isDrawn) display.leave(out) else out.append("\r\n")
            emit(out.toString())
        } else {
            line = null
            emit("\n")
        }
    }

    /** Erases the status line shown at the cursor (no line is edited); it stays set. */
    private fun hideStatus(out: StringBuilder) {
        if (!statusShown || line != null) return
        out.append("\r\u001b[K")
        statusShown = false
    }

    /** Draws the status at the cursor, which is at the start of a row (no line is edited). */
    private fun drawStatusHere(out: StringBuilder) {
        val text = status ?: return
        if (!rendering || line != null) return
        out.append('\r').append(StatusRow.fit(text, columns)).append("\u001b[K")
        statusShown = true
    }

    private fun draw(edited: EditedLine, out: StringBuilder) {
        drawInto(edited, out)
        emit(out.toString())
    }

    private fun drawWidth(): Int = columns.coerceAtLeast(2)

    private fun drawHeight(): Int = rows.coerceAtLeast(1)

    /**
     * Brings the screen to show [edited] (with the status row above it when [withStatus], the
     * menu below it when [withMenu]) and returns where the cursor is, packed as
     * [LineLayout.cursor] packs it.
     */
    private fun drawInto(edited: EditedLine, out: StringBuilder, withStatus: Boolean = true, withMenu: Boolean = true): Long {
        val width = drawWidth()
        val height = drawHeight()
        if (display.width != width || display.height != height) {
            display.resize(out, width, height)
            edited.layout = null
        }
        val prompt = edited.promptOverride ?: edited.prompt
        var layout = edited.layout
        var changedFrom: Int
        if (layout == null || layout.width != width) {
            layout = LineLayout(prompt, edited.continuation, width)
            layout.update(prompt, edited.text)
            edited.layout = layout
            changedFrom = -1
        } else {
            changedFrom = layout.update(prompt, edited.text, edited.unchanged)
        }
        // Until the next update, the text is what was just laid out.
        edited.unchanged = Int.MAX_VALUE
        val header = if (withStatus) status?.let { StatusRow.of(it, columns) } else null
        if (header != drawnHeader) changedFrom = -1
        drawnHeader = header
        val footer = menuRows(layout, header != null, withMenu)
        if (footer != drawnMenu || layout.rowCount != drawnLineRows) {
            // The first menu row that differs, or every one when the line's rows changed under them.
            var k = 0
            if (layout.rowCount == drawnLineRows) while (k < footer.size && k < drawnMenu.size && footer[k] == drawnMenu[k]) k++
            changedFrom = minOf(changedFrom, minOf(layout.rowCount, drawnLineRows) + k)
        }
        drawnMenu = footer
        drawnLineRows = layout.rowCount
        changedFrom = minOf(changedFrom, firstRestyledRow(edited, layout))
        val cursor = layout.cursor(edited.cursor)
        display.render(
            out, layout, header, changedFrom, LineLayout.rowOf(cursor), LineLayout.columnOf(cursor),
            edited.styles, edited.ghost, footer,
        )
        return cursor
    }

    /** The menu's rows for the room below [layout] (and the status row above it, if [withHeader]); none without a menu. */
    private fun menuRows(layout: LineLayout, withHeader: Boolean, withMenu: Boolean): List<ScreenRow> {
        val shown = menu ?: return emptyList()
        if (!withMenu) return emptyList()
        val room = drawHeight() - layout.rowCount - (if (withHeader) 1 else 0)
        if (room <= 0) return emptyList()
        val width = drawWidth()
        return shown.rows(width, room).take(room).map { StatusRow.of(it, width) }
    }

    /**
     * The first row of [layout] whose styles or ghost differ from what was drawn last ([LineLayout.rowCount]
     * when none do); remembers the new ones as drawn. Styles are compared span by span, not the text.
     */
    private fun firstRestyledRow(edited: EditedLine, layout: LineLayout): Int {
        var row = layout.rowCount
        val styles = edited.styles
        val drawn = edited.drawnStyles
        // One pass: firstDifference is null for equal styles (a comparison by equals first would be a second).
        val at = if (styles != null) styles.firstDifference(drawn) else drawn?.firstDifference(null)
        if (at != null) row = layout.firstRowShowing(minOf(at, layout.text.length))
        if (edited.ghost != edited.drawnGhost) row = minOf(row, layout.rowCount - 1)
        edited.drawnStyles = styles
        edited.drawnGhost = edited.ghost
        return row
    }

    private fun emit(text: String) {
        if (terminalGone) return
        val bytes = text.toByteArray(Charsets.UTF_8)
        try {
            terminal.write(bytes, 0, bytes.size)
            terminal.flush()
        } catch (e: Exception) {
            terminalGone = true
            onTerminalGone(e)
        }
    }

    private companion object {
        const val DEFAULT_COLUMNS = 80
        const val DEFAULT_ROWS = 24
    }
}
