// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.render.ReferenceLayout
import coterm.terminal.TerminalSize
import coterm.testing.FakeTerminal
import coterm.testing.ScreenModel
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain

private const val ESC = "\u001b"

class ConsoleWriterTest : FunSpec({
    fun writer(columns: Int = 10, rows: Int = 24): Pair<FakeTerminal, ConsoleWriter> {
        val terminal = FakeTerminal(terminalSize = TerminalSize(columns, rows))
        return terminal to ConsoleWriter(terminal, rendering = true)
    }

    /** What [output] leaves on a screen of [columns], rows `0 until rows`, and where the cursor is. */
    fun screen(output: String, columns: Int = 10, rows: Int = 4): Triple<String, Int, Int> {
        val model = ScreenModel(columns)
        model.write(output)
        return Triple((0 until rows).joinToString("|") { model.text(it, it + 1) }, model.row, model.column)
    }

    /** Scrollback and screen, oldest row first, blank rows at the end dropped, on a [columns] x [rows] model. */
    fun allRows(output: String, columns: Int, rows: Int): Pair<List<String>, ScreenModel> {
        val model = ScreenModel(columns, rows)
        model.write(output)
        return (model.scrollbackText() + model.screenText()).dropLastWhile { it.isEmpty() } to model
    }

    context("Enter on a line the screen already shows ends it without drawing it again") {
        withData(
            nameFn = { "'${it.first}' then ${it.second.ifEmpty { "Enter" }}" },
            listOf("" to "", "hello" to "", "abcdefgh" to "", "abcdefghijklmnopqrstu" to "", "hello" to "^C", "abcdefgh" to "^C"),
        ) { (text, marker) ->
            val (terminal, writer) = writer()
            writer.beginLine("> ")
            writer.updateLine(text, text.length)
            val beforeEnter = terminal.output
            terminal.clearOutput()
            writer.endLine(text, marker)
            terminal.output shouldNotContain "$ESC["
            terminal.output shouldNotContain text.ifEmpty { "\u0000" }
            writer.writeLine("out")
            // The same screen, cursor included, as drawing the final line afresh gives.
            val (freshTerminal, fresh) = writer()
            fresh.beginLine("> ")
            fresh.endLine(text, marker)
            fresh.writeLine("out")
            screen(beforeEnter + terminal.output) shouldBe screen(freshTerminal.output)
        }
    }

    test("a large paste followed by Enter is written once") {
        val (terminal, writer) = writer(columns = 80)
        val pasted = "echo " + "x".repeat(100_000)
        writer.beginLine("# ")
        writer.updateLine(pasted, pasted.length)
        writer.endLine(pasted)
        terminal.output.count { it == 'x' } shouldBe 100_000
    }

    test("Enter draws the final line when the screen does not show it") {
        data class Case(val name: String, val shown: String, val cursor: Int, val final: String, val columnsAfter: Int = 10)
        listOf(
            Case("text changed since the last draw", "hel", 3, "hello"),
            Case("cursor not at the end", "hello", 2, "hello"),
            Case("the terminal was resized", "hello", 5, "hello", columnsAfter = 20),
        ).forEach { case ->
            withClue(case.name) {
                val (terminal, writer) = writer()
                writer.beginLine("> ")
                writer.updateLine(case.shown, case.cursor)
                writer.columns = case.columnsAfter
                writer.endLine(case.final)
                screen(terminal.output, columns = case.columnsAfter) shouldBe Triple("> ${case.final}|||", 1, 0)
            }
        }
    }

    test("Enter during a search draws the line with the prompt back") {
        val (terminal, writer) = writer()
        writer.beginLine("> ")
        writer.updateLine("hello", 5, promptOverride = "(search) ")
        writer.endLine("hello")
        screen(terminal.output).first shouldBe "> hello|||"
    }

    test("with a status shown, Enter moves it below the finished line") {
        val (terminal, writer) = writer(columns = 20)
        writer.beginLine("> ")
        writer.setStatus("50%")
        writer.updateLine("hello", 5)
        writer.endLine("hello")
        val (rows, row, _) = screen(terminal.output, columns = 20)
        rows shouldBe "> hello|50%||"
        row shouldBe 1
    }

    /** `echo ` and [length] letters: a line of many rows on a narrow screen. */
    fun tallLine(length: Int) = "echo " + (0 until length).joinToString("") { ('a' + it % 26).toString() }

    /** The rows [text] takes after a `> ` prompt on a screen [columns] wide. */
    fun rowsOf(text: String, columns: Int) = ReferenceLayout.of("> ", text, text.length, columns).rows.dropLastWhile { it.isEmpty() }

    test("a line taller than the screen, typed and entered: the scrollback and the screen hold each of its rows once, in order") {
        val (terminal, writer) = writer(columns = 20, rows = 6)
        val text = tallLine(300)
        writer.beginLine("> ")
        for (end in 1..text.length step 7) writer.updateLine(text.substring(0, end), end)
        writer.updateLine(text, text.length)
        writer.endLine(text)
        writer.writeLine("out")
        val (rows, model) = allRows(terminal.output, 20, 6)
        rows shouldBe rowsOf(text, 20) + "out"
        model.clampedMoves shouldBe 0
    }

    test("printAbove over a tall line prints above the window, draws the window again with the cursor in place, and Enter leaves no marker") {
        val (terminal, writer) = writer(columns = 20, rows = 6)
        val text = tallLine(300)
        writer.beginLine("> ")
        writer.updateLine(text, text.length)
        writer.printAbove("hello")
        val (_, model) = allRows(terminal.output, 20, 6)
        val lineRows = rowsOf(text, 20)
        model.scrollbackText().last() shouldBe "hello"
        // The rows above the window are no longer right above it: a marker says so.
        model.screenText()[0] shouldBe "[${lineRows.size - 5} above]"
        model.screenText().drop(1) shouldBe lineRows.takeLast(5)
        (model.row - model.screenTop to model.column) shouldBe (5 to lineRows.last().length)
        writer.endLine(text)
        writer.writeLine("out")
        val (rows, after) = allRows(terminal.output, 20, 6)
        rows shouldBe lineRows.dropLast(6) + "hello" + lineRows.takeLast(6) + "out"
        after.clampedMoves shouldBe 0
    }

    test("a status set while a tall line is edited is not drawn over it, and goes below the line at Enter") {
        val (terminal, writer) = writer(columns = 20, rows = 6)
        val text = tallLine(300)
        writer.beginLine("> ")
        writer.updateLine(text, text.length)
        val before = terminal.output
        writer.setStatus("50%")
        withClue("the status row is above the window: nothing to draw") { terminal.output shouldBe before }
        writer.endLine(text)
        val (rows, model) = allRows(terminal.output, 20, 6)
        rows shouldBe rowsOf(text, 20) + "50%"
        model.clampedMoves shouldBe 0
    }

    test("Enter with the cursor at the start of a tall line brings its end back on the screen, with no marker left") {
        val (terminal, writer) = writer(columns = 20, rows = 6)
        val text = tallLine(300)
        writer.beginLine("> ")
        writer.updateLine(text, text.length)
        writer.updateLine(text, 0)
        val (_, home) = allRows(terminal.output, 20, 6)
        home.screenText()[0] shouldBe rowsOf(text, 20)[0]
        home.screenText()[5] shouldBe "[11 below]"
        (home.row - home.screenTop to home.column) shouldBe (0 to 2)
        writer.endLine(text)
        writer.writeLine("out")
        val (rows, model) = allRows(terminal.output, 20, 6)
        rows shouldBe rowsOf(text, 20) + "out"
        model.clampedMoves shouldBe 0
    }

    test("resize redraws a wrapped line for the new width, from the row the reflowed line starts on") {
        val (terminal, writer) = writer(columns = 20, rows = 6)
        writer.printAbove("above")
        writer.beginLine("> ")
        writer.updateLine("abcdefghijklmnopqrstuvwxyz", 26)
        terminal.clearOutput()
        writer.resize(30, 6)
        // A terminal that reflows shows the line's two rows as one row of 28 cells below "above";
        // the redraw must start on that row: neither above it (erasing "above") nor below.
        val model = ScreenModel(30, 6)
        model.write("above\r\n> abcdefghijklmnopqrstuvwxyz")
        model.write(terminal.output)
        model.screenText().take(2) shouldBe listOf("above", "> abcdefghijklmnopqrstuvwxyz")
        model.screenText().drop(2).all { it.isEmpty() } shouldBe true
        (model.row to model.column) shouldBe (1 to 28)
        model.clampedMoves shouldBe 0
    }
})
