// SPDX-License-Identifier: Apache-2.0
package coterm.test

import coterm.console.CommandOutcome
import coterm.console.LineOptions
import coterm.console.LineResult
import coterm.editor.Candidate
import coterm.editor.Completer
import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.terminal.TerminalSignal
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.time.Duration

/** The result of a program started with [VirtualConsole.launch], waited for in real time. */
private fun <T> Deferred<T>.get(): T = runBlocking { withTimeout(5_000) { await() } }

/** A console on a virtual terminal, closed after [body]; no exit may have been asked for. */
private fun virtual(columns: Int = 80, rows: Int = 24, body: (VirtualConsole) -> Unit) {
    VirtualConsole.open(columns, rows).use { vc ->
        body(vc)
        vc.exitStatuses.shouldBeEmpty()
    }
}

/**
 * The console's line editing, run on the kit as a user's test would run it: the cases of
 * shared's `ConsoleEditingTest` that a user can see on a screen (keys, completion, Ctrl+C,
 * output above the line), on real threads and real time instead of virtual time.
 */
class VirtualConsoleTest : FunSpec({
    val commands = Completer { listOf("help", "history", "quit").map(::Candidate) }

    test("typed text is echoed after the prompt and Enter submits it") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.type("echo hi")
            vc.awaitRow("# echo hi").cursorColumn shouldBe 9
            vc.type("\r")
            line.get() shouldBe "echo hi"
        }
    }

    test("editing keys move the cursor and change the line where it is") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.type("wrld")
            vc.press(KeyCode.Left)
            vc.press(KeyCode.Left)
            vc.press(KeyCode.Left)
            vc.type("o")
            vc.press(KeyStroke.ctrl('a'))
            vc.type("hello ")
            vc.press(KeyCode.End)
            vc.press(KeyCode.Backspace)
            vc.type("d!")
            vc.awaitRow("# hello world!")
            vc.type("\r")
            line.get() shouldBe "hello world!"
        }
    }

    test("a submitted line comes back with Up at the next prompt; a line starting with a space does not") {
        virtual { vc ->
            vc.launch { vc.console.readLine("# ") }.also { vc.type("echo one\r") }.get() shouldBe "echo one"
            vc.launch { vc.console.readLine("# ") }.also { vc.type(" secret\r") }.get() shouldBe " secret"
            val third = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.press(KeyCode.Up)
            vc.type("!\r")
            third.get() shouldBe "echo one!"
            vc.console.history() shouldBe listOf("echo one", "echo one!")
        }
    }

    test("LineOptions(addToHistory = false) keeps the line out of the history") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("password: ", LineOptions(addToHistory = false)) }
            vc.type("hunter2\r")
            line.get() shouldBe "hunter2"
            vc.console.history() shouldBe emptyList()
        }
    }

    test("Ctrl+C at a prompt discards the line, shows ^C and prompts again") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLineResult("# ") }
            vc.awaitPrompt("# ")
            vc.type("half")
            vc.awaitRow("# half")
            vc.pressCtrlC()
            line.get() shouldBe LineResult.Interrupted("half")
            vc.assertRowContains("# half^C")
            val next = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ").lineAboveCursor shouldBe "# half^C"
            vc.type("again\r")
            next.get() shouldBe "again"
        }
    }

    test("Tab inserts the completion; a second Tab lists the candidates above the prompt") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ", LineOptions(completer = commands)) }
            vc.awaitPrompt("# ")
            vc.type("q")
            vc.press(KeyCode.Tab)
            vc.awaitRow("# quit")
            vc.press(KeyStroke.ctrl('u'))
            vc.type("h")
            vc.press(KeyCode.Tab)
            vc.press(KeyCode.Tab)
            vc.awaitRow("help     history")
            vc.type("i")
            vc.press(KeyCode.Tab)
            vc.awaitRow("# history").cursorColumn shouldBe 10
            vc.type("\r")
            line.get() shouldBe "history "
        }
    }

    test("Ctrl+C while a slow completer runs cancels the completion and keeps the line") {
        val started = CompletableDeferred<Unit>()
        val cancelled = CompletableDeferred<Unit>()
        val slow = Completer {
            started.complete(Unit)
            try {
                awaitCancellation()
            } finally {
                cancelled.complete(Unit)
            }
        }
        virtual { vc ->
            val line = vc.launch { vc.console.readLineResult("# ", LineOptions(completer = slow)) }
            vc.awaitPrompt("# ")
            vc.type("he")
            vc.press(KeyCode.Tab)
            runBlocking { withTimeout(5_000) { started.await() } }
            vc.pressCtrlC()
            runBlocking { withTimeout(5_000) { cancelled.await() } }
            vc.type("y\r")
            line.get() shouldBe LineResult.Line("hey")
        }
    }

    test("a completer that throws completes nothing") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ", LineOptions(completer = { error("broken") })) }
            vc.awaitPrompt("# ")
            vc.type("ab")
            vc.press(KeyCode.Tab)
            vc.awaitSettled()
            vc.type("\r")
            line.get() shouldBe "ab"
        }
    }

    test("incomplete input continues on the next line after a continuation prompt") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine(">>> ", LineOptions(isInputComplete = { !it.endsWith("\\") })) }
            vc.type("one \\\r")
            vc.awaitPrompt("... ")
            vc.type("two\r")
            line.get() shouldBe "one \\\ntwo"
            vc.snapshot().lines.take(2) shouldBe listOf(">>> one \\", "... two")
        }
    }

    test("a pasted two-line text is shown on two lines and waits for Enter") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.paste("echo a\necho b")
            vc.awaitRow(". echo b").lines.take(2) shouldBe listOf("# echo a", ". echo b")
            line.isCompleted shouldBe false
            vc.type("\r")
            line.get() shouldBe "echo a\necho b"
        }
    }

    test("Ctrl+R shows the search prompt and Enter submits the match") {
        virtual { vc ->
            vc.launch { vc.console.readLine("# ") }.also { vc.type("make test\r") }.get()
            val second = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.press(KeyStroke.ctrl('r'))
            vc.type("mak")
            vc.awaitRow("(reverse-i-search)'mak': make test")
            vc.type("\r")
            second.get() shouldBe "make test"
        }
    }

    test("Ctrl+L clears the screen and redraws the half-typed line at the top") {
        virtual { vc ->
            vc.console.println("old output")
            val line = vc.launch { vc.console.readLine("# ") }
            vc.type("half")
            vc.press(KeyStroke.ctrl('l'))
            vc.awaitScreen("the line alone at the top") { it.lines[0] == "# half" && "old output" !in it.lines.joinToString() }
            vc.type("\r")
            line.get() shouldBe "half"
        }
    }

    test("output printed while the user types goes above the half-typed line, which stays intact") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.type("half")
            vc.awaitRow("# half")
            vc.console.println("from the background")
            val shot = vc.awaitRow("from the background")
            shot.cursorLine shouldBe "# half"
            shot.lineAboveCursor shouldBe "from the background"
            shot.cursorColumn shouldBe 6
            vc.type("!\r")
            line.get() shouldBe "half!"
        }
    }

    test("a command cancelled by Ctrl+C runs its finally block, and the console goes on") {
        virtual { vc ->
            val cleanedUp = CompletableDeferred<Unit>()
            val outcome = vc.launch {
                vc.console.runCommand("sleep") {
                    try {
                        vc.console.println("sleeping")
                        delay(60_000)
                    } finally {
                        cleanedUp.complete(Unit)
                    }
                }
            }
            vc.awaitRow("sleeping")
            vc.pressCtrlC()
            outcome.get() shouldBe CommandOutcome.Interrupted
            cleanedUp.isCompleted shouldBe true
            vc.launch { vc.console.readLine("# ") }.also { vc.type("still here\r") }.get() shouldBe "still here"
        }
    }

    test("kill -INT cancels the running command as the key does") {
        virtual { vc ->
            val outcome = vc.launch { vc.console.runCommand("sleep") { vc.console.println("sleeping"); delay(60_000) } }
            vc.awaitRow("sleeping")
            vc.terminal.sendSignal(TerminalSignal.Interrupt)
            outcome.get() shouldBe CommandOutcome.Interrupted
        }
    }

    test("a status line is replaced by output, and is gone when Ctrl+C cancels its command") {
        virtual { vc ->
            val outcome = vc.launch {
                vc.console.runCommand("progress") {
                    vc.console.setStatus("[####      ] 40%")
                    vc.console.println("working")
                    awaitCancellation()
                }
            }
            vc.awaitRow("40%").lines.take(2) shouldBe listOf("working", "[####      ] 40%")
            vc.pressCtrlC()
            outcome.get() shouldBe CommandOutcome.Interrupted
            vc.awaitSettled().lines.take(2) shouldBe listOf("working", "^C")
        }
    }

    test("captureSystemStreams puts println output above the half-typed line") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ") }
            vc.type("half")
            vc.awaitRow("# half")
            vc.console.captureSystemStreams().use {
                System.out.print("from ")
                System.out.println("System.out")
                System.err.println("and err")
            }
            vc.awaitRow("and err").lines.take(3) shouldBe listOf("from System.out", "and err", "# half")
            vc.type("\r")
            line.get()
        }
    }

    test("Mordant's styles reach the screen cell by cell") {
        VirtualConsole.open(options = coterm.console.ConsoleOptions(color = true)).use { vc ->
            vc.console.mordant.println(com.github.ajalt.mordant.rendering.TextStyles.bold("loud") + " quiet")
            val shot = vc.awaitRow("loud quiet")
            shot.styleOf("loud")!!.bold shouldBe true
            shot.styleOf("quiet")!!.isPlain shouldBe true
        }
    }

    test("a resize reaches the screen and the console") {
        virtual { vc ->
            val line = vc.launch { vc.console.readLine("# ") }
            vc.awaitPrompt("# ")
            vc.type("x".repeat(30))
            vc.awaitRow("x".repeat(30))
            vc.terminal.resize(20, 10)
            vc.type("y")
            vc.awaitScreen("the line wrapped at 20 columns") { shot -> shot.columns == 20 && shot.lines.any { it.endsWith("y") } }
            vc.type("\r")
            line.get() shouldBe "x".repeat(30) + "y"
        }
    }

    test("end of input ends the line read with null, and the terminal leaves raw mode on close") {
        val vc = VirtualConsole.open()
        vc.terminal.isRawMode shouldBe true
        val line = vc.launch { vc.console.readLine("# ") }
        vc.terminal.endInput()
        line.get() shouldBe null
        vc.close()
        vc.terminal.isRawMode shouldBe false
    }

    test("a wait that times out fails with the whole screen") {
        virtual { vc ->
            vc.console.println("something else")
            val failure = shouldThrow<AssertionError> { vc.awaitRow("never", Duration.ofMillis(200)) }
            failure.message shouldContain "a row containing \"never\""
            failure.message shouldContain " 0 |something else"
        }
    }

    test("close waits for the program, which ends at end of input") {
        val vc = VirtualConsole.open()
        val program = vc.start("reader") { vc.blocking.readLine("# ") }
        vc.awaitPrompt("# ")
        vc.close()
        program.get() shouldBe null
    }
})
