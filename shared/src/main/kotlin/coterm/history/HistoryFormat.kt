package coterm.history

/**
 * How one history entry is written as one line of the history file, and read back.
 *
 * The file is UTF-8 text, one entry per line, each line ended by LF. Inside a line three
 * characters are escaped so that any entry, multi-line ones included, fits on one line and
 * round-trips exactly:
 *
 * | in the entry | in the file |
 * |---|---|
 * | `\` (backslash) | `\\` |
 * | LF (U+000A) | `\n` |
 * | CR (U+000D) | `\r` |
 *
 * Everything else is written as it is (tabs, other control characters, any Unicode). A lone
 * UTF-16 surrogate, which UTF-8 cannot express, is written as U+FFFD. Reading is lenient where
 * writing never goes: a backslash before any other character, or at the very end of a line, stands
 * for itself; a raw CR at the end of a line (a file edited on Windows) is dropped by the reader,
 * not here. Empty lines hold no entry (a blank line is never added to a history).
 *
 * Compared with JLine: JLine's `DefaultHistory` escapes the same three characters the same way,
 * but by default (`HISTORY_TIMESTAMPED`) puts `<epoch millis>:` before each line. A JLine file
 * written with timestamps off is read here exactly. A timestamped one is read too, but each entry
 * keeps its `1700000000000:` prefix, since `12:30 lunch` is a fine entry and no rule can tell the
 * two apart; JLine in turn rejects our lines, which have no colon-separated time. So share a
 * history file with JLine only with its timestamps turned off.
 */
internal object HistoryFormat {
    /** The file line for [entry], without the line terminator; it never contains LF or CR. */
    fun encode(entry: String): String {
        if (!needsEscaping(entry)) return entry
        val out = StringBuilder(entry.length + 8)
        var i = 0
        while (i < entry.length) {
            val c = entry[i]
            when {
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
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

    /** Whether [entry] holds a character [encode] changes: an indexed loop, as entries can be a 100,000-character paste. */
    private fun needsEscaping(entry: String): Boolean {
        for (i in entry.indices) {
            val c = entry[i]
            if (c == '\\' || c == '\n' || c == '\r' || c.isSurrogate()) return true
        }
        return false
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
}
