// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * The text being edited and the cursor in it. Pure state: no I/O, no threads, confined to its
 * owner (the line editor).
 *
 * The cursor is an index into [text] in UTF-16 units, always on a code-point boundary; every
 * motion moves by whole code points, so a surrogate pair is never split. The text may hold
 * newlines (multi-line input); "line" operations ([lineStart], [moveUp]...) work on the row of
 * text the cursor is in.
 *
 * Words: [moveWordLeft], [moveWordRight], [killWordForward] and [killWordBackward] use
 * readline's words (runs of letters and digits); [killBigWordBackward] (Ctrl+W) uses
 * whitespace-delimited words, as readline's `unix-word-rubout` does.
 */
internal class LineBuffer(initial: String = "", private val listener: Listener? = null) {
    /**
     * Told of every change to the text made through this buffer's editing operations (not of
     * [set], which jumps to another text): the undo history listens. Called on the buffer's
     * thread, after the change.
     */
    interface Listener {
        /**
         * Whether [replaced] needs the text of a removal of [length] chars; when false the
         * buffer does not copy it (a removal the listener could not keep costs no copy).
         */
        fun wantsRemovedText(length: Int): Boolean

        /**
         * [removedLength] chars at [at] were replaced by [insertedLength] chars; [removed] is the
         * text taken out when [wantsRemovedText] asked for it (or it was at hand anyway), else
         * null.
         */
        fun replaced(at: Int, removedLength: Int, removed: String?, insertedLength: Int)
    }

    private val chars = StringBuilder(initial)

    /** The cursor, 0..length, in UTF-16 units. */
    var cursor: Int = chars.length
        private set

    /** A copy of the whole text: O(length), meant for once per redraw or per submitted line, not per key. */
    val text: String get() = chars.toString()

    /** The first index that may have changed since the last [takeUnchangedPrefix]; 0 at first. */
    private var unchangedPrefix = 0

    /**
     * How many characters at the start of the text are the same as when this was last called (0
     * the first time, or after [set]), and starts counting afresh: a redraw asks, so that the
     * renderer compares only what may have changed (typing at the end of a long line changes
     * nothing before the cursor).
     */
    fun takeUnchangedPrefix(): Int {
        val same = minOf(unchangedPrefix, chars.length)
        unchangedPrefix = chars.length
        return same
    }

    val length: Int get() = chars.length

    /** How many times the text changed (any edit, or [set]): equal counts mean the same text. */
    var edits: Long = 0
        private set

    /** The code point at [index] (a code-point boundary before [length]). */
    fun codePointAt(index: Int): Int = Character.codePointAt(chars, index)

    /** The boundary after the code point at [index] ([index] < [length]). */
    fun nextBoundary(index: Int): Int = chars.offsetByCodePoints(index, 1)

    /** The boundary before [index] ([index] > 0). */
    fun previousBoundary(index: Int): Int = chars.offsetByCodePoints(index, -1)

    /** A copy of the text from [start] until [end]. */
    fun slice(start: Int, end: Int): String = chars.substring(start, end)

    fun isEmpty(): Boolean = chars.isEmpty()

    /**
     * Replaces the whole text and puts the cursor at [cursorAt] (clamped, on a code point). Not
     * an edit: the [Listener] is not told (the editor clears or restores its undo history itself).
     */
    fun set(newText: String, cursorAt: Int = newText.length) {
        edits++
        unchangedPrefix = 0
        chars.setLength(0)
        chars.append(newText)
        cursor = boundaryAtOrBefore(cursorAt.coerceIn(0, chars.length))
    }

    /** Inserts [s] at the cursor and moves the cursor after it: O(length of [s]) at the end of the text. */
    fun insert(s: CharSequence) {
        change(cursor, cursor, s, cursorAfter = cursor + s.length)
    }

