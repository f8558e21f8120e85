// SPDX-License-Identifier: Apache-2.0
package coterm.history

/**
 * How one history entry is written as one line of the history file, and read back.
 *
 * The file is UTF-8 text, one entry per line, each line ended by LF. Inside a line, characters
 * that would break the line or act on a terminal that shows the file (`cat`, `less -r`, `tail`)
 * are escaped, so that any entry, multi-line ones included, fits on one line, round-trips exactly,
 * and a pasted escape sequence is never replayed by whoever prints the file:
 *
 * | in the entry | in the file |
 * |---|---|
 * | `\` (backslash) | `\\` |
 * | LF (U+000A) | `\n` |
 * | CR (U+000D) | `\r` |
 * | any other C0 control but TAB (U+0000-U+001F: ESC, BEL, BS, NUL...), DEL (U+007F) and the C1 controls (U+0080-U+009F, CSI and OSC among them) | `\u` and four lower-case hex digits: ESC is `\u001b` |
 *
 * TAB stays as it is: it only moves the cursor to the next tab stop, and bash's and JLine's files
 * hold it raw. Everything else is written as it is (any Unicode). A lone UTF-16 surrogate, which
 * UTF-8 cannot express, is written as U+FFFD. Reading is lenient where writing never goes: a
 * backslash before any other character, or at the very end of a line, stands for itself; `\u`
 * stands for itself unless four hex digits follow that name a control character (`\u0041` stays
 * `\u0041`); raw control characters (a file written by JLine or by an older coterm) are read as
 * they are; a raw CR at the end of a line (a file edited on Windows) is dropped by the reader, not
 * here. Empty lines hold no entry (a blank line is never added to a history).
 *
 * Compared with JLine: JLine's `DefaultHistory` escapes `\`, LF and CR the same way and writes
 * every other character raw, so any JLine file reads here exactly as JLine reads it: a `\u` it
 * wrote comes from a backslash in the entry and is therefore `\\u`, never a control escape.
 * JLine reading our file turns `\X` into `X` for anything but `\n`, `\r` and `\\`, so an entry
 * that held ESC shows there as the text `u001b` where the ESC was; entries without control
 * characters read the same. By default (`HISTORY_TIMESTAMPED`) JLine also puts
 * `<epoch millis>:` before each line. A timestamped file is read here too, but each entry keeps
 * its `1700000000000:` prefix, since `12:30 lunch` is a fine entry and no rule can tell the two
 * apart; JLine in turn rejects our lines, which have no colon-separated time. So share a history
 * file with JLine only with its timestamps turned off.
 */
internal object HistoryFormat {
    /** The file line for [entry], without the line terminator; it never contains a control character but TAB. */
    fun encode(entry: String): String {
        if (!needsEscaping(entry)) return entry
        val out = StringBuilder(entry.length + 16)
        var i = 0
        while (i < entry.length) {
            val c = entry[i]
            when {
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                isEscapedControl(c) -> appendUnicodeEscape(out, c)
                c.isHighSurrogate() && i + 1 < entry.length && entry[i + 1].isLowSurrogate() -> {
                    out.append(c).append(entry[i + 1])
                    i++
                }
                c.isSurrogate() -> out.append('\uFFFD')
                else -> out.append(c)
            }
            i++
        }
        return out.toString()
    }

    /** Whether [entry] holds a character [encode] changes: an indexed loop, as entries can be a 64 KiB paste. */
    private fun needsEscaping(entry: String): Boolean {
        for (i in entry.indices) {
            val c = entry[i]
            if (c == '\\' || isEscapedControl(c) || c.isSurrogate()) return true
        }
        return false
    }

    /** C0 but TAB, DEL and C1: LF and CR too (they have short escapes, checked first by [encode]). */
    private fun isEscapedControl(c: Char): Boolean = (c < ' ' && c != '\t') || (c >= '\u007f' && c <= '\u009f')

    private fun appendUnicodeEscape(out: StringBuilder, c: Char) {
        out.append("\\u")
        val code = c.code
        for (shift in 12 downTo 0 step 4) out.append(HEX[(code shr shift) and 0xF])
    }

    /** The entry stored in the file line [line] (without its terminator): the inverse of [encode]. */
    fun decode(line: String): String {
        if (line.indexOf('\\') < 0) return line
        val out = StringBuilder(line.length)
        var i = 0
        while (i < line.length) {
            val c = line[i]
            if (c == '\\' && i + 1 < line.length) {
                when (line[i + 1]) {
                    '\\' -> out.append('\\')
                    'n' -> out.append('\n')
                    'r' -> out.append('\r')
                    'u' -> {
                        val control = controlAt(line, i + 2)
                        if (control == null) {
                            out.append("\\u")
                        } else {
                            out.append(control)
                            i += 4
                        }
                    }
                    else -> out.append('\\').append(line[i + 1])
                }
                i += 2
            } else {
                out.append(c)
                i++
            }
        }
        return out.toString()
    }

    /** The control character that the four hex digits at [start] name, or null if they are not that. */
    private fun controlAt(line: String, start: Int): Char? {
        if (start + 4 > line.length) return null
        var code = 0
        for (k in start until start + 4) {
            // ASCII only: Character.digit would also take full-width and other Unicode digits.
            val digit = when (val d = line[k]) {
                in '0'..'9' -> d - '0'
                in 'a'..'f' -> d - 'a' + 10
                in 'A'..'F' -> d - 'A' + 10
                else -> return null
            }
            code = code shl 4 or digit
        }
        return code.toChar().takeIf { Character.isISOControl(it) }
    }

    private const val HEX = "0123456789abcdef"
}
