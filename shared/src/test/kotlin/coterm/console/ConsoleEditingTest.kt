// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.Candidate
import coterm.editor.Completer
import coterm.history.HeldHistoryLock
import coterm.history.HistoryOptions
import coterm.editor.LineEditor
import coterm.input.InputDecoder
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.testing.FakeTerminal
import coterm.testing.ScreenModel
import coterm.testing.ctrl
import coterm.testing.ctrlC
import coterm.testing.keys
import coterm.testing.stripCsi
import coterm.testing.inject
import coterm.testing.injectRead
import coterm.testing.show
import coterm.testing.virtualTimeConsole
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.property.Arb
import io.kotest.property.arbitrary.Codepoint
import io.kotest.property.arbitrary.alphanumeric
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceUntilIdle
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import java.nio.file.Files

private val tab = listOf(InputEvent.Key(KeyCode.Tab))
private val up = listOf(InputEvent.Key(KeyCode.Up))

private class EditingConsole(scope: TestScope, options: ConsoleOptions = ConsoleOptions()) {
    val terminal = FakeTerminal()
    /** What the terminal was like at each stop: raw mode on or off, and everything written before it. */
    val stops = mutableListOf<Stop>()
    val console = scope.virtualTimeConsole(terminal, options = options, stopProcess = { stops += Stop(terminal.rawModeActive, terminal.output); true })

    data class Stop(val rawMode: Boolean, val outputBefore: String)

    fun send(vararg batch: List<InputEvent>) = batch.forEach { console.inject(it) }

    /** What the output leaves on an 80-column screen, rows joined by newlines, trailing blanks dropped. */
    fun screen(): String {
        val model = ScreenModel(80)
        model.write(terminal.output.replace("\u001b[?2004h", "").replace("\u001b[?2004l", ""))
        return (0..model.lowWater.coerceAtLeast(model.row)).joinToString("\n") { model.text(it, it + 1).trimEnd() }.trimEnd()
    }

    /** Every row of an 80-column screen that the output left text on, from the top, joined. */
    fun allRows(): String {
        val model = ScreenModel(80)
        model.write(terminal.output.replace("\u001b[?2004h", "").replace("\u001b[?2004l", ""))
        return (0..40).joinToString("") { model.text(it, it + 1).trimEnd() }
    }
}

private fun editingTest(options: ConsoleOptions = ConsoleOptions(), body: suspend TestScope.(EditingConsole) -> Unit) = runTest {
    val v = EditingConsole(this, options)
    try {
        body(v)
    } finally {
        v.console.close()
    }
}

