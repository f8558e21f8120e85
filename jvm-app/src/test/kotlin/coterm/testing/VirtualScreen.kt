// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import java.io.ByteArrayOutputStream

/**
 * A small model of a VT/xterm screen, so end-to-end tests read what a person would see (rows of
 * text and the cursor) instead of matching escape codes.
 *
 * It interprets exactly the output subset the coterm demos promise: printable text (UTF-8, wide
 * characters take two cells, combining marks join the previous cell), CR, LF (scrolling at the
 * bottom into a bounded scrollback), BS, HT, and CSI `A B C D G H f J K`. SGR (`m`) is accepted
 * and ignored; private modes (`ESC[?…h/l`) are recorded in [privateModes], and those outside
 * the subset (anything but 2004, bracketed paste, and 1, application cursor keys, which [PtyShell]
 * honours) are also listed in [unsupported], one `ESC[?n h` or `ESC[?n l` each. A device status
 * request (`ESC[6n`, `ESC[5n`) is answered through [takeReplies] as a real terminal would.
 * Anything else (other CSI finals, OSC, lone ESC sequences, C0 controls) is ignored and listed in
 * [unsupported], so a test can check that a program stays within the subset.
 *
 * Wrapping is xterm's: writing in the last column leaves the cursor there with a pending wrap
 * that the next printable character honours and any cursor movement cancels.
 *
 * Thread-safe: one thread may [feed] while others take [snapshot]s.
 */
class VirtualScreen(val columns: Int = 80, val rows: Int = 24, private val scrollbackLimit: Int = 5_000) {
    init {
        require(columns > 0 && rows > 0) { "screen must have at least one row and column" }
    }

    private val grid: Array<Array<String>> = Array(rows) { blankRow() }
    private val scrollback = ArrayDeque<String>()
    private var row = 0
    private var col = 0
    private var wrapPending = false

    private val modes = linkedSetOf<Int>()
    private val unsupportedSequences = mutableListOf<String>()
    private val replies = ByteArrayOutputStream()

    private var state = State.Ground
    private val sequence = StringBuilder()
    private val utf8 = Utf8Accumulator()

    private enum class State { Ground, Escape, Csi, Osc, OscEscape, EscapeIntermediate }

    /** Feeds raw output bytes; sequences and UTF-8 may be split anywhere across calls. */
    @Synchronized
    fun feed(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size - offset) {
        for (i in offset until offset + length) {
            val b = bytes[i].toInt() and 0xff
            if (state == State.Ground && b >= 0x80) {
                utf8.accept(b).forEach { printCodePoint(it) }
            } else {
                utf8.flushInvalid()?.let { printCodePoint(it) }
                acceptByte(b)
            }
        }
    }

    /** Feeds text as UTF-8 bytes. */
    fun feed(text: String) = feed(text.toByteArray(Charsets.UTF_8))

    /** An immutable copy of what is on screen now. */
    @Synchronized
    fun snapshot(): Snapshot = Snapshot(
        lines = grid.map { rowText(it) },
        scrollback = scrollback.toList(),
        cursorRow = row,
        cursorColumn = col,
        columns = columns,
    )

    /** The private modes (`ESC[?n h`) currently set, e.g. 2004 for bracketed paste, 1 for application cursor keys. */
    val privateModes: Set<Int> @Synchronized get() = modes.toSet()

    /** Sequences and controls outside the promised subset, printable (ESC shown as `ESC`), in order of arrival. */
    val unsupported: List<String> @Synchronized get() = unsupportedSequences.toList()

    /** Bytes a terminal must send back (answers to status requests); empties the queue. */
    @Synchronized
    fun takeReplies(): ByteArray = replies.toByteArray().also { replies.reset() }

    private fun acceptByte(b: Int) {
        when (state) {
            State.Ground -> ground(b)
            State.Escape -> escape(b)
            State.EscapeIntermediate -> {
                sequence.append(b.toChar())
                if (b in 0x30..0x7e) {
                    unsupported(sequence)
                    state = State.Ground
                }
            }
            State.Csi -> csi(b)
            State.Osc -> when (b) {
                0x07 -> endOsc()
                0x1b -> state = State.OscEscape
                else -> sequence.append(b.toChar())
            }
            State.OscEscape -> if (b == '\\'.code) endOsc() else { sequence.append('\u001b'); sequence.append(b.toChar()); state = State.Osc }
        }
    }

    private fun ground(b: Int) {
        when (b) {
            0x1b -> { state = State.Escape; sequence.setLength(0); sequence.append("ESC") }
            0x0d -> { col = 0; wrapPending = false }
            0x0a -> { lineFeed(); wrapPending = false }
            0x08 -> { if (col > 0) col--; wrapPending = false }
            0x09 -> { col = minOf(columns - 1, (col / 8 + 1) * 8); wrapPending = false }
            0x07 -> Unit // bell: nothing to see
            in 0x00..0x1f, 0x7f -> unsupportedSequences += "^" + (b xor 0x40).toChar()
            else -> printCodePoint(b)
        }
    }

