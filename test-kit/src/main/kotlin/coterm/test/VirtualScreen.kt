// SPDX-License-Identifier: Apache-2.0
package coterm.test

import java.io.ByteArrayOutputStream

/**
 * A model of a VT/xterm screen, [columns] wide and [rows] high, that applies what a program
 * writes, so a test reads what a person would see (rows of text, the cursor, the styles)
 * instead of matching escape codes. A [VirtualTerminal] feeds everything written to it into its
 * own screen; a screen can also be fed directly, for instance from a real pseudo-terminal.
 *
 * It interprets the output coterm emits: printable text (UTF-8; wide characters take two cells,
 * combining marks join the previous cell), CR, LF (scrolling at the bottom into a bounded
 * scrollback), BS, HT, CSI `A B C D G H f J K`, and SGR (`m`): bold, faint, italic, underline,
 * inverse, strikethrough and the colours, kept per cell as a [CellStyle]. Private modes
 * (`ESC[?…h/l`) are recorded in [privateModes], and those outside the subset (anything but 2004,
 * bracketed paste, and 1, application cursor keys) are also listed in [unsupported]. A device
 * status request (`ESC[6n`, `ESC[5n`) is answered through [takeReplies] as a real terminal would.
 * Anything else (other CSI finals, OSC, lone ESC sequences, C0 controls) changes nothing and is
 * listed in [unsupported], so a test can check that a program stays within the subset.
 *
 * Wrapping is xterm's: writing in the last column leaves the cursor there with a pending wrap
 * that the next printable character honours and any cursor movement cancels. Widths are a close
 * approximation of `wcwidth`, deliberately not coterm's own table, so that a test checks coterm
 * against an independent answer.
 *
 * Thread-safe: one thread may [feed] while others take [snapshot]s.
 */
