package coterm.console

import coterm.terminal.TerminalSignal
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** Exit paths on real threads: the signal arrives on its own thread, as from the JVM. */
class ConsoleShutdownTest : FunSpec({
    listOf(TerminalSignal.Terminate to 143, TerminalSignal.Hangup to 129).forEach { (signal, status) ->
        test("$signal cancels every command, runs their finally blocks, restores the terminal and exits $status") {
            val terminal = FakeTerminal()
            val exited = CompletableFuture<Int>()
            val console = Console(terminal, ConsoleOptions(), exit = { exited.complete(it) })
            val cleanedUp = CompletableDeferred<Unit>()
            val started = CompletableDeferred<Unit>()
            runBlocking {
                val command = launch {
                    console.runCommand("sleep") {
                        try {
                            started.complete(Unit)
                            awaitCancellation()
                        } finally {
                            cleanedUp.complete(Unit)
                        }
                    }
                }
                withTimeout(5_000) { started.await() }
                terminal.rawModeActive shouldBe true
                Thread { terminal.raise(signal) }.start()
                exited.get(5, TimeUnit.SECONDS) shouldBe status
                cleanedUp.isCompleted shouldBe true
                terminal.rawModeActive shouldBe false
                terminal.output.endsWith("\u001b[?2004l") shouldBe true
                command.join()
            }
            console.close()
        }
    }

    test("close restores the terminal, stops the reader thread and is idempotent") {
        val terminal = FakeTerminal()
        val console = Console(terminal, ConsoleOptions(), exit = { error("no exit expected") })
        terminal.rawModeActive shouldBe true
        console.close()
        console.close()
        terminal.rawModeActive shouldBe false
        terminal.closed shouldBe true
        Thread.getAllStackTraces().keys.none { it.name == "coterm-input-reader" && it.isAlive } shouldBe true
        Thread.getAllStackTraces().keys.none { it.name == "coterm-console" && it.isAlive } shouldBe true
    }

    test("close gives a reader that is still waiting end of input instead of leaving it hanging") {
        val terminal = FakeTerminal()
        val console = Console(terminal, ConsoleOptions(), exit = { error("no exit expected") })
        runBlocking {
            val line = async { console.readLine("# ") }
            delay(100)
            console.close()
            withTimeout(5_000) { line.await() } shouldBe null
        }
        terminal.rawModeActive shouldBe false
    }
})
