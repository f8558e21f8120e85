package coterm.editor

import coterm.input.KeyCode
import coterm.input.Modifiers

/** A key with its modifiers, as a key map looks it up. */
internal data class KeyStroke(val key: KeyCode, val modifiers: Modifiers = Modifiers.None)

/**
 * Which [EditCommand] each key runs. Printable characters without Ctrl or Alt are inserted and
 * need no entry; a key with no entry does nothing.
 */
internal class KeyMap(private val bindings: Map<KeyStroke, EditCommand>) {
    fun commandFor(key: KeyCode, modifiers: Modifiers): EditCommand? = bindings[KeyStroke(key, modifiers)]

    companion object {
        private fun ctrl(letter: Char) = KeyStroke(KeyCode.Char(letter.code), Modifiers.Ctrl)

        /** The everyday Emacs-style bindings of readline, JLine and prompt_toolkit. */
        val Default: KeyMap = KeyMap(
            mapOf(
                KeyStroke(KeyCode.Enter) to EditCommand.AcceptLine,
                ctrl('j') to EditCommand.AcceptLine,
                ctrl('m') to EditCommand.AcceptLine,
                ctrl('c') to EditCommand.Interrupt,
                ctrl('d') to EditCommand.DeleteOrEndOfInput,
                KeyStroke(KeyCode.Backspace) to EditCommand.DeleteBackward,
                ctrl('h') to EditCommand.DeleteBackward,
                KeyStroke(KeyCode.Delete) to EditCommand.DeleteForward,
                KeyStroke(KeyCode.Left) to EditCommand.MoveLeft,
                ctrl('b') to EditCommand.MoveLeft,
                KeyStroke(KeyCode.Right) to EditCommand.MoveRight,
                ctrl('f') to EditCommand.MoveRight,
                KeyStroke(KeyCode.Home) to EditCommand.MoveHome,
                ctrl('a') to EditCommand.MoveHome,
                KeyStroke(KeyCode.End) to EditCommand.MoveEnd,
                ctrl('e') to EditCommand.MoveEnd,
                ctrl('u') to EditCommand.KillToStart,
                ctrl('k') to EditCommand.KillToEnd,
                ctrl('w') to EditCommand.KillWordBackward,
            ),
        )
    }
}
