package coterm.editor

import coterm.testing.ScreenModel
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll

private const val ESC = "\u001b"

class LineRendererTest : FunSpec({
    data class Case(
        val name: String,
        val previous: Frame,
        val prompt: String,
        val text: String,
        val cursor: Int,
        val columns: Int,
        val output: String,
        val frame: Frame,
    )

    context("exact output") {
        withData(
            nameFn = { it.name },
            ts = listOf(
                Case("plain line that fits", Frame.Empty, "> ", "hi", 2, 80, "\r$ESC[J> hi", Frame(1, 0, 4)),
                Case("cursor in the middle", Frame.Empty, "> ", "hello", 2, 80, "\r$ESC[J> hello\r$ESC[4C", Frame(1, 0, 4)),
                Case("cursor at the start of the text", Frame.Empty, "> ", "hello", 0, 80, "\r$ESC[J> hello\r$ESC[2C", Frame(1, 0, 2)),
                Case("cursor after an emoji", Frame.Empty, "> ", "a😀b", 3, 80, "\r$ESC[J> a😀b\r$ESC[5C", Frame(1, 0, 5)),
                Case("wraps onto a second row", Frame.Empty, "> ", "abcdefghijklmno", 15, 10, "\r$ESC[J> abcdefghijklmno", Frame(2, 1, 7)),
                Case(
                    "wrapped, cursor on the first row", Frame.Empty, "> ", "abcdefghijklmno", 3, 10,
                    "\r$ESC[J> abcdefghijklmno$ESC[1A\r$ESC[5C", Frame(2, 0, 5),
                ),
                Case("text exactly fills the row", Frame.Empty, "> ", "abcdefgh", 8, 10, "\r$ESC[J> abcdefgh\r\n", Frame(2, 1, 0)),
                Case(
                    "text exactly fills the row, cursor on its last character", Frame.Empty, "> ", "abcdefgh", 7, 10,
                    "\r$ESC[J> abcdefgh\r\n$ESC[1A\r$ESC[9C", Frame(2, 0, 9),
                ),
                Case("prompt exactly fills the row", Frame.Empty, "0123456789", "", 0, 10, "\r${ESC}[J0123456789\r\n", Frame(2, 1, 0)),
                Case("wide character wraps at the row edge", Frame.Empty, "> ", "abcdefg中", 8, 10, "\r$ESC[J> abcdefg中", Frame(2, 1, 2)),
                Case(
                    "cursor on a wide character that wrapped sits on it", Frame.Empty, "> ", "abcdefg中", 7, 10,
                    "\r$ESC[J> abcdefg中\r", Frame(2, 1, 0),
                ),
                Case("wide character ends exactly at the edge", Frame.Empty, "> ", "abcdef中", 7, 10, "\r$ESC[J> abcdef中\r\n", Frame(2, 1, 0)),
                Case("control characters in caret notation", Frame.Empty, "> ", "a\u0003b\u001b", 4, 80, "\r$ESC[J> a^Cb^[", Frame(1, 0, 8)),
                Case("DEL and a C1 control", Frame.Empty, "> ", "\u007f\u0085", 2, 80, "\r$ESC[J> ^?<U+0085>", Frame(1, 0, 12)),
                Case("caret notation split by the row edge", Frame.Empty, "> ", "abcdefg\u0003", 8, 10, "\r$ESC[J> abcdefg^C", Frame(2, 1, 1)),
                Case("styled prompt", Frame.Empty, "$ESC[1m> $ESC[0m", "hi", 2, 80, "\r$ESC[J$ESC[1m> ${ESC}[0mhi", Frame(1, 0, 4)),
                Case("redraw from a three-row frame", Frame(3, 2, 5), "> ", "x", 1, 10, "$ESC[2A\r$ESC[J> x", Frame(1, 0, 3)),
                Case("redraw with the old cursor on the first row", Frame(2, 0, 4), "> ", "x", 1, 10, "\r$ESC[J> x", Frame(1, 0, 3)),
            ),
        ) { case ->
            val promptWidth = DisplayText.widthOfStyled(case.prompt)
            val (output, frame) = LineRenderer.render(case.previous, case.prompt, promptWidth, case.text, case.cursor, case.columns)
            output shouldBe case.output
            frame shouldBe case.frame
        }
    }

    test("moveBelow goes to the row after the frame's last") {
        fun below(frame: Frame) = StringBuilder().also { LineRenderer.moveBelow(it, frame) }.toString()
        below(Frame(3, 1, 4)) shouldBe "$ESC[1B\r\n"
        below(Frame(1, 0, 3)) shouldBe "\r\n"
    }

    test("a wide character that now wraps leaves no stale character in the cell it skips") {
        val screen = ScreenModel(10)
        val (first, frame) = LineRenderer.render(Frame.Empty, "> ", 2, "abcdefghij", 10, 10)
        screen.write(first)
        val (second, _) = LineRenderer.render(frame, "> ", 2, "abcdefg中", 8, 10)
        screen.write(second)
        screen.cells(0) shouldBe listOf(">", " ", "a", "b", "c", "d", "e", "f", "g", null)
        screen.text(0, 2) shouldBe "> abcdefg中"
    }

    /** Prompts as (styled text, plain text); all start with a narrow character. */
    val prompts = listOf(
        "> " to "> ",
        "$ESC[1;32mλ$ESC[0m " to "λ ",
        "user@host:~/src$ " to "user@host:~/src$ ",
        "0123456789" to "0123456789",
        "a中> " to "a中> ",
    )
    val alphabet = listOf("a", "b", " ", "中", "😀", "\u0301", "\u0003", "\u001b", "\u007f", "\u0085")

    class Scenario(val prompt: Pair<String, String>, val columns: Int, val lines: List<Pair<String, Int>>) {
        override fun toString() = "prompt=${prompt.second} columns=$columns lines=" +
            lines.joinToString { (t, c) -> DisplayText.sanitize(t) + "@" + c }
    }

    val scenarios: Arb<Scenario> = arbitrary { rs ->
        val r = rs.random
        val columns = if (r.nextInt(10) == 0) 80 else 2 + r.nextInt(12)
        // A wide character of the prompt at a row edge would wrap early; prompts are measured, not laid out.
        val prompt = prompts.filter { !it.second.contains('中') || columns >= 6 }.random(r)
        val lines = List(1 + r.nextInt(3)) {
            val text = buildString {
                repeat(r.nextInt(if (r.nextBoolean()) 8 else 30)) { append(alphabet.random(r)) }
            }
            val boundaries = (0..text.length).filter { it == 0 || it == text.length || !Character.isLowSurrogate(text[it]) }
            text to boundaries.random(r)
        }
        Scenario(prompt, columns, lines)
    }

    test("the output shows prompt and text on a model screen, with the cursor where the Frame says") {
        checkAll(2000, scenarios) { s ->
            val screen = ScreenModel(s.columns)
            screen.write("above")
            val base = screen.row + 1
            screen.moveTo(base)
            var frame = Frame.Empty
            for ((text, cursor) in s.lines) {
                screen.resetLowWater()
                val (output, next) = LineRenderer.render(
                    frame, s.prompt.first, DisplayText.widthOfStyled(s.prompt.first), text, cursor, s.columns,
                )
                frame = next
                screen.write(output)
                val shown = s.prompt.second + DisplayText.sanitize(text)
                withClue("$s, drawing ${DisplayText.sanitize(text)}@$cursor as ${DisplayText.sanitize(output)} gave $frame") {
                    screen.lowWater shouldBe base
                    screen.text(0, base) shouldBe "above"
                    screen.text(base, base + frame.rows) shouldBe shown
                    (screen.lastUsedRow < base + frame.rows) shouldBe true
                    (screen.lastUsedRow >= base + frame.rows - 2) shouldBe true
                    (frame.cursorRow in 0 until frame.rows) shouldBe true
                    screen.row shouldBe base + frame.cursorRow
                    screen.column shouldBe frame.cursorColumn
                    screen.wrapPending shouldBe false
                    val atCursor = if (cursor < text.length) text.codePointAt(cursor) else -1
                    if (atCursor < 0 || shownWidth(atCursor) > 0) {
                        screen.textBeforeCursor(base) shouldBe s.prompt.second + DisplayText.sanitize(text.substring(0, cursor))
                    }
                }
            }
        }
    }

    test("the same output and frame as the character-by-character layout, for any text, cursor and width") {
        val pieces = listOf("a", "b", " ", "~", "abcdefghijklmnopqrstuvwxyz", "x".repeat(25), "中", "😀", "\u0301", "\u0003", "\u001b", "\u007f", "\u0085", "\n")
        class RenderCase(
            val previous: Frame, val prompt: String, val text: String, val cursor: Int, val columns: Int,
            val continuation: String, val continuationWidth: Int,
        ) {
            override fun toString() = "${DisplayText.sanitize(text)}@$cursor, $columns columns, after $previous, continued by '$continuation'"
        }
        val cases: Arb<RenderCase> = arbitrary { rs ->
            val r = rs.random
            val columns = if (r.nextInt(10) == 0) 80 else 2 + r.nextInt(12)
            val text = buildString { repeat(r.nextInt(40)) { append(pieces.random(r)) } }
            val boundaries = (0..text.length).filter { it == 0 || it == text.length || !Character.isLowSurrogate(text[it]) }
            val prompt = prompts.filter { !it.second.contains('中') || columns >= 6 }.random(r).first
            val (continuation, continuationWidth) = listOf("" to 0, ". " to 2, "...... " to 7).random(r)
            val previous = listOf(Frame.Empty, Frame(1, 0, 4), Frame(3, 2, 5), Frame(4, 1, 0)).random(r)
            RenderCase(previous, prompt, text, boundaries.random(r), columns, continuation, continuationWidth)
        }
        checkAll(3000, cases) { c ->
            val width = DisplayText.widthOfStyled(c.prompt)
            withClue(c) {
                LineRenderer.render(c.previous, c.prompt, width, c.text, c.cursor, c.columns, c.continuation, c.continuationWidth) shouldBe
                    ReferenceRenderer.render(c.previous, c.prompt, width, c.text, c.cursor, c.columns, c.continuation, c.continuationWidth)
            }
        }
    }
})

/** [LineRenderer.render] as it was before runs of ASCII were laid out in bulk: the reference for the property test. */
private object ReferenceRenderer {
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

    private fun moveToStart(out: StringBuilder, frame: Frame) = LineRenderer.moveToStart(out, frame)
}
