// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * A key with its modifiers: what a [coterm.editor.KeyMap] looks up, and what the decoder's
 * tables name before raw bytes are attached. `KeyStroke.ctrl('r')`, `KeyStroke.alt('b')`,
 * `KeyStroke(KeyCode.Left, Modifiers.Ctrl)`; from Java, `KeyStroke.of(KeyCode.Left.INSTANCE,
 * Modifiers.Ctrl)` or `new KeyStroke(key, modifiers)`.
 *
 * Letters are matched as the terminal sends them: Ctrl+letter is lower case (`ctrl('r')`), Alt
 * with a letter keeps its case (`alt('b')` is Alt+b, not Alt+Shift+B).
 */
public data class KeyStroke @JvmOverloads constructor(
    /** The key without its modifiers. */
    public val key: KeyCode,
    /** The modifiers held with it. */
    public val modifiers: Modifiers = Modifiers.None,
) {
    override fun toString(): String = if (modifiers.isEmpty) "$key" else "$modifiers+$key"

    /** Factories for the usual strokes. */
    public companion object {
        /** Ctrl with the character [c]. */
        @JvmStatic
        public fun ctrl(c: Char): KeyStroke = KeyStroke(KeyCode.Char(c.code), Modifiers.Ctrl)

        /** Alt with the character [c]. */
        @JvmStatic
        public fun alt(c: Char): KeyStroke = KeyStroke(KeyCode.Char(c.code), Modifiers.Alt)

        /** [key] with no modifier. */
        @JvmStatic
        public fun of(key: KeyCode): KeyStroke = KeyStroke(key)

        /** [key] with [modifiers] (`Modifiers.Ctrl.plus(Modifiers.Alt)`). */
        @JvmStatic
        public fun of(key: KeyCode, modifiers: Modifiers): KeyStroke = KeyStroke(key, modifiers)
    }
}
