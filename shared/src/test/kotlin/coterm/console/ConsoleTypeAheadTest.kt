// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.history.HistoryOptions
import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import coterm.testing.keys
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

/**
 * Input at volume through the whole console (reader, channel, router, type-ahead, editor): kept
 * whole under back-pressure, Ctrl+C still heard while the reader is held back, and one redraw for
 * all the input that is already waiting.
 */
class ConsoleTypeAheadTest : FunSpec({
    val options = ConsoleOptions(typeAheadBytes = 64, history = HistoryOptions.disabled())

    /** Waits (up to 5 s) until [terminal] has exactly [bytes] left unread: the reader has stopped there. */
    suspend fun awaitUnread(terminal: FakeTerminal, bytes: Int) = withTimeout(5_000) {
        while (terminal.unread != bytes) delay(5)
    }

    test("lines typed while a command runs are all kept, whole and in order, far past the limit: the reader stops instead of dropping") {
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, options, exit = noExit)
        try {
            runBlocking {
                val release = CompletableDeferred<Unit>()
                val command = async { console.runCommand("wait") { release.await() } }
                val lines = (1..20).map { "echo %02d %s".format(it, "y".repeat(50)) }
                val typed = lines.joinToString("") { "$it\r" }
                terminal.type(typed)
                // 64 bytes queued and 64 more scanned for Ctrl+C; the kernel (here the fake) keeps the rest.
                awaitUnread(terminal, typed.length - 128)
                release.complete(Unit)
                command.await().shouldBeInstanceOf<CommandOutcome.Completed<Unit>>()
                for (line in lines) withTimeout(5_000) { console.readLine("# ") } shouldBe line
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
    }

    test("held back, a Ctrl+C typed after the burst cancels the command at once and discards the keys typed before it") {
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, options, exit = noExit)
        try {
            runBlocking {
                val command = async { console.runCommand("sleep") { awaitCancellation() } }
                // 64 bytes fill the queue; the Ctrl+C is within the 64 scanned after them.
                terminal.type("a".repeat(64) + "b".repeat(30) + "\u0003")
                withTimeout(5_000) { command.await() } shouldBe CommandOutcome.Interrupted
                terminal.type("ok\r")
                withTimeout(5_000) { console.readLine("# ") } shouldBe "ok"
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
    }

    test("every batch already waiting is applied before one redraw, not one redraw per batch") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal, options = options)
            try {
                val line = async { console.readLine("# ") }
                runCurrent()
                val before = terminal.writes
                console.inject(keys("abc"))
                console.inject(keys("def"))
                console.inject(keys("ghi"))
                runCurrent()
                terminal.writes - before shouldBe 1
                console.inject(keys("\r"))
                line.await() shouldBe "abcdefghi"
            }
            finally {
                console.close()
            }
        }
    }
})
