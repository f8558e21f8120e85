package coterm.console

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

    private class EditedLine(val prompt: String, val promptWidth: Int) {
        var text: String = ""
        var cursor: Int = 0
        var frame: Frame = Frame.Empty
    }

    /** Starts editing a line: shows [prompt]. */
    fun beginLine(prompt: String) = synchronized(lock) {
        val edited = EditedLine(prompt, DisplayText.widthOfStyled(prompt))
        line = edited
        if (rendering) draw(edited, StringBuilder()) else emit(prompt)
    }

    /** Shows [text] with the cursor at [cursor] as the line being edited. */
    fun updateLine(text: String, cursor: Int) = synchronized(lock) {
        val edited = line ?: return
        edited.text = text
        edited.cursor = cursor
        if (rendering) draw(edited, StringBuilder())
    }

    /**
     * Ends the line being edited: the cursor goes to the end of the text, [marker] (such as
     * `^C`) is written there, and a new row starts.
     */
    fun endLine(marker: String = "") = synchronized(lock) {
        val edited = line ?: return
        line = null
        if (!rendering) {
            if (marker.isNotEmpty()) emit(marker + "\n")
            return
        }
        edited.cursor = edited.text.length
        val out = StringBuilder()
        val frame = drawInto(edited, out)
        out.append(marker)
        if (marker.isNotEmpty() || !(frame.rows > 1 && frame.cursorColumn == 0)) out.append("\r\n")
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
        if (edited == null) {
            emit(lines)
            return
        }
        val out = StringBuilder()
        LineRenderer.moveToStart(out, edited.frame)
        out.append("\u001b[J")
        out.append(lines)
        edited.frame = Frame.Empty
        draw(edited, out)
    }

    /** Writes [text] as it is (used while no line is edited, for command output and notices). */
    fun write(text: String) = synchronized(lock) { emit(text) }

    /** Writes [text] and a line break (CR LF on a terminal, LF otherwise). */
    fun writeLine(text: String) = synchronized(lock) { emit(text + if (rendering) "\r\n" else "\n") }

    /** Redraws the line being edited from scratch, for example after a resize. */
    fun redraw() = synchronized(lock) {
        val edited = line ?: return
        if (rendering) draw(edited, StringBuilder())
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

    private fun draw(edited: EditedLine, out: StringBuilder) {
        drawInto(edited, out)
        emit(out.toString())
    }

    private fun drawInto(edited: EditedLine, out: StringBuilder): Frame {
        val (bytes, frame) = LineRenderer.render(
            edited.frame, edited.prompt, edited.promptWidth, edited.text, edited.cursor, columns,
        )
        out.append(bytes)
        edited.frame = frame
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
    }
}
