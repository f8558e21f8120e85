package coterm.editor

/**
 * What is on the screen for the line being edited, as far as the next redraw needs to know:
 * how many rows it took and on which of them the cursor is.
 */
internal data class Frame(val rows: Int, val cursorRow: Int, val cursorColumn: Int) {
    companion object {
        /** Nothing drawn yet; the cursor is at the start of an empty row. */
        val Empty: Frame = Frame(rows = 0, cursorRow = 0, cursorColumn = 0)
    }
}

/**
 * Draws a prompt and a line of text that may wrap over several rows, and may hold newlines
 * (multi-line input: each line after the first starts with a continuation prompt). Pure: it
 * returns the bytes to write (as a string) and the new [Frame]; it never writes.
 *
 * Every redraw moves to the first row of the previous frame, clears from there down (`ESC[J`),
 * rewrites prompt and text and puts the cursor back. Clearing first matters: a wide character
 * that does not fit at the end of a row wraps and skips the last cell, which would otherwise
 * keep what the previous frame had there. It uses only CR, LF, `ESC[nA`, `ESC[nC` and `ESC[J`,
 * which every VT100 descendant supports.
 *
 * The layout follows the terminal cell by cell: the caret form of a control character (`^C`,
 * `<U+0085>`) is ordinary characters to the terminal and may be split by a row edge, while a
 * wide character that does not fit moves whole to the next row. The cursor is shown on the
 * first cell of the character it is at, so on the next row when that character wrapped.
 */
internal object LineRenderer {
    /**
     * The output that replaces [previous] with [prompt] (styled, [promptWidth] cells) followed by
     * [text] with the cursor at UTF-16 index [cursor], on a terminal [columns] wide. A newline in
     * [text] starts a new row, which begins with [continuation] ([continuationWidth] cells).
     */
    fun render(
        previous: Frame,
        prompt: String,
        promptWidth: Int,
        text: String,
        cursor: Int,
        columns: Int,
        continuation: String = "",
        continuationWidth: Int = 0,
    ): Pair<String, Frame> {
        val width = columns.coerceAtLeast(2)
        val out = StringBuilder(prompt.length + text.length + 16)
        moveToStart(out, previous)
        out.append("\u001b[J")
        out.append(prompt)
        var row = promptWidth / width
        var col = promptWidth % width
        if (promptWidth > 0 && col == 0) {
            // The prompt exactly filled its last row: the terminal waits to wrap.
            row--
            col = width
        }
        var cursorRow = -1
        var cursorCol = -1
        var i = 0
        while (true) {
            if (i != cursor && i < text.length && isPrintableAscii(text[i])) {
                // A run of printable ASCII (one cell each, never the cursor's character) is laid
                // out a row at a time and copied in bulk: a large paste is one run, not 100,000
                // width lookups and single-character appends.
                val stop = if (cursor > i) minOf(cursor, text.length) else text.length
                var end = i + 1
                while (end < stop && isPrintableAscii(text[end])) end++
                while (i < end) {
                    if (col >= width) {
                        row++
                        col = 0
                    }
                    val take = minOf(end - i, width - col)
                    out.append(text, i, i + take)
                    col += take
                    i += take
                }
                continue
            }
            val cp = if (i < text.length) Character.codePointAt(text, i) else -1
            if (i == cursor) {
                // The cursor sits on the first cell of its character: the next row if it wraps.
                val first = when {
                    cp < 0 -> 1
                    DisplayText.isControl(cp) -> 1
                    else -> CellWidth.of(cp)
                }
                if (cp == '\n'.code && col >= width) {
                    // At a newline in a full row there is no next cell on this row: show it on the last.
                    cursorRow = row
                    cursorCol = width - 1
                } else if (cp != '\n'.code && (col + first > width || col >= width)) {
                    cursorRow = row + 1
                    cursorCol = 0
                } else {
                    cursorRow = row
                    cursorCol = col
                }
            }
            if (cp < 0) break
            if (cp == '\n'.code) {
                out.append("\r\n").append(continuation)
                row += 1 + continuationWidth / width
                col = continuationWidth % width
                if (continuationWidth > 0 && col == 0) {
                    row--
                    col = width
                }
                i++
                continue
            }
            if (DisplayText.isControl(cp)) {
                // The caret form is plain characters to the terminal, which may split it at the edge.
                for (c in DisplayText.of(cp)) {
                    if (col + 1 > width) {
                        row++
                        col = 0
                    }
                    out.append(c)
                    col++
                }
            } else {
                val w = CellWidth.of(cp)
                if (col + w > width) {
                    row++
                    col = 0
                }
                out.appendCodePoint(cp)
                col += w
            }
            i += Character.charCount(cp)
        }
        if (col >= width) {
            out.append("\r\n")
            row++
            col = 0
        }
        if (row > cursorRow) out.append("\u001b[").append(row - cursorRow).append('A')
        if (cursorCol != col) {
            out.append('\r')
            if (cursorCol > 0) out.append("\u001b[").append(cursorCol).append('C')
        }
        return out.toString() to Frame(rows = row + 1, cursorRow = cursorRow, cursorColumn = cursorCol)
    }

    /** Space to tilde: one cell each, no caret form, no combining. */
    private fun isPrintableAscii(c: Char): Boolean = c in ' '..'~'

    /** Output that moves from the cursor of [frame] to the start of its first row. */
    fun moveToStart(out: StringBuilder, frame: Frame) {
        if (frame.cursorRow > 0) out.append("\u001b[").append(frame.cursorRow).append('A')
        out.append('\r')
    }

    /** Output that moves from the cursor of [frame] to the row after its last. */
    fun moveBelow(out: StringBuilder, frame: Frame) {
        val down = frame.rows - 1 - frame.cursorRow
        if (down > 0) out.append("\u001b[").append(down).append('B')
        out.append("\r\n")
    }
}
