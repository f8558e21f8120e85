// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.KeyCode
import coterm.input.Modifiers

/**
 * A key with its modifiers, as a [KeyMap] looks it up: `KeyStroke.ctrl('r')`,
 * `KeyStroke.alt('b')`, `KeyStroke(KeyCode.Left, Modifiers.Ctrl)`.
 *
 * Letters are matched as the terminal sends them: Ctrl+letter is lower case (`ctrl('r')`), Alt
 * with a letter keeps its case (`alt('b')` is Alt+b, not Alt+Shift+B).
 */
public data class KeyStroke(public val key: KeyCode, public val modifiers: Modifiers = Modifiers.None) {
    override fun toString(): String = if (modifiers.isEmpty) "$key" else "$modifiers+$key"

    public companion object {
        /** Ctrl with the character [c]. */
        @JvmStatic
        public fun ctrl(c: Char): KeyStroke = KeyStroke(KeyCode.Char(c.code), Modifiers.Ctrl)

        /** Alt with the character [c]. */
        @JvmStatic
        public fun alt(c: Char): KeyStroke = KeyStroke(KeyCode.Char(c.code), Modifiers.Alt)

        /** [key] with no modifier; for Java, which cannot call the constructor with a [Modifiers]. */
        @JvmStatic
        public fun of(key: KeyCode): KeyStroke = KeyStroke(key)

        /** [key] with the modifiers named in [modifiers] (`"Ctrl+Alt"`); for Java. */
        @JvmStatic
        public fun of(key: KeyCode, modifiers: String): KeyStroke {
            var bits = Modifiers.None
            for (name in modifiers.split('+').map { it.trim() }.filter { it.isNotEmpty() }) {
                bits += when (name.lowercase()) {
                    "ctrl", "control" -> Modifiers.Ctrl
                    "alt", "option" -> Modifiers.Alt
                    "shift" -> Modifiers.Shift
                    "meta" -> Modifiers.Meta
                    else -> throw IllegalArgumentException("unknown modifier '$name' in '$modifiers'")
                }
            }
            return KeyStroke(key, bits)
        }
    }
}
