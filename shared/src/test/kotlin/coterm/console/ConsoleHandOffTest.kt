// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.TerminalException
import coterm.terminal.TerminalSignal
import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** [Console.handOff] on real threads (a reader, the console's loop): the hand-back when taking raw mode back fails. */
class ConsoleHandOffTest : FunSpec({
    test("raw mode that cannot be taken back: a clear error, and the reader and Ctrl+C still come back") {
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(), exit = noExit)
        try {
            runBlocking {
                val outcome = withTimeout(10_000) {
                    console.runCommand("run") {
                        console.handOff {
                            terminal.rawModeActive shouldBe false
                            terminal.failResume = true
                            "child done"
                        }
                    }
                }
                val failed = outcome.shouldBeInstanceOf<CommandOutcome.Failed>()
                val error = failed.error.shouldBeInstanceOf<TerminalException>()
                error.message shouldContain "could not take the terminal back after the child process"
                error.message shouldContain "raw mode: tcsetattr failed"
                // The reader reads again: a typed line reaches the prompt.
                val line = async { console.readLine("# ") }
                terminal.type("still reading\r")
                withTimeout(10_000) { line.await() } shouldBe "still reading"
                // Ctrl+C is the console's again: a SIGINT cancels the next command.
                val started = CompletableDeferred<Unit>()
                val next = async { console.runCommand("sleep") { started.complete(Unit); awaitCancellation() } }
                withTimeout(10_000) { started.await() }
                terminal.raise(TerminalSignal.Interrupt)
                withTimeout(10_000) { next.await() } shouldBe CommandOutcome.Interrupted
                // The next hand-off tries raw mode again, and takes it.
                terminal.failResume = false
                withTimeout(10_000) { console.runCommand("run") { console.handOff { "again" } } } shouldBe CommandOutcome.Completed("again")
                terminal.rawModeActive shouldBe true
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
    }

    test("what the block threw is kept, suppressed in the hand-back's error") {
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(), exit = noExit)
        try {
            runBlocking {
                val outcome = withTimeout(10_000) {
                    console.runCommand("run") {
                        console.handOff {
                            terminal.failResume = true
                            throw java.io.IOException("the child could not start")
                        }
                    }
                }
                val error = outcome.shouldBeInstanceOf<CommandOutcome.Failed>().error.shouldBeInstanceOf<TerminalException>()
                // The error itself, or the original kotlinx's stack-trace recovery (on under -ea) made it the copy's cause of.
                val suppressed = generateSequence<Throwable>(error) { it.cause }.flatMap { it.suppressed.asSequence() }
                suppressed.map { it.message }.toList() shouldBe listOf("the child could not start")
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
    }
})
