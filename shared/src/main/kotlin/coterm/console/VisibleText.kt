// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.text.DisplayText

/**
 * Makes text that came from the user safe to print back: every control character except line
 * feed and tab is shown in caret notation (`^[` for ESC, `^G` for BEL, `^M` for CR, `^?` for DEL)
 * and C1 controls as `<U+009B>`, so a pasted escape sequence is seen, never obeyed.
 *
 * The rule: [Console.printAbove] and the other print calls write text as given, so a command
 * can print styles and other escape codes on purpose. Text the user typed or pasted is not
 * trusted: the line editor shows it this way, coterm's own messages that quote it (`unknown
 * command: X`, `error: NAME: message`) go through [of], and a command that prints user text
 * back (an `echo`, a history listing) should too.
 */
public object VisibleText {
    /** [text] with every control character but `\n` and `\t` made visible; other text is unchanged. */
    @JvmStatic
    public fun of(text: String): String {
        // Indexed loops over the String rather than CharSequence.none/for-in, whose per-character
        // interface calls made this the costliest step of echoing a 100,000-character paste.
        var hidden = nextHidden(text, 0)
        if (hidden < 0) return text
        val out = StringBuilder(text.length + 16)
        var from = 0
        while (hidden >= 0) {
            out.append(text, from, hidden).append(DisplayText.of(text[hidden].code))
            from = hidden + 1
            hidden = nextHidden(text, from)
        }
        return out.append(text, from, text.length).toString()
    }

    /** The index of the first character at or after [from] that is shown in another form, or -1. */
    private fun nextHidden(text: String, from: Int): Int {
        for (i in from until text.length) {
            val c = text[i]
            if (DisplayText.isControl(c.code) && c != '\n' && c != '\t') return i
        }
        return -1
    }
}