    private fun escape(b: Int) {
        when (b) {
            '['.code -> { state = State.Csi; sequence.append('[') }
            ']'.code -> { state = State.Osc; sequence.append(']') }
            in 0x20..0x2f -> { state = State.EscapeIntermediate; sequence.append(b.toChar()) }
            0x1b -> { unsupported(sequence); sequence.setLength(0); sequence.append("ESC") }
            else -> { sequence.append(b.toChar()); unsupported(sequence); state = State.Ground }
        }
    }

    private fun csi(b: Int) {
        when (b) {
            in 0x20..0x3f -> sequence.append(b.toChar())
            in 0x40..0x7e -> { sequence.append(b.toChar()); state = State.Ground; runCsi(sequence.substring(4, sequence.length - 1), b.toChar()) }
            0x1b -> { unsupported(sequence); sequence.setLength(0); sequence.append("ESC"); state = State.Escape }
            else -> ground(b) // C0 controls inside CSI act immediately, as in xterm
        }
    }

    private fun endOsc() {
        unsupported(sequence) // titles and the like: harmless, but outside the subset
        state = State.Ground
    }

    private fun unsupported(seq: CharSequence) {
        unsupportedSequences += seq.toString()
    }

    private fun runCsi(params: String, final: Char) {
        if (params.startsWith("?")) {
            val numbers = params.drop(1).split(';').mapNotNull { it.toIntOrNull() }
            when (final) {
                'h' -> modes += numbers
                'l' -> modes -= numbers.toSet()
                else -> {
                    unsupported("ESC[$params$final")
                    return
                }
            }
            numbers.filter { it !in SUBSET_PRIVATE_MODES }.forEach { unsupported("ESC[?$it$final") }
            return
        }
        if (params.any { it !in '0'..'9' && it != ';' }) {
            unsupported("ESC[$params$final")
            return
        }
        val args = if (params.isEmpty()) emptyList() else params.split(';').map { it.toIntOrNull() ?: 0 }
        fun arg(i: Int, default: Int): Int = args.getOrNull(i)?.takeIf { it != 0 } ?: default
        fun mode(): Int = args.getOrNull(0) ?: 0
        when (final) {
            'A' -> { row = maxOf(0, row - arg(0, 1)); wrapPending = false }
            'B' -> { row = minOf(rows - 1, row + arg(0, 1)); wrapPending = false }
            'C' -> { col = minOf(columns - 1, col + arg(0, 1)); wrapPending = false }
            'D' -> { col = maxOf(0, col - arg(0, 1)); wrapPending = false }
            'G' -> { col = arg(0, 1).coerceIn(1, columns) - 1; wrapPending = false }
            'H', 'f' -> { row = arg(0, 1).coerceIn(1, rows) - 1; col = arg(1, 1).coerceIn(1, columns) - 1; wrapPending = false }
            'J' -> eraseDisplay(mode())
            'K' -> eraseLine(mode())
            'm' -> Unit
            'n' -> when (mode()) {
                6 -> replies.writeBytes("\u001b[${row + 1};${col + 1}R".toByteArray())
                5 -> replies.writeBytes("\u001b[0n".toByteArray())
                else -> unsupported("ESC[$params$final")
            }
            else -> unsupported("ESC[$params$final")
        }
    }

    private fun eraseDisplay(mode: Int) {
        when (mode) {
            0 -> { eraseLine(0); for (r in row + 1 until rows) grid[r] = blankRow() }
            1 -> { eraseLine(1); for (r in 0 until row) grid[r] = blankRow() }
            2 -> for (r in 0 until rows) grid[r] = blankRow()
            3 -> { for (r in 0 until rows) grid[r] = blankRow(); scrollback.clear() }
            else -> unsupported("ESC[${mode}J")
        }
    }

    private fun eraseLine(mode: Int) {
        val cells = grid[row]
        val range = when (mode) {
            0 -> col until columns
            1 -> 0..col
            2 -> 0 until columns
            else -> { unsupported("ESC[${mode}K"); return }
        }
        for (c in range) clearCell(cells, c)
    }

    private fun printCodePoint(cp: Int) {
        val text = String(Character.toChars(cp))
        val width = CellWidth.of(cp)
        if (width == 0) {
            // A combining mark belongs to the character before the cursor.
            val target = if (wrapPending) col else col - 1
            if (target >= 0) {
                val cells = grid[row]
                val c = if (cells[target] == WIDE_TAIL && target > 0) target - 1 else target
                cells[c] = cells[c] + text
            }
            return
        }
        if (wrapPending || col + width > columns) {
            if (col + width > columns && !wrapPending) {
                // A wide character that does not fit in the last column wraps as a whole.
                grid[row][col] = BLANK
            }
            col = 0
            lineFeed()
            wrapPending = false
        }
        val cells = grid[row]
        clearCell(cells, col)
        if (width == 2) clearCell(cells, col + 1)
        cells[col] = text
        if (width == 2) cells[col + 1] = WIDE_TAIL
        if (col + width >= columns) {
            col = columns - 1
            wrapPending = true
        } else {
            col += width
        }
    }