/** The console's line editing beyond plain keys: history, completion, multi-line input, status, Ctrl+Z. */
class ConsoleEditingTest : FunSpec({
    val commands = Completer { listOf("help", "history", "quit").map(::Candidate) }

    test("random edits in random reads, bursts of typed text among them: after each read the screen shows the editor's line") {
        // What the screen shows is drawn by difference, told how much of the line is unchanged:
        // a pure editor fed the same keys says what it must show.
        val pieces = listOf("\u001b[D", "\u001b[C", "\u0001", "\u0005", "\u007f", "\u001b[3~", "\u0015", "\u000b", "\u0017", "\u0019", "\u001f")
        checkAll(25, Arb.list(Arb.choice(Arb.element(pieces), Arb.string(1..60, Codepoint.alphanumeric())), 1..30), Arb.long()) { script, seed ->
            editingTest { v ->
                val line = async { v.console.readLine("# ") }
                runCurrent()
                val reference = LineEditor()
                val random = kotlin.random.Random(seed)
                var at = 0
                while (at < script.size) {
                    val read = script.subList(at, minOf(script.size, at + 1 + random.nextInt(4)))
                    at += read.size
                    val bytes = read.joinToString("").toByteArray()
                    v.console.injectRead(bytes)
                    runCurrent()
                    InputDecoder().feed(bytes).forEach { reference.handle(it) }
                    withClue("after ${read.map { show(it.toByteArray()) }}") {
                        v.allRows() shouldBe ("# " + reference.buffer.text).trimEnd()
                    }
                }
                v.send(keys("\r"))
                line.await() shouldBe reference.buffer.text
            }
        }
    }

    test("a submitted line comes back with Up at the next prompt; a line starting with a space does not") {
        editingTest { v ->
            val first = async { v.console.readLine("# ") }
            v.send(keys("echo one\r"))
            first.await() shouldBe "echo one"
            val second = async { v.console.readLine("# ") }
            v.send(keys(" secret\r"))
            second.await() shouldBe " secret"
            val third = async { v.console.readLine("# ") }
            v.send(up, keys("!\r"))
            third.await() shouldBe "echo one!"
            v.console.history() shouldBe listOf("echo one", "echo one!")
        }
    }

    test("LineOptions(addToHistory = false) keeps the line out of the history") {
        editingTest { v ->
            val line = async { v.console.readLine("password: ", LineOptions(addToHistory = false)) }
            v.send(keys("hunter2\r"))
            line.await() shouldBe "hunter2"
            v.console.history() shouldBe emptyList()
        }
    }

    test("history from a file is there at the first prompt, and new lines go into the file") {
        val dir = Files.createTempDirectory("coterm-history")
        val file = dir.resolve("history")
        Files.writeString(file, "older\nnewest\n")
        editingTest(ConsoleOptions(history = HistoryOptions(file))) { v ->
            val line = async { v.console.readLine("# ") }
            v.send(up, up, keys("\r"))
            line.await() shouldBe "older"
            // The file is written on the history's own thread; closing lets it finish.
            v.console.close()
            Files.readAllLines(file) shouldBe listOf("older", "newest", "older")
        }
    }

    test("Up pressed before the file has been read waits for it; keys typed after it wait their turn") {
        val dir = Files.createTempDirectory("coterm-history")
        val file = dir.resolve("history")
        Files.writeString(file, "older\nnewest\n")
        // Held elsewhere, the lock keeps the file unread for a second (then it is read anyway).
        HeldHistoryLock(file).use {
            editingTest(ConsoleOptions(history = HistoryOptions(file))) { v ->
                val line = async { v.console.readLine("# ") }
                runCurrent()
                v.send(up, keys("!\r"))
                line.await() shouldBe "newest!"
            }
        }
    }

    test("a Ctrl+C does not wait for the history file") {
        val dir = Files.createTempDirectory("coterm-history")
        val file = dir.resolve("history")
        Files.writeString(file, "older\n")
        HeldHistoryLock(file).use {
            editingTest(ConsoleOptions(history = HistoryOptions(file))) { v ->
                val line = async { v.console.readLineResult("# ") }
                runCurrent()
                v.send(keys("half"), up)
                runCurrent()
                v.send(listOf(ctrlC))
                runCurrent()
                line.isCompleted shouldBe true
                line.await() shouldBe LineResult.Interrupted("half")
            }
        }
    }

    test("Tab inserts the completion; a second Tab opens the menu of the candidates below the line") {
        editingTest { v ->
            val line = async { v.console.readLine("# ", LineOptions(completer = commands)) }
            v.send(keys("q"), tab)
            runCurrent()
            v.send(keys("x"), listOf(ctrl('u')))
            v.send(keys("h"), tab)
            runCurrent()
            v.send(tab)
            runCurrent()
            v.screen() shouldBe "# h"
            v.allRows() shouldBe "# hhelp     history"
            // A key that is not the menu's closes it (nothing selected: the line as it was) and types.
            v.send(keys("i"), tab)
            runCurrent()
            v.allRows() shouldBe "# history"
            v.send(keys("\r"))
            line.await() shouldBe "history "
        }
    }

    test("Ctrl+C while a slow completer runs cancels the completion and keeps the line") {
        val cancelled = CompletableDeferred<Unit>()
        val slow = Completer {
            try {
                awaitCancellation()
            } finally {
                cancelled.complete(Unit)
            }
        }
        editingTest { v ->
            val line = async { v.console.readLineResult("# ", LineOptions(completer = slow)) }
            v.send(keys("he"), tab)
            runCurrent()
            v.send(listOf(ctrlC))
            runCurrent()
            cancelled.isCompleted shouldBe true
            v.send(keys("y\r"))
            line.await() shouldBe LineResult.Line("hey")
        }
    }

    test("keys typed while the completer runs wait for it, as type-ahead") {
        val slow = Completer {
            delay(60_000)
            listOf(Candidate("never"))
        }
        editingTest { v ->
            val line = async { v.console.readLine("# ", LineOptions(completer = slow)) }
            v.send(keys("ne"), tab, keys("w\r"))
            runCurrent()
            line.isCompleted shouldBe false
            advanceUntilIdle()
            line.await() shouldBe "never w"
        }
    }

    test("a completer that throws completes nothing") {
        editingTest { v ->
            val line = async { v.console.readLine("# ", LineOptions(completer = { error("broken") })) }
            v.send(keys("ab"), tab)
            runCurrent()
            v.send(keys("\r"))
            line.await() shouldBe "ab"
        }
    }

    test("incomplete input continues on the next line after a continuation prompt") {
        editingTest { v ->
            val options = LineOptions(isInputComplete = { !it.endsWith("\\") })
            val line = async { v.console.readLine(">>> ", options) }
            v.send(keys("one \\\r"))
            runCurrent()
            v.send(keys("two\r"))
            line.await() shouldBe "one \\\ntwo"
            v.screen() shouldContain ">>> one \\\n... two"
        }
    }

    test("a pasted two-line text is shown on two lines and waits for Enter") {
        editingTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(listOf(InputEvent.Paste("echo a\necho b")))
            runCurrent()
            line.isCompleted shouldBe false
            v.screen() shouldBe "# echo a\n. echo b"
            v.send(keys("\r"))
            line.await() shouldBe "echo a\necho b"
        }
    }

    test("Ctrl+R shows the search prompt and Enter submits the match") {
        editingTest { v ->
            val first = async { v.console.readLine("# ") }
            v.send(keys("make test\r"))
            first.await()
            val second = async { v.console.readLine("# ") }
            v.send(listOf(ctrl('r')), keys("mak"))
            runCurrent()
            v.screen() shouldContain "(reverse-i-search)'mak': make test"
            v.send(keys("\r"))
            second.await() shouldBe "make test"
        }
    }

    test("Ctrl+L clears the screen and redraws the half-typed line at the top") {
        editingTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("half"), listOf(ctrl('l')))
            runCurrent()
            v.terminal.output.substringAfterLast("\u001b[2J") shouldContain "# half"
            v.send(keys("\r"))
            line.await() shouldBe "half"
        }
    }

    test("a status line is replaced by output, and is gone when Ctrl+C cancels its command") {
        editingTest { v ->
            val outcome = async {
                v.console.runCommand("progress") {
                    v.console.setStatus("[####      ] 40%")
                    v.console.println("working")
                    awaitCancellation()
                }
            }
            runCurrent()
            v.screen() shouldBe "working\n[####      ] 40%"
            v.send(listOf(ctrlC))
            outcome.await() shouldBe CommandOutcome.Interrupted
            runCurrent()
            v.screen() shouldBe "working\n^C"
            stripCsi(v.terminal.output) shouldContain "40%"
        }
    }

    test("a background status line stays above the prompt while the user types") {
        editingTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("typed"))
            runCurrent()
            v.console.setStatus("downloading 3/10")
            v.console.println("file 3 done")
            v.screen() shouldBe "file 3 done\ndownloading 3/10\n# typed"
            v.console.setStatus(null)
            v.screen() shouldBe "file 3 done\n# typed"
            v.send(keys("\r"))
            line.await()
        }
    }

    test("Ctrl+Z gives the terminal back, stops the process, then takes the terminal again and redraws") {
        editingTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("half"))
            runCurrent()
            val entered = v.terminal.rawModeEntered
            v.send(listOf(ctrl('z')))
            runCurrent()
            v.stops.size shouldBe 1
            // The terminal is given back before the stop, not after: raw mode off, bracketed paste switched off last.
            v.stops[0].rawMode shouldBe false
            v.stops[0].outputBefore.lastIndexOf("\u001b[?2004l") shouldBeGreaterThan v.stops[0].outputBefore.lastIndexOf("\u001b[?2004h")
            // Taken back from the state saved at the start, not entered afresh from whatever the stop left.
            v.terminal.rawModeEntered shouldBe entered
            v.terminal.rawModeResumed shouldBe 1
            v.terminal.rawModeActive shouldBe true
            v.terminal.output.substringAfterLast("\u001b[?2004l") shouldContain "# half"
            v.send(keys("!\r"))
            line.await() shouldBe "half!"
        }
    }

    test("handOff leaves raw mode while the block runs and ignores SIGINT, which the child gets") {
        editingTest { v ->
            val outcome = async {
                v.console.runCommand("run") {
                    v.console.handOff {
                        v.terminal.rawModeActive shouldBe false
                        v.terminal.raise(coterm.terminal.TerminalSignal.Interrupt)
                        delay(100)
                        "child done"
                    }
                }
            }
            advanceUntilIdle()
            outcome.await() shouldBe CommandOutcome.Completed("child done")
            v.terminal.rawModeActive shouldBe true
            stripCsi(v.terminal.output) shouldNotContain "^C"
        }
    }

    test("captureSystemStreams puts println output above the half-typed line") {
        editingTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("half"))
            runCurrent()
            v.console.captureSystemStreams().use {
                System.out.print("from ")
                System.out.println("System.out")
                System.err.println("and err")
            }
            v.screen() shouldBe "from System.out\nand err\n# half"
            v.send(keys("\r"))
            line.await()
        }
    }
})
