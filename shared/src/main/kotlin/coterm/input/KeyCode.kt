// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * What key was pressed, without its modifiers: a character or a named key.
 *
 * Sealed so that a `when` over it is exhaustive. Control characters are reported as the letter
 * they are typed with plus [Modifiers.Ctrl] (0x01 is `Char('a')` with Ctrl), except those with a
 * key of their own: [Enter] (CR), [Tab] (HT), [Backspace] (DEL, 0x7f) and [Escape].
 * Ctrl+H (0x08) stays `Char('h')` with Ctrl, distinct from [Backspace].
 */
public sealed interface KeyCode {
    /** A character key; [codePoint] is a Unicode code point (never a surrogate half). */
    public data class Char(public val codePoint: Int) : KeyCode {
        override fun toString(): String = "Char(" + String(Character.toChars(codePoint)) + ")"
    }

    /** A function key F1 to F24; [number] is 1-based. */
    public data class Function(public val number: Int) : KeyCode {
        override fun toString(): String = "F$number"
    }

    /** Enter (Return): CR in raw mode. */
    public data object Enter : KeyCode

    /** Tab; Shift+Tab is `Tab` with [Modifiers.Shift]. */
    public data object Tab : KeyCode

    /** Backspace: DEL (0x7f) from most terminals. */
    public data object Backspace : KeyCode

    /** The Escape key on its own (a lone ESC after the escape timeout). */
    public data object Escape : KeyCode

    /** Arrow up. */
    public data object Up : KeyCode

    /** Arrow down. */
    public data object Down : KeyCode

    /** Arrow left. */
    public data object Left : KeyCode

    /** Arrow right. */
    public data object Right : KeyCode

    /** Home. */
    public data object Home : KeyCode

    /** End. */
    public data object End : KeyCode

    /** Page Up. */
    public data object PageUp : KeyCode

    /** Page Down. */
    public data object PageDown : KeyCode

    /** Insert. */
    public data object Insert : KeyCode

    /** Delete (forward delete), `CSI 3~`. */
    public data object Delete : KeyCode
}
