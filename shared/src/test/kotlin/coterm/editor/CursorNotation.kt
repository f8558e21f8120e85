// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode

/**
 * Line states written as text with a `|` at the cursor, as in `"ab|cd"`, so that test tables
 * read like what the user sees. The text itself must not contain `|`.
 */
internal object CursorNotation {
    /** A buffer holding [state]'s text with the cursor at its `|`. */
    fun buffer(state: String): LineBuffer {
        val (text, cursor) = parse(state)
        val buffer = LineBuffer(text)
        buffer.moveHome()
        while (buffer.cursor < cursor) buffer.moveRight()
        check(buffer.cursor == cursor) { "the | in '$state' splits a surrogate pair" }
        return buffer
    }

    /** An editor whose line is [state], reached through a paste and Left presses. */
    fun editor(state: String): LineEditor {
        val (text, cursor) = parse(state)
        val editor = LineEditor()
        editor.handle(InputEvent.Paste(text))
        while (editor.buffer.cursor > cursor) editor.handle(InputEvent.Key(KeyCode.Left))
        check(editor.buffer.cursor == cursor) { "the | in '$state' splits a surrogate pair" }
        return editor
    }

    /** [buffer]'s text with a `|` at its cursor. */
    fun show(buffer: LineBuffer): String =
        buffer.text.substring(0, buffer.cursor) + "|" + buffer.text.substring(buffer.cursor)

    private fun parse(state: String): Pair<String, Int> {
        val cursor = state.indexOf('|')
        require(cursor >= 0 && state.indexOf('|', cursor + 1) < 0) { "exactly one | in '$state'" }
        return state.removeRange(cursor, cursor + 1) to cursor
    }
}