public class VirtualScreen @JvmOverloads constructor(
    columns: Int = 80,
    rows: Int = 24,
    private val scrollbackLimit: Int = 5_000,
) {
    init {
        require(columns > 0 && rows > 0) { "screen must have at least one row and column" }
    }

    /** The width in cells; changed by [resize]. */
    @get:Synchronized
    public var columns: Int = columns
        private set

    /** The height in rows; changed by [resize]. */
    @get:Synchronized
    public var rows: Int = rows
        private set

    private var grid: Array<Array<String>> = Array(rows) { blankRow() }
    private var styles: Array<Array<CellStyle>> = Array(rows) { plainRow() }
    private val scrollback = ArrayDeque<String>()
    private var row = 0
    private var col = 0
    private var wrapPending = false
    private var pen = CellStyle.PLAIN

    private val modes = linkedSetOf<Int>()
    private val unsupportedSequences = mutableListOf<String>()
    private val replies = ByteArrayOutputStream()

    private var state = State.Ground
    private val sequence = StringBuilder()
    private val utf8 = Utf8Accumulator()

    private enum class State { Ground, Escape, Csi, Osc, OscEscape, EscapeIntermediate }

    /** Feeds raw output bytes; sequences and UTF-8 may be split anywhere across calls. */
    @Synchronized
    @JvmOverloads
    public fun feed(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size - offset) {
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

    /** Feeds [text] as UTF-8 bytes. */
    public fun feed(text: String) {
        feed(text.toByteArray(Charsets.UTF_8))
    }

    /**
     * Changes the size as a terminal window's resize does in xterm: rows are cut or padded on the
     * right, never re-wrapped; when the screen gets shorter than the cursor's row, rows from the
     * top go into the scrollback so that the cursor stays on its line.
     */
    @Synchronized
    public fun resize(columns: Int, rows: Int) {
        require(columns > 0 && rows > 0) { "screen must have at least one row and column" }
        val drop = maxOf(0, row - (rows - 1))
        for (r in 0 until drop) pushScrollback(rowText(grid[r]))
        val oldGrid = grid
        val oldStyles = styles
        this.columns = columns
        this.rows = rows
        grid = Array(rows) { r -> (oldGrid.getOrNull(r + drop) ?: blankRow()).let { old -> Array(columns) { c -> old.getOrElse(c) { BLANK } } } }
        styles = Array(rows) { r -> (oldStyles.getOrNull(r + drop) ?: plainRow()).let { old -> Array(columns) { c -> old.getOrElse(c) { CellStyle.PLAIN } } } }
        // A wide character cut in half at the new right edge is blanked.
        for (cells in grid) if (cells[columns - 1] != WIDE_TAIL && width(cells[columns - 1]) == 2) cells[columns - 1] = BLANK
        row -= drop
        col = minOf(col, columns - 1)
        wrapPending = false
    }

    /** An immutable copy of what is on screen now. */
    @Synchronized
    public fun snapshot(): ScreenSnapshot = GridSnapshot(
        lines = grid.map { rowText(it) },
        scrollback = scrollback.toList(),
        cursorRow = row,
        cursorColumn = col,
        columns = columns,
        cells = grid.map { it.toList() },
        styles = styles.map { it.toList() },
    )

    /** The private modes (`ESC[?n h`) currently set, e.g. 2004 for bracketed paste, 1 for application cursor keys. */
    public val privateModes: Set<Int> @Synchronized get() = modes.toSet()

    /** Sequences and controls outside the promised subset, printable (ESC shown as `ESC`), in order of arrival. */
    public val unsupported: List<String> @Synchronized get() = unsupportedSequences.toList()

    /** Bytes a terminal must send back (answers to status requests); empties the queue. */
    @Synchronized
    public fun takeReplies(): ByteArray = replies.toByteArray().also { replies.reset() }

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
        if (final == 'm' && params.all { it in '0'..'9' || it == ';' || it == ':' }) {
            val next = Sgr.apply(pen, params)
            if (next == null) unsupported("ESC[${params}m") else pen = next
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
            0 -> { eraseLine(0); for (r in row + 1 until rows) blank(r) }
            1 -> { eraseLine(1); for (r in 0 until row) blank(r) }
            2 -> for (r in 0 until rows) blank(r)
            3 -> { for (r in 0 until rows) blank(r); scrollback.clear() }
            else -> unsupported("ESC[${mode}J")
        }
    }

    private fun eraseLine(mode: Int) {
        val range = when (mode) {
            0 -> col until columns
            1 -> 0..col
            2 -> 0 until columns
            else -> { unsupported("ESC[${mode}K"); return }
        }
        for (c in range) clearCell(row, c)
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
        clearCell(row, col)
        if (width == 2) clearCell(row, col + 1)
        grid[row][col] = text
        styles[row][col] = pen
        if (width == 2) {
            grid[row][col + 1] = WIDE_TAIL
            styles[row][col + 1] = pen
        }
        if (col + width >= columns) {
            col = columns - 1
            wrapPending = true
        } else {
            col += width
        }
    }

    /** Blanks one cell; overwriting half of a wide character blanks its other half, as terminals do. */
    private fun clearCell(r: Int, c: Int) {
        val cells = grid[r]
        if (cells[c] == WIDE_TAIL && c > 0) cells[c - 1] = BLANK
        if (c + 1 < columns && cells[c + 1] == WIDE_TAIL) cells[c + 1] = BLANK
        cells[c] = BLANK
        styles[r][c] = CellStyle.PLAIN
    }

    private fun blank(r: Int) {
        grid[r] = blankRow()
        styles[r] = plainRow()
    }

    private fun lineFeed() {
        if (row < rows - 1) {
            row++
            return
        }
        pushScrollback(rowText(grid[0]))
        for (r in 0 until rows - 1) {
            grid[r] = grid[r + 1]
            styles[r] = styles[r + 1]
        }
        blank(rows - 1)
    }

    private fun pushScrollback(line: String) {
        scrollback.addLast(line)
        while (scrollback.size > scrollbackLimit) scrollback.removeFirst()
    }

    private fun width(cell: String): Int = if (cell.isEmpty()) 0 else CellWidth.of(cell.codePointAt(0))

    private fun blankRow(): Array<String> = Array(columns) { BLANK }

    private fun plainRow(): Array<CellStyle> = Array(columns) { CellStyle.PLAIN }

    private fun rowText(cells: Array<String>): String =
        cells.filter { it != WIDE_TAIL }.joinToString("").trimEnd()
}

/** A cell with nothing written in it. */
private const val BLANK = " "

/** The right half of a wide character: its cell holds no text of its own ([GridSnapshot] knows it as ""). */
private const val WIDE_TAIL = ""

/** The private modes of the subset: 1 (application cursor keys) and 2004 (bracketed paste). */
private val SUBSET_PRIVATE_MODES = setOf(1, 2004)
