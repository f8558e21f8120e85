// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.TerminalSize
import coterm.testing.FakeTerminal
import coterm.testing.ScreenModel
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** The menu rows the writer draws below the edited line ([ConsoleWriter.setMenu]). */
class ConsoleWriterMenuTest : FunSpec({
    fun writer(columns: Int = 20, rows: Int = 6): Pair<FakeTerminal, ConsoleWriter> {
        val terminal = FakeTerminal(terminalSize = TerminalSize(columns, rows))
        return terminal to ConsoleWriter(terminal, rendering = true)
    }

    /** A menu of [rows] rows, marking row [selected] with a `>`; it records the room it was given. */
    class Rows(val rows: List<String>, val selected: Int) : ConsoleWriter.Menu {
        var room = -1
        override fun rows(width: Int, maxRows: Int): List<String> {
            room = maxRows
            return rows.mapIndexed { i, row -> (if (i == selected) ">" else " ") + row }.take(maxRows)
        }
    }

    fun screenOf(output: String, columns: Int = 20, rows: Int = 6): Pair<List<String>, ScreenModel> {
        val model = ScreenModel(columns, rows)
        model.write(output)
        return model.screenText() to model
    }

    test("the menu goes below the line, the cursor stays on the line, and a move rewrites only the rows that changed") {
        val (terminal, writer) = writer()
        writer.beginLine("> ")
        writer.updateLine("ab", 2)
        writer.setMenu(Rows(listOf("one", "two", "three"), selected = 0))
        val (screen, model) = screenOf(terminal.output)
        screen.take(4) shouldContainExactly listOf("> ab", ">one", " two", " three")
        (model.row to model.column) shouldBe (0 to 4)
        val before = terminal.output
        terminal.clearOutput()
        writer.setMenu(Rows(listOf("one", "two", "three"), selected = 1))
        terminal.output shouldContain ">two"
        terminal.output shouldNotContain "three"
        val (after, moved) = screenOf(before + terminal.output)
        after.take(4) shouldContainExactly listOf("> ab", " one", ">two", " three")
        (moved.row to moved.column) shouldBe (0 to 4)
    }

    test("the menu takes at most the rows below the line, and none when the line fills the screen") {
        val (_, writer) = writer(columns = 10, rows = 4)
        writer.beginLine("> ")
        val menu = Rows((1..10).map { "r$it" }, selected = 0)
        writer.setMenu(menu)
        menu.room shouldBe 3
        // Three rows of line (22 cells on rows of 10): one row left.
        writer.updateLine("x".repeat(20), 20)
        menu.room shouldBe 1
        writer.updateLine("x".repeat(40), 40)
        menu.room shouldBe 1 // not asked: no room at all
    }

    test("closing the menu, ending the line, printing above and Ctrl+C leave no menu row behind") {
        for (end in listOf("close", "endLine", "interrupt", "abandon", "printAbove")) {
            val (terminal, writer) = writer()
            writer.beginLine("> ")
            writer.updateLine("ab", 2)
            writer.setMenu(Rows(listOf("one", "two", "three"), selected = 0))
            when (end) {
                "close" -> writer.setMenu(null)
                "endLine" -> writer.endLine("ab")
                "interrupt" -> writer.endLine("ab", "^C")
                "abandon" -> writer.abandonLine()
                "printAbove" -> writer.printAbove("news")
            }
            val (screen, _) = screenOf(terminal.output)
            val expected = when (end) {
                "interrupt" -> listOf("> ab^C")
                "printAbove" -> listOf("news", "> ab", ">one", " two", " three")
                else -> listOf("> ab")
            }
            screen.dropLastWhile { it.isEmpty() } shouldContainExactly expected
        }
    }

    test("after a resize the menu is asked again for the new width and drawn once") {
        val (terminal, writer) = writer()
        writer.beginLine("> ")
        writer.updateLine("ab", 2)
        val widths = mutableListOf<Int>()
        writer.setMenu(ConsoleWriter.Menu { width, _ -> widths.add(width); listOf("w$width") })
        writer.resize(30, 6)
        widths.last() shouldBe 30
        val (screen, _) = screenOf(terminal.output, columns = 30)
        screen.count { it.startsWith("w") } shouldBe 1
        screen.dropLastWhile { it.isEmpty() }.last() shouldBe "w30"
    }
})
