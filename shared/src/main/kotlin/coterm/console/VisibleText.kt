package coterm.console

import coterm.editor.DisplayText

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
        if (text.none { DisplayText.isControl(it.code) && it != '\n' && it != '\t' }) return text
        val out = StringBuilder(text.length + 16)
        for (c in text) {
            if (DisplayText.isControl(c.code) && c != '\n' && c != '\t') out.append(DisplayText.of(c.code)) else out.append(c)
        }
        return out.toString()
    }
}