    /** Replaces the text between [start] and the cursor with [replacement]; the cursor ends after it. */
    fun replaceBeforeCursor(start: Int, replacement: String) {
        val from = start.coerceIn(0, cursor)
        change(from, cursor, replacement, cursorAfter = from + replacement.length)
    }

    /**
     * Replaces [start]..[end] with [replacement] and puts the cursor at [cursorAt] (clamped, on a
     * code point), telling the listener; what undo uses to put text back.
     */
    fun replace(start: Int, end: Int, replacement: CharSequence, cursorAt: Int) {
        require(start in 0..end && end <= chars.length) { "range $start..$end outside 0..${chars.length}" }
        change(start, end, replacement, cursorAfter = cursorAt.coerceIn(0, chars.length - (end - start) + replacement.length))
        cursor = boundaryAtOrBefore(cursor)
    }

    /** Puts the cursor at [index] (clamped, on a code point); false when it was there already. */
    fun placeCursor(index: Int): Boolean = moveTo(boundaryAtOrBefore(index.coerceIn(0, chars.length)))

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

    /** The start of the line (row of text) the cursor is in. */
    fun lineStart(at: Int = cursor): Int {
        var i = at
        while (i > 0 && chars[i - 1] != '\n') i--
        return i
    }

    /** The end of the line the cursor is in (the index of its newline, or the text's end). */
    fun lineEnd(at: Int = cursor): Int {
        var i = at
        while (i < chars.length && chars[i] != '\n') i++
        return i
    }

    fun moveLineStart(): Boolean = moveTo(lineStart())

    fun moveLineEnd(): Boolean = moveTo(lineEnd())

    /** True when the cursor is on the first line of the text. */
    val onFirstLine: Boolean get() = lineStart() == 0

    /** True when the cursor is on the last line of the text. */
    val onLastLine: Boolean get() = lineEnd() == chars.length

    /** Moves to the same column (in code points) of the previous line; false on the first line. */
    fun moveUp(): Boolean {
        val start = lineStart()
        if (start == 0) return false
        val column = codePointsBetween(start, cursor)
        val previousStart = lineStart(start - 1)
        cursor = advance(previousStart, column, limit = start - 1)
        return true
    }

    /** Moves to the same column (in code points) of the next line; false on the last line. */
    fun moveDown(): Boolean {
        val end = lineEnd()
        if (end == chars.length) return false
        val column = codePointsBetween(lineStart(), cursor)
        cursor = advance(end + 1, column, limit = lineEnd(end + 1))
        return true
    }

    fun deleteBackward(): Boolean {
        if (cursor == 0) return false
        val start = chars.offsetByCodePoints(cursor, -1)
        change(start, cursor, "", cursorAfter = start)
        return true
    }

    fun deleteForward(): Boolean {
        if (cursor == chars.length) return false
        change(cursor, chars.offsetByCodePoints(cursor, 1), "", cursorAfter = cursor)
        return true
    }

    /** Deletes from the start of the line to the cursor; returns the deleted text. */
    fun killToStart(): String = cut(lineStart(), cursor)

    /** Deletes from the cursor to the end of the line; returns the deleted text. */
    fun killToEnd(): String = cut(cursor, lineEnd())

    /**
     * Deletes the whitespace-delimited word before the cursor and the whitespace after it, as
     * readline's `unix-word-rubout` (Ctrl+W) does; returns the deleted text.
     */
    fun killBigWordBackward(): String {
        var start = cursor
        while (start > 0 && chars[start - 1].isWhitespace()) start--
        while (start > 0 && !chars[start - 1].isWhitespace()) start--
        return cut(start, cursor)
    }

    /** Deletes back to the start of the word before the cursor (Alt+Backspace); returns it. */
    fun killWordBackward(): String = cut(wordLeft(), cursor)

    /** Deletes forward to the end of the word after the cursor (Alt+D); returns it. */
    fun killWordForward(): String = cut(cursor, wordRight())

