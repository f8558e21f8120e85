package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers

/** The outcome of handing one event to a [LineEditor]. */
internal sealed interface EditResult {
    /** Still editing; [changed] says whether the line or cursor moved (a redraw is due). */
    data class Editing(val changed: Boolean) : EditResult

    /** Enter: the line is complete. */
    data class Submitted(val line: String) : EditResult

    /** Ctrl+C: the line was discarded. */
    data class Interrupted(val discarded: String) : EditResult

    /** Ctrl+D on an empty line, or the input ended. */
    data object EndOfInput : EditResult
}

/**
 * The line editor's logic: events in, [EditResult]s out, state in a [LineBuffer]. Pure: it
 * neither reads nor draws; the console feeds it and a [LineRenderer] draws [buffer].
 *
 * The line never grows past [maxLength] UTF-16 chars: text that does not fit is dropped (never
 * half a surrogate pair) and [overLimit] is set, so the console can say so.
 */
internal class LineEditor(private val keyMap: KeyMap = KeyMap.Default, private val maxLength: Int = Int.MAX_VALUE) {
    val buffer: LineBuffer = LineBuffer()

    /** Set once text was refused because the line was full. */
    var overLimit: Boolean = false
        private set

    fun handle(event: InputEvent): EditResult = when (event) {
        is InputEvent.Key -> handleKey(event)
        is InputEvent.Paste -> insert(event.text)
        InputEvent.Interrupt -> EditResult.Interrupted(buffer.text)
        InputEvent.EndOfInput -> EditResult.EndOfInput
        is InputEvent.Resize -> EditResult.Editing(changed = true)
        is InputEvent.Focus, is InputEvent.CursorPosition, is InputEvent.Unknown -> EditResult.Editing(changed = false)
    }

    private fun handleKey(event: InputEvent.Key): EditResult {
        val command = keyMap.commandFor(event.key, event.modifiers)
        if (command != null) return run(command)
        val key = event.key
        // Only Shift may come with a character that is typed; Ctrl, Alt and Meta make it a command.
        val textual = (event.modifiers - Modifiers.Shift).isEmpty
        return if (key is KeyCode.Char && textual) insert(String(Character.toChars(key.codePoint)))
        else EditResult.Editing(changed = false)
    }

    private fun insert(text: String): EditResult {
        val room = maxLength - buffer.length
        var fits = text
        if (text.length > room) {
            overLimit = true
            val end = if (room > 0 && Character.isHighSurrogate(text[room - 1])) room - 1 else room
            fits = text.substring(0, end.coerceAtLeast(0))
        }
        if (fits.isEmpty()) return EditResult.Editing(changed = false)
        buffer.insert(fits)
        return EditResult.Editing(changed = true)
    }

    private fun run(command: EditCommand): EditResult = when (command) {
        EditCommand.AcceptLine -> EditResult.Submitted(buffer.text)
        EditCommand.Interrupt -> EditResult.Interrupted(buffer.text)
        EditCommand.DeleteOrEndOfInput ->
            if (buffer.isEmpty()) EditResult.EndOfInput else EditResult.Editing(buffer.deleteForward())
        EditCommand.DeleteBackward -> EditResult.Editing(buffer.deleteBackward())
        EditCommand.DeleteForward -> EditResult.Editing(buffer.deleteForward())
        EditCommand.MoveLeft -> EditResult.Editing(buffer.moveLeft())
        EditCommand.MoveRight -> EditResult.Editing(buffer.moveRight())
        EditCommand.MoveHome -> EditResult.Editing(buffer.moveHome())
        EditCommand.MoveEnd -> EditResult.Editing(buffer.moveEnd())
        EditCommand.KillToStart -> EditResult.Editing(buffer.killToStart().isNotEmpty())
        EditCommand.KillToEnd -> EditResult.Editing(buffer.killToEnd().isNotEmpty())
        EditCommand.KillWordBackward -> EditResult.Editing(buffer.killWordBackward().isNotEmpty())
    }
}
