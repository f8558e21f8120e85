// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.input.Modifiers

/**
 * Which [EditCommand] each key runs: an immutable map from [KeyStroke] to command.
 *
 * Printable characters without Ctrl or Alt are inserted and need no entry; a key with no entry
 * does nothing. Ctrl+C always interrupts whatever the map says, so a program can never lose its
 * way out. Rebind from code:
 *
 * ```kotlin
 * val keys = KeyMap.Default
 *     .with(KeyStroke.ctrl('x'), EditCommand.KillToStart)
 *     .without(KeyStroke.ctrl('t'))
 * Console.open(ConsoleOptions(keyMap = keys))
 * ```
 *
 * The defaults ([Default]) are the Emacs-style bindings readline, JLine and prompt_toolkit share;
 * see the README for the table.
 */
public class KeyMap private constructor(private val bindings: Map<KeyStroke, EditCommand>) {
    /** The command bound to [stroke], or null. */
    public operator fun get(stroke: KeyStroke): EditCommand? = bindings[stroke]

    @JvmSynthetic
    internal fun commandFor(key: KeyCode, modifiers: Modifiers): EditCommand? {
        if (modifiers.isEmpty && key is KeyCode.Char && key.codePoint < PLAIN_TABLE_SIZE) return unmodifiedAscii[key.codePoint]
        return bindings[KeyStroke(key, modifiers)]
    }

    /** The commands of ASCII characters typed without modifiers, by code point: every typed key asks. */
    private val unmodifiedAscii = arrayOfNulls<EditCommand>(PLAIN_TABLE_SIZE).also { table ->
        for ((stroke, command) in bindings) {
            val code = stroke.key
            if (stroke.modifiers.isEmpty && code is KeyCode.Char && code.codePoint < PLAIN_TABLE_SIZE) table[code.codePoint] = command
        }
    }

    /**
     * The first index from [from] until [to] at which [text] (printable ASCII, typed without
     * modifiers) has a character bound to a command, or [to]: up to there the keys only insert.
     */
    @JvmSynthetic
    internal fun firstBoundPlainAscii(text: String, from: Int, to: Int): Int {
        if (!bindsPrintableAscii) return to
        var i = from
        while (i < to && unmodifiedAscii[text[i].code] == null) i++
        return i
    }

    /** True when a printable ASCII character typed without modifiers is bound (the default map binds none). */
    private val bindsPrintableAscii = (0x20..0x7E).any { unmodifiedAscii[it] != null }

    /** This map with [stroke] bound to [command] (replacing what it was bound to). */
    public fun with(stroke: KeyStroke, command: EditCommand): KeyMap = KeyMap(bindings + (stroke to command))

    /** This map without a binding for [stroke]. */
    public fun without(stroke: KeyStroke): KeyMap = KeyMap(bindings - stroke)

    /** Every binding, for listing them. */
    public val entries: Map<KeyStroke, EditCommand> = java.util.Collections.unmodifiableMap(bindings)

    override fun toString(): String = "KeyMap(${bindings.size} bindings)"

    public companion object {
        private const val PLAIN_TABLE_SIZE = 0x80

        private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = KeyStroke(code, modifiers)
        private fun ctrl(c: Char) = KeyStroke.ctrl(c)
        private fun alt(c: Char) = KeyStroke.alt(c)

        /** The everyday Emacs-style bindings of readline, JLine and prompt_toolkit. */
        @JvmField
        public val Default: KeyMap = KeyMap(
            linkedMapOf(
                key(KeyCode.Enter) to EditCommand.AcceptLine,
                ctrl('j') to EditCommand.AcceptLine,
                ctrl('m') to EditCommand.AcceptLine,
                key(KeyCode.Enter, Modifiers.Alt) to EditCommand.InsertNewline,
                ctrl('d') to EditCommand.DeleteOrEndOfInput,
                key(KeyCode.Backspace) to EditCommand.DeleteBackward,
                ctrl('h') to EditCommand.DeleteBackward,
                key(KeyCode.Delete) to EditCommand.DeleteForward,
                key(KeyCode.Left) to EditCommand.MoveLeft,
                ctrl('b') to EditCommand.MoveLeft,
                key(KeyCode.Right) to EditCommand.MoveRight,
                ctrl('f') to EditCommand.MoveRight,
                key(KeyCode.Home) to EditCommand.MoveHome,
                ctrl('a') to EditCommand.MoveHome,
                key(KeyCode.End) to EditCommand.MoveEnd,
                ctrl('e') to EditCommand.MoveEnd,
                alt('b') to EditCommand.MoveWordLeft,
                key(KeyCode.Left, Modifiers.Ctrl) to EditCommand.MoveWordLeft,
                key(KeyCode.Left, Modifiers.Alt) to EditCommand.MoveWordLeft,
                alt('f') to EditCommand.MoveWordRight,
                key(KeyCode.Right, Modifiers.Ctrl) to EditCommand.MoveWordRight,
                key(KeyCode.Right, Modifiers.Alt) to EditCommand.MoveWordRight,
                ctrl('u') to EditCommand.KillToStart,
                ctrl('k') to EditCommand.KillToEnd,
                ctrl('w') to EditCommand.KillBigWordBackward,
                key(KeyCode.Backspace, Modifiers.Alt) to EditCommand.KillWordBackward,
                key(KeyCode.Char('h'.code), Modifiers.Ctrl + Modifiers.Alt) to EditCommand.KillWordBackward,
                alt('d') to EditCommand.KillWordForward,
                key(KeyCode.Delete, Modifiers.Ctrl) to EditCommand.KillWordForward,
                ctrl('y') to EditCommand.Yank,
                alt('y') to EditCommand.YankPop,
                ctrl('_') to EditCommand.Undo,
                ctrl('/') to EditCommand.Undo,
                ctrl('t') to EditCommand.TransposeChars,
                ctrl('l') to EditCommand.ClearScreen,
                key(KeyCode.Up) to EditCommand.PreviousLineOrHistory,
                ctrl('p') to EditCommand.PreviousLineOrHistory,
                key(KeyCode.Down) to EditCommand.NextLineOrHistory,
                ctrl('n') to EditCommand.NextLineOrHistory,
                alt('<') to EditCommand.FirstHistory,
                alt('>') to EditCommand.LastHistory,
                ctrl('r') to EditCommand.ReverseSearch,
                ctrl('s') to EditCommand.ForwardSearch,
                key(KeyCode.Tab) to EditCommand.Complete,
            ),
        )
    }
}