    /** Moves to the start of the word before the cursor (Alt+B, Ctrl+Left). */
    fun moveWordLeft(): Boolean = moveTo(wordLeft())

    /** Moves to the end of the word after the cursor (Alt+F, Ctrl+Right). */
    fun moveWordRight(): Boolean = moveTo(wordRight())

    /**
     * Swaps the character before the cursor with the one under it and moves forward (Ctrl+T);
     * at the end of the line it swaps the last two characters, as readline does.
     */
    fun transpose(): Boolean {
        if (cursor == 0) return false
        var at = cursor
        if (at == chars.length) at = chars.offsetByCodePoints(at, -1)
        if (at == 0) return false
        val before = chars.offsetByCodePoints(at, -1)
        val after = chars.offsetByCodePoints(at, 1)
        val first = chars.substring(before, at)
        val second = chars.substring(at, after)
        if (first == "\n" || second == "\n") return false
        change(before, after, second + first, cursorAfter = after)
        return true
    }

    private fun wordLeft(): Int {
        var i = cursor
        while (i > 0 && !isWordChar(codePointBefore(i))) i = chars.offsetByCodePoints(i, -1)
        while (i > 0 && isWordChar(codePointBefore(i))) i = chars.offsetByCodePoints(i, -1)
        return i
    }

    private fun wordRight(): Int {
        var i = cursor
        while (i < chars.length && !isWordChar(Character.codePointAt(chars, i))) i = chars.offsetByCodePoints(i, 1)
        while (i < chars.length && isWordChar(Character.codePointAt(chars, i))) i = chars.offsetByCodePoints(i, 1)
        return i
    }

    private fun codePointBefore(i: Int): Int = Character.codePointBefore(chars, i)

    private fun isWordChar(cp: Int): Boolean = Character.isLetterOrDigit(cp)

    private fun codePointsBetween(start: Int, end: Int): Int = Character.codePointCount(chars, start, end)

    private fun advance(from: Int, codePoints: Int, limit: Int): Int {
        var i = from
        var n = 0
        while (n < codePoints && i < limit) {
            i = chars.offsetByCodePoints(i, 1)
            n++
        }
        return i
    }

    private fun boundaryAtOrBefore(index: Int): Int =
        if (index in 1 until chars.length && chars[index].isLowSurrogate() && chars[index - 1].isHighSurrogate()) index - 1 else index

    private fun moveTo(position: Int): Boolean {
        if (cursor == position) return false
        cursor = position
        return true
    }

    private fun cut(start: Int, end: Int): String {
        if (start >= end) return ""
        val removed = chars.substring(start, end)
        change(start, end, "", cursorAfter = start, removed = removed)
        return removed
    }

    /**
     * The one place the text changes (but for [set]): replaces [start]..[end] with [replacement],
     * moves the cursor to [cursorAfter] and tells the listener, giving it [removed] (the text
     * taken out, when the caller has it already) or a copy when it wants one.
     */
    private fun change(start: Int, end: Int, replacement: CharSequence, cursorAfter: Int, removed: String? = null) {
        val removedLength = end - start
        if (removedLength == 0 && replacement.isEmpty()) {
            cursor = cursorAfter
            return
        }
        val taken = when {
            removedLength == 0 -> ""
            removed != null -> removed
            listener?.wantsRemovedText(removedLength) == true -> chars.substring(start, end)
            else -> null
        }
        unchangedPrefix = minOf(unchangedPrefix, start)
        edits++
        when {
            removedLength != 0 -> chars.replace(start, end, replacement.toString())
            // At the end, as typing goes: append copies a String's or a builder's array at once,
            // where insert(Int, CharSequence) would take a builder char by char.
            start == chars.length -> chars.append(replacement)
            else -> chars.insert(start, replacement as? String ?: replacement.toString())
        }
        cursor = cursorAfter
        listener?.replaced(start, removedLength, taken, replacement.length)
    }
}
