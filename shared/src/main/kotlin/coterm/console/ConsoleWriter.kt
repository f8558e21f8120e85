package coterm.console

import coterm.editor.CellWidth
import coterm.editor.DisplayText
import coterm.editor.Frame
import coterm.editor.LineRenderer
import coterm.terminal.Terminal

/**
 * The one serialised path for everything coterm writes to the terminal, which knows whether a
 * line is being edited.
 *
 * Text printed while the user types ([printAbove], from any thread) goes above the prompt, and
 * the prompt and the half-typed line are redrawn intact below it. When [rendering] is false
 * (standard input or output is not a terminal), prompts are printed plainly, nothing is echoed
 * and no escape code is ever written.
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

    @Volatile
    var columns: Int = terminal.size()?.columns ?: DEFAULT_COLUMNS

    private class EditedLine(val prompt: String, val promptWidth: Int, val continuation: String, val continuationWidth: Int) {
        var text: String = ""
        var cursor: Int = 0
        var promptOverride: String? = null
        var frame: Frame = Frame.Empty

        /** The width [frame] was laid out for. */
        var frameColumns: Int = 0
    }

    /** A one-row status (a progress bar) drawn above the edited line, or at the cursor; null when none. */
    private var status: String? = null

    /** Whether [status] is on the screen now. */
    private var statusShown = false

    /** Starts editing a line: shows [prompt]; rows after the first of multi-line input start with [continuation]. */
    fun beginLine(prompt: String, continuation: String = "") = synchronized(lock) {
        val edited = EditedLine(prompt, DisplayText.widthOfStyled(prompt), continuation, DisplayText.widthOfStyled(continuation))
        line = edited
        if (rendering) {
            val out = StringBuilder()
            hideStatus(out)
            drawStatusAbove(out)
            draw(edited, out)
        } else {
            emit(prompt)
        }
    }

    /**
     * Shows [text] with the cursor at [cursor] as the line being edited, after [promptOverride]
     * instead of the prompt when it is not null (an incremental search shows its own).
     */
    fun updateLine(text: String, cursor: Int, promptOverride: String? = null) = synchronized(lock) {
        val edited = line ?: return
        edited.text = text
        edited.cursor = cursor
        edited.promptOverride = promptOverride
        if (rendering) draw(edited, StringBuilder())
    }

    /** Clears the screen (Ctrl+L) and redraws the status and the line being edited at the top. */
    fun clearScreen() = synchronized(lock) {
        if (!rendering) return
        val out = StringBuilder("\u001b[H\u001b[2J")
        statusShown = false
        line?.frame = Frame.Empty
        if (line != null) drawStatusAbove(out) else drawStatusHere(out)
        line?.let { draw(it, out) } ?: emit(out.toString())
    }

    /**
     * Shows [text] (one row; cut to the terminal's width) as a status line, or removes it when
     * null: at the cursor while no line is edited, above the prompt while one is. Other output
     * goes above it. Nothing is shown when not [rendering].
     */
    fun setStatus(text: String?) = synchronized(lock) {
        val fitted = text?.let { fitStatus(it) }
        if (fitted == status) return
        status = fitted
        if (!rendering) return
        val out = StringBuilder()
        val edited = line
        if (edited != null) {
            eraseDrawn(out, edited)
            drawStatusAbove(out)
            draw(edited, out)
        } else {
            hideStatus(out)
            drawStatusHere(out)
            emit(out.toString())
        }
    }

    /**
     * Ends the line being edited, whose final text is [text]: it is drawn once more with the
     * cursor at its end (unless the screen shows exactly that already), [marker] (such as `^C`)
     * is written there, and a new row starts.
     *
     * Not redrawing an unchanged line matters for a large paste followed by Enter: the
     * 100,000 characters are not written to the terminal a second time, and a line taller than
     * the screen, which cursor movements cannot climb back over, is not left twice in the
     * scrollback.
     */
    fun endLine(text: String, marker: String = "") = synchronized(lock) {
        val edited = line ?: return
        line = null
        if (!rendering) {
            if (marker.isNotEmpty()) emit(marker + "\n")
            return
        }
        val shownAlready = edited.frame != Frame.Empty && !statusShown && edited.frameColumns == columns &&
            edited.promptOverride == null && edited.cursor == text.length && edited.text == text
        edited.text = text
        edited.cursor = text.length
        edited.promptOverride = null
        val out = StringBuilder()
        // The status moves below the finished line, where the output that follows goes.
        if (statusShown) eraseDrawn(out, edited)
        val frame = if (shownAlready) edited.frame else drawInto(edited, out)
        out.append(marker)
        if (marker.isNotEmpty() || !(frame.rows > 1 && frame.cursorColumn == 0)) out.append("\r\n")
        drawStatusHere(out)
        emit(out.toString())
    }

    /**
     * Prints [text] as whole lines: above the line being edited if there is one, otherwise at the
     * cursor. A missing final newline is added.
     */
    fun printAbove(text: String) = synchronized(lock) {
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
        eraseDrawn(out, edited)
        out.append(lines)
        drawStatusAbove(out)
        draw(edited, out)
    }

    /** Writes [text] as it is (used while no line is edited, for command output and notices). */
    fun write(text: String) = synchronized(lock) {
        if (!statusShown) return emit(text)
        val out = StringBuilder()
        hideStatus(out)
        out.append(text)
        if (text.endsWith('\n')) drawStatusHere(out)
        emit(out.toString())
    }

    /** Writes [text] and a line break (CR LF on a terminal, LF otherwise). */
    fun writeLine(text: String) = write(text + if (rendering) "\r\n" else "\n")

    /**
     * Moves below the line being edited and forgets what is on the screen, keeping the line: the
     * next [redraw] draws it afresh where the cursor is then (after Ctrl+Z and `fg`).
     */
    fun leaveLine() = synchronized(lock) {
        val edited = line ?: return
        if (rendering) {
            val out = StringBuilder()
            LineRenderer.moveBelow(out, edited.frame)
            emit(out.toString())
        }
        edited.frame = Frame.Empty
        statusShown = false
    }

    /** Redraws the line being edited from scratch, for example after a resize. */
    fun redraw() = synchronized(lock) {
        val edited = line ?: return
        if (!rendering) return
        val out = StringBuilder()
        if (edited.frame == Frame.Empty && !statusShown) drawStatusAbove(out)
        draw(edited, out)
    }

    /** Moves below the line being edited, if any, so that whatever is printed next starts on a fresh row. */
    fun abandonLine() = synchronized(lock) {
        val edited = line ?: return
        line = null
        if (rendering) {
            val out = StringBuilder()
            LineRenderer.moveBelow(out, edited.frame)
            emit(out.toString())
        } else {
            emit("\n")
        }
    }

    /**
     * Moves to the first row of what is drawn for [edited] (the status row above it, if shown)
     * and clears from there down; the next draw starts afresh.
     */
    private fun eraseDrawn(out: StringBuilder, edited: EditedLine) {
        LineRenderer.moveToStart(out, edited.frame)
        if (statusShown) out.append("\u001b[1A\r")
        out.append("\u001b[J")
        edited.frame = Frame.Empty
        statusShown = false
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
        out.append('\r').append(text).append("\u001b[K")
        statusShown = true
    }

    /** Draws the status on its own row, above where the edited line is drawn next. */
    private fun drawStatusAbove(out: StringBuilder) {
        val text = status ?: return
        if (!rendering) return
        out.append('\r').append(text).append("\u001b[K\r\n")
        statusShown = true
    }

    /** [text] on one row: newlines become spaces; if too wide, styling is dropped and the text cut. */
    private fun fitStatus(text: String): String {
        val oneRow = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ')
        val max = (columns - 1).coerceAtLeast(1)
        if (DisplayText.widthOfStyled(oneRow) <= max) return oneRow
        val bare = DisplayText.sanitize(oneRow.replace(CSI, ""))
        val sb = StringBuilder()
        var width = 0
        var i = 0
        while (i < bare.length) {
            val cp = Character.codePointAt(bare, i)
            val w = CellWidth.of(cp)
            if (width + w > max) break
            sb.appendCodePoint(cp)
            width += w
            i += Character.charCount(cp)
        }
        return sb.toString()
    }

    private fun draw(edited: EditedLine, out: StringBuilder) {
        drawInto(edited, out)
        emit(out.toString())
    }

    private fun drawInto(edited: EditedLine, out: StringBuilder): Frame {
        val override = edited.promptOverride
        val width = columns
        val (bytes, frame) = LineRenderer.render(
            edited.frame,
            override ?: edited.prompt,
            if (override != null) DisplayText.widthOfStyled(override) else edited.promptWidth,
            edited.text,
            edited.cursor,
            width,
            edited.continuation,
            edited.continuationWidth,
        )
        out.append(bytes)
        edited.frame = frame
        edited.frameColumns = width
        return frame
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
        val CSI = Regex("\u001b\\[[0-?]*[ -/]*[@-~]")
    }
}
