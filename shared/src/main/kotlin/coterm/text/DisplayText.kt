// SPDX-License-Identifier: Apache-2.0
package coterm.text

/**
 * How a piece of line text is shown: printable characters as themselves, control characters in
 * caret notation (`^C`, `^[`, `^?`) and C1 controls as `<U+0085>`, so typed or pasted control
 * bytes are visible and never reach the terminal raw.
 */
internal object DisplayText {
    /** True for the C0 and C1 controls and DEL, which are shown in a visible form. */
    fun isControl(codePoint: Int): Boolean = codePoint < 0x20 || codePoint in 0x7F..0x9F

    /** The visible form of [codePoint]. */
    fun of(codePoint: Int): String = when {
        codePoint < 0x20 -> "^" + (codePoint + 0x40).toChar()
        codePoint == 0x7F -> "^?"
        codePoint in 0x80..0x9F -> "<U+%04X>".format(codePoint)
        else -> String(Character.toChars(codePoint))
    }

    /** [text] with every control character made visible. */
    fun sanitize(text: CharSequence): String {
        val out = StringBuilder(text.length)
        var i = 0
        while (i < text.length) {
            val cp = Character.codePointAt(text, i)
            if (isControl(cp)) out.append(of(cp)) else out.appendCodePoint(cp)
            i += Character.charCount(cp)
        }
        return out.toString()
    }

    /**
     * The width in cells of [text] shown on a terminal, skipping SGR and other CSI sequences and
     * OSC strings (hyperlinks, window titles), which end with BEL or `ESC \`.
     */
    fun widthOfStyled(text: String): Int {
        var width = 0
        var i = 0
        while (i < text.length) {
            val c = text[i]
            if (c == '\u001b' && i + 1 < text.length && text[i + 1] == '[') {
                i += 2
                while (i < text.length && text[i] !in '\u0040'..'\u007e') i++
                i++
                continue
            }
            if (c == '\u001b' && i + 1 < text.length && text[i + 1] == ']') {
                i += 2
                while (i < text.length && text[i] != '\u0007' && !(text[i] == '\u001b' && text.getOrNull(i + 1) == '\\')) i++
                i += if (i < text.length && text[i] == '\u001b') 2 else 1
                continue
            }
            val cp = Character.codePointAt(text, i)
            width += if (cp < 0x20) 0 else CellWidth.of(cp)
            i += Character.charCount(cp)
        }
        return width
    }
}
