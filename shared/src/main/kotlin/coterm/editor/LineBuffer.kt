package coterm.editor

/**
 * The text of the line being edited and the cursor in it. Pure state: no I/O, no threads.
 *
 * The cursor is an index into [text] in UTF-16 units, always on a code-point boundary; every
 * motion moves by whole code points, so a surrogate pair is never split.
 */
internal class LineBuffer(initial: String = "") {
    private val chars = StringBuilder(initial)

    /** The cursor, 0..length, in UTF-16 units. */
    var cursor: Int = chars.length
        private set

    val text: String get() = chars.toString()

    val length: Int get() = chars.length

    fun isEmpty(): Boolean = chars.isEmpty()

    fun insert(s: CharSequence) {
        chars.insert(cursor, s)
        cursor += s.length
    }

    fun moveLeft(): Boolean {
        if (cursor == 0) return false
        cursor = chars.offsetByCodePoints(cursor, -1)
        return true
    }

    fun moveRight(): Boolean {
        if (cursor == chars.length) return false
        cursor = chars.offsetByCodePoints(cursor, 1)
        return true
    }

    fun moveHome(): Boolean = moveTo(0)

    fun moveEnd(): Boolean = moveTo(chars.length)

    fun deleteBackward(): Boolean {
        if (cursor == 0) return false
        val start = chars.offsetByCodePoints(cursor, -1)
        chars.delete(start, cursor)
        cursor = start
        return true
    }

    fun deleteForward(): Boolean {
        if (cursor == chars.length) return false
        chars.delete(cursor, chars.offsetByCodePoints(cursor, 1))
        return true
    }

    /** Deletes from the start of the line to the cursor; returns the deleted text. */
    fun killToStart(): String = cut(0, cursor)

    /** Deletes from the cursor to the end of the line; returns the deleted text. */
    fun killToEnd(): String = cut(cursor, chars.length)

    /**
     * Deletes the whitespace-delimited word before the cursor and the whitespace after it, as
     * readline's `unix-word-rubout` (Ctrl+W) does; returns the deleted text.
     */
    fun killWordBackward(): String {
        var start = cursor
        while (start > 0 && chars[start - 1].isWhitespace()) start--
        while (start > 0 && !chars[start - 1].isWhitespace()) start--
        return cut(start, cursor)
    }

    private fun moveTo(position: Int): Boolean {
        if (cursor == position) return false
        cursor = position
        return true
    }

    private fun cut(start: Int, end: Int): String {
        if (start == end) return ""
        val removed = chars.substring(start, end)
        chars.delete(start, end)
        cursor = start
        return removed
    }
}
