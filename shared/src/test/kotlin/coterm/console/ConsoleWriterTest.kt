package coterm.console

import coterm.testing.FakeTerminal
import coterm.testing.ScreenModel
import coterm.terminal.TerminalSize
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

private const val ESC = "\u001b"

class ConsoleWriterTest : FunSpec({
    fun writer(columns: Int = 10): Pair<FakeTerminal, ConsoleWriter> {
        val terminal = FakeTerminal(terminalSize = TerminalSize(columns, 24))
        return terminal to ConsoleWriter(terminal, rendering = true)
    }

    /** What [output] leaves on a screen of [columns], rows `0 until rows`, and where the cursor is. */
    fun screen(output: String, columns: Int = 10, rows: Int = 4): Triple<String, Int, Int> {
        val model = ScreenModel(columns)
        model.write(output)
        return Triple((0 until rows).joinToString("|") { model.text(it, it + 1) }, model.row, model.column)
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
            terminal.output shouldNotContain "$ESC[J"
            writer.writeLine("out")
            // The same screen, cursor included, as a full redraw gives (here forced by a stale line).
            val (redrawnTerminal, redrawn) = writer()
            redrawn.beginLine("> ")
            redrawn.updateLine(text + "z", text.length + 1)
            redrawn.endLine(text, marker)
            redrawn.writeLine("out")
            redrawnTerminal.output shouldContain "$ESC[J> $text"
            screen(beforeEnter + terminal.output) shouldBe screen(redrawnTerminal.output)
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
                terminal.clearOutput()
                writer.endLine(case.final)
                terminal.output shouldBe "\r$ESC[J> ${case.final}\r\n"
            }
        }
    }

    test("Enter during a search draws the line with the prompt back") {
        val (terminal, writer) = writer()
        writer.beginLine("> ")
        writer.updateLine("hello", 5, promptOverride = "(search) ")
        terminal.clearOutput()
        writer.endLine("hello")
        terminal.output shouldContain "> hello"
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
})
