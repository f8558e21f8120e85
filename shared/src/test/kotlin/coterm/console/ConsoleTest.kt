// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.testing.FakeTerminal
import coterm.testing.ctrl
import coterm.testing.ctrlC
import coterm.testing.keys
import coterm.testing.stripCsi
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext

/** A console on virtual time: commands and the console share the test scheduler. */
private class VirtualConsole(scope: TestScope, interactive: Boolean = true) {
    val terminal = FakeTerminal(isInteractive = interactive, isOutputTerminal = interactive)
    val exits = mutableListOf<Int>()
    val console = scope.virtualTimeConsole(terminal, exits)

    fun send(vararg batch: List<InputEvent>) = batch.forEach { console.inject(it) }
}

private fun virtualTest(interactive: Boolean = true, body: suspend TestScope.(VirtualConsole) -> Unit) = runTest {
    val v = VirtualConsole(this, interactive)
    try {
        body(v)
    } finally {
        v.console.close()
    }
}

class ConsoleTest : FunSpec({
    test("Enter returns the typed line and the terminal is in raw mode while the console is open") {
        virtualTest { v ->
            v.terminal.rawModeActive shouldBe true
            val line = async { v.console.readLine("# ") }
            v.send(keys("hello\r"))
            line.await() shouldBe "hello"
            v.terminal.output shouldContain "# hello"
        }
    }

    test("Ctrl+C at the prompt discards the line, shows ^C and prompts again") {
        virtualTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("hlep"), listOf(ctrlC), keys("echo ok\r"))
            line.await() shouldBe "echo ok"
            stripCsi(v.terminal.output) shouldContain "# hlep^C\r\n\r# "
        }
    }

    test("readLineResult reports Ctrl+C with the discarded text") {
        virtualTest { v ->
            val result = async { v.console.readLineResult("# ") }
            v.send(keys("abc"), listOf(ctrlC))
            result.await() shouldBe LineResult.Interrupted("abc")
        }
    }

    test("Ctrl+D on an empty line is end of input; on a non-empty line it deletes under the cursor") {
        virtualTest { v ->
            val first = async { v.console.readLine("# ") }
            v.send(keys("ab"), listOf(ctrl('a'), ctrl('d')), keys("\r"))
            first.await() shouldBe "b"
            val second = async { v.console.readLine("# ") }
            v.send(listOf(ctrl('d')))
            second.await() shouldBe null
        }
    }

    test("Ctrl+C during a command cancels only that command, runs its finally blocks and returns at once") {
        virtualTest { v ->
            var cleanedUp = false
            val sibling = launch { delay(100_000) }
            val outcome = async {
                v.console.runCommand("sleep") {
                    try {
                        delay(30_000)
                    } finally {
                        cleanedUp = true
                    }
                }
            }
            advanceTimeBy(1_000)
            v.send(listOf(ctrlC))
            outcome.await() shouldBe CommandOutcome.Interrupted
            cleanedUp shouldBe true
            testScheduler.currentTime shouldBe 1_000
            sibling.isActive shouldBe true
            sibling.cancel()
            v.exits shouldBe emptyList()
            v.terminal.output shouldContain "^C"
        }
    }

    test("keys typed during a command are type-ahead for the next prompt") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("sleep") { delay(1_000) } }
            runCurrent()
            v.send(keys("echo later\r"))
            outcome.await().shouldBeInstanceOf<CommandOutcome.Completed<Unit>>()
            v.console.readLine("# ") shouldBe "echo later"
        }
    }

    test("a Ctrl+C that cancels a command discards the type-ahead typed before it, not after") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("sleep") { delay(30_000) } }
            runCurrent()
            v.send(keys("before") + ctrlC + keys("after\r"))
            outcome.await() shouldBe CommandOutcome.Interrupted
            v.console.readLine("# ") shouldBe "after"
        }
    }

    test("a storm of Ctrl+C during a cooperative command is one press: no notice, no exit, no extra prompts") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("sleep") { delay(30_000) } }
            runCurrent()
            v.send(List(100) { ctrlC })
            repeat(100) { v.send(listOf(ctrlC)) }
            outcome.await() shouldBe CommandOutcome.Interrupted
            runCurrent()
            val line = async { v.console.readLineResult("# ") }
            v.send(keys("echo alive\r"))
            line.await() shouldBe LineResult.Line("echo alive")
            v.exits shouldBe emptyList()
            v.terminal.output shouldNotContain "Ctrl+C again"
        }
    }

    test("a command that ignores cancellation: 2nd press gives a notice, 3rd exits with 130 and restores the terminal") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("spin") { withContext(NonCancellable) { delay(60_000) } } }
            runCurrent()
            v.send(listOf(ctrlC))
            runCurrent()
            advanceTimeBy(100)
            v.send(listOf(ctrlC))
            runCurrent()
            v.terminal.output shouldNotContain "Ctrl+C again"
            advanceTimeBy(600)
            v.send(listOf(ctrlC))
            runCurrent()
            v.terminal.output shouldContain "Ctrl+C again"
            v.exits shouldBe emptyList()
            advanceTimeBy(700)
            v.send(listOf(ctrlC))
            runCurrent()
            v.exits shouldContainExactly listOf(130)
            v.terminal.rawModeActive shouldBe false
            outcome.await() shouldBe CommandOutcome.Interrupted
        }
    }

    test("SIGINT (an Interrupt event) during a command acts exactly like Ctrl+C") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("sleep") { delay(30_000) } }
            runCurrent()
            v.send(listOf(InputEvent.Interrupt))
            outcome.await() shouldBe CommandOutcome.Interrupted
            v.exits shouldBe emptyList()
        }
    }

    test("a command that throws is reported as Failed and the console goes on") {
        virtualTest { v ->
            val outcome = v.console.runCommand("boom") { error("boom") }
            outcome.shouldBeInstanceOf<CommandOutcome.Failed>().error.message shouldBe "boom"
            val line = async { v.console.readLine("# ") }
            v.send(keys("ok\r"))
            line.await() shouldBe "ok"
        }
    }

    test("text printed while the user types goes above the prompt and the half-typed line is redrawn") {
        virtualTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("hal"))
            runCurrent()
            v.terminal.clearOutput()
            v.console.printAbove("tick")
            val printed = v.terminal.output
            printed shouldContain "tick\r\n"
            printed.substringAfter("tick\r\n") shouldContain "# hal"
            v.send(keys("f\r"))
            line.await() shouldBe "half"
        }
    }

    test("without a terminal: lines come whole, no raw mode and no escape codes") {
        virtualTest(interactive = false) { v ->
            v.terminal.rawModeEntered shouldBe 0
            val line = async { v.console.readLine("# ") }
            v.send(listOf(InputEvent.Paste("echo hi"), keys("\r").single()))
            line.await() shouldBe "echo hi"
            v.terminal.output shouldBe "# "
            v.terminal.output shouldNotContain "\u001b"
        }
    }

    test("without a terminal, SIGINT cancels the command but keeps the lines already piped in") {
        virtualTest(interactive = false) { v ->
            val outcome = async { v.console.runCommand("sleep") { delay(30_000) } }
            runCurrent()
            v.send(listOf(InputEvent.Paste("echo ok"), keys("\r").single()))
            v.send(listOf(InputEvent.Interrupt))
            outcome.await() shouldBe CommandOutcome.Interrupted
            v.console.readLine("# ") shouldBe "echo ok"
        }
    }

    test("piped input is never dropped: 15,000 lines in one batch all arrive") {
        virtualTest(interactive = false) { v ->
            val lines = (1..15_000).flatMap { listOf(InputEvent.Paste("echo $it"), keys("\r").single()) }
            v.send(lines)
            val read = (1..15_000).map { v.console.readLine("# ") }
            read.first() shouldBe "echo 1"
            read.last() shouldBe "echo 15000"
            read.toSet().size shouldBe 15_000
        }
    }

    test("end of input survives the type-ahead being discarded by a Ctrl+C") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("sleep") { delay(30_000) } }
            runCurrent()
            v.send(listOf(InputEvent.EndOfInput))
            v.send(listOf(ctrlC))
            outcome.await() shouldBe CommandOutcome.Interrupted
            v.console.readLine("# ") shouldBe null
            v.console.readEvent() shouldBe InputEvent.EndOfInput
        }
    }

    test("after a nested command ends, Ctrl+C still reaches the outer one") {
        virtualTest { v ->
            val outcome = async {
                v.console.runCommand("outer") {
                    v.console.runCommand("inner") { delay(10) }
                    delay(30_000)
                }
            }
            runCurrent()
            advanceTimeBy(1_000)
            v.send(listOf(ctrlC))
            outcome.await() shouldBe CommandOutcome.Interrupted
            testScheduler.currentTime shouldBe 1_000
        }
    }

    test("a Ctrl+C typed right after Enter, before the command starts, cancels that command") {
        virtualTest { v ->
            val line = async { v.console.readLine("# ") }
            v.send(keys("sleep 30\r") + ctrlC)
            line.await() shouldBe "sleep 30"
            v.console.runCommand("sleep") { delay(30_000) } shouldBe CommandOutcome.Interrupted
            testScheduler.currentTime shouldBe 0
            val next = async { v.console.readLineResult("# ") }
            v.send(keys("ok\r"))
            next.await() shouldBe LineResult.Line("ok")
        }
    }

    test("a held Ctrl+C (a press every 33 ms for 3 s) on a stuck command never escalates") {
        virtualTest { v ->
            val outcome = async { v.console.runCommand("spin") { withContext(NonCancellable) { delay(60_000) } } }
            runCurrent()
            repeat(90) {
                v.send(listOf(ctrlC))
                runCurrent()
                advanceTimeBy(33)
            }
            v.exits shouldBe emptyList()
            v.terminal.output shouldNotContain "Ctrl+C again"
            outcome.cancel()
        }
    }

    test("a terminal that hangs up ends input instead of throwing into readLine") {
        virtualTest { v ->
            val line = async { v.console.readLineResult("# ") }
            v.send(keys("ab"))
            runCurrent()
            v.terminal.failWrites = true
            v.send(keys("c"))
            line.await() shouldBe LineResult.EndOfInput
        }
    }
})