    /** Blanks one cell; overwriting half of a wide character blanks its other half, as terminals do. */
    private fun clearCell(cells: Array<String>, c: Int) {
        if (cells[c] == WIDE_TAIL && c > 0) cells[c - 1] = BLANK
        if (c + 1 < columns && cells[c + 1] == WIDE_TAIL) cells[c + 1] = BLANK
        cells[c] = BLANK
    }

    private fun lineFeed() {
        if (row < rows - 1) {
            row++
            return
        }
        scrollback.addLast(rowText(grid[0]))
        while (scrollback.size > scrollbackLimit) scrollback.removeFirst()
        for (r in 0 until rows - 1) grid[r] = grid[r + 1]
        grid[rows - 1] = blankRow()
    }

    private fun blankRow(): Array<String> = Array(columns) { BLANK }

    private fun rowText(cells: Array<String>): String =
        cells.filter { it != WIDE_TAIL }.joinToString("").trimEnd()

    /**
     * What was on screen at one moment. [lines] are the visible rows with trailing blanks trimmed;
     * [scrollback] holds the rows that scrolled off the top, oldest first.
     */
    data class Snapshot(
        val lines: List<String>,
        val scrollback: List<String>,
        val cursorRow: Int,
        val cursorColumn: Int,
        val columns: Int,
    ) {
        /** Scrollback then the visible rows, with blank rows after the last non-blank one dropped. */
        val allLines: List<String> get() = (scrollback + lines).dropLastWhile { it.isEmpty() }

        /** The visible row the cursor is on. */
        val cursorLine: String get() = lines[cursorRow]

        /** The visible row above the cursor, or "" at the top. */
        val lineAboveCursor: String get() = if (cursorRow > 0) lines[cursorRow - 1] else scrollback.lastOrNull() ?: ""

        /** Whether any line (scrollback included) contains [text]. */
        operator fun contains(text: String): Boolean = allLines.any { text in it }

        /** Whether any line (scrollback included) is exactly [text] once trailing blanks are ignored. */
        fun hasLine(text: String): Boolean = allLines.any { it == text.trimEnd() }

        /** The rows framed with row numbers and the cursor shown as `█`, for failure messages. */
        fun render(): String = buildString {
            if (scrollback.isNotEmpty()) {
                append("  (").append(scrollback.size).append(" lines in scrollback, last ones:)\n")
                for (line in scrollback.takeLast(10)) append("   | ").append(line).append('\n')
            }
            append("   +").append("-".repeat(columns)).append("+ cursor row ").append(cursorRow)
                .append(" col ").append(cursorColumn).append('\n')
            val shown = maxOf(cursorRow, lines.indexOfLast { it.isNotEmpty() })
            lines.take(shown + 1).forEachIndexed { r, line ->
                val text = if (r == cursorRow) {
                    val padded = line.padEnd(cursorColumn + 1)
                    padded.substring(0, cursorColumn) + "█" + padded.substring(cursorColumn + 1)
                } else line
                append(r.toString().padStart(2)).append(" |").append(text).append('\n')
            }
            if (shown < lines.size - 1) append("   (rows ").append(shown + 1).append("..").append(lines.size - 1).append(" blank)\n")
            append("   +").append("-".repeat(columns)).append('+')
        }
    }

    private companion object {
        const val BLANK = " "
        const val WIDE_TAIL = ""

        /** The private modes of the subset: 1 (application cursor keys) and 2004 (bracketed paste). */
        val SUBSET_PRIVATE_MODES = setOf(1, 2004)
    }
}

/** Incremental UTF-8 decoding where a bad byte becomes U+FFFD without eating the bytes after it. */
private class Utf8Accumulator {
    private var codePoint = 0
    private var needed = 0
    private var seen = 0

    /** Takes one byte >= 0x80; returns the code points it completes (none while a sequence is unfinished). */
    fun accept(b: Int): List<Int> {
        if (needed > 0) {
            if (b and 0xc0 == 0x80) {
                codePoint = (codePoint shl 6) or (b and 0x3f)
                seen++
                if (seen < needed) return emptyList()
                needed = 0
                return listOf(codePoint)
            }
            needed = 0
            return listOf(REPLACEMENT) + accept(b)
        }
        when {
            b and 0xe0 == 0xc0 -> { codePoint = b and 0x1f; needed = 1 }
            b and 0xf0 == 0xe0 -> { codePoint = b and 0x0f; needed = 2 }
            b and 0xf8 == 0xf0 -> { codePoint = b and 0x07; needed = 3 }
            else -> return listOf(REPLACEMENT)
        }
        seen = 0
        return emptyList()
    }

    /** Before a byte below 0x80: an unfinished sequence becomes U+FFFD (null if none). */
    fun flushInvalid(): Int? {
        if (needed == 0) return null
        needed = 0
        return REPLACEMENT
    }

    companion object {
        const val REPLACEMENT = 0xfffd
    }
}
