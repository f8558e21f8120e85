// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.TerminalSignal
import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
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

    test("SIGTERM: the signal listener returns at once; the shutdown, which waits for the commands, runs on a thread of its own") {
        val terminal = FakeTerminal()
        val exited = CompletableFuture<Int>()
        val console = Console(terminal, ConsoleOptions(), exit = { exited.complete(it) })
        val started = CompletableDeferred<Unit>()
        try {
            runBlocking {
                val command = launch(Dispatchers.Default) {
                    console.runCommand("slow cleanup") {
                        try {
                            started.complete(Unit)
                            awaitCancellation()
                        } finally {
                            withContext(NonCancellable) { delay(800) }
                        }
                    }
                }
                withTimeout(5_000) { started.await() }
                val raised = System.nanoTime()
                // On this thread, as the signal-dispatch thread calls its listeners.
                terminal.raise(TerminalSignal.Terminate)
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - raised) shouldBeLessThan 300L
                exited.get(10, TimeUnit.SECONDS) shouldBe 143
                terminal.rawModeActive shouldBe false
                command.join()
            }
        } finally {
            console.close()
        }
    }

    test("SIGTERM while a command is blocked writing to a terminal that takes no output: termios restored, exit 143 within a bounded time") {
        val terminal = FakeTerminal()
        val exited = CompletableFuture<Int>()
        val console = Console(terminal, ConsoleOptions(), exit = { exited.complete(it) })
        try {
            val flood = Thread {
                runBlocking {
                    console.runCommand("flood") {
                        terminal.stallWrites = true
                        console.println("stuck in write, holding the writer's lock")
                    }
                }
            }.apply { isDaemon = true; start() }
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (terminal.stalledWrites == 0) {
                check(System.nanoTime() < deadline) { "the command never reached its write" }
                Thread.sleep(10)
            }
            terminal.rawModeActive shouldBe true
            val signalled = System.nanoTime()
            Thread { terminal.raise(TerminalSignal.Terminate) }.start()
            exited.get(10, TimeUnit.SECONDS) shouldBe 143
            // 1 s for the commands, 0.5 s for the last writes; well under 5 s on a loaded machine.
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled) shouldBeLessThan 5_000L
            terminal.rawModeActive shouldBe false
            terminal.stallWrites = false
            flood.join(10_000)
        } finally {
            terminal.stallWrites = false
            console.close()
        }
    }

    test("close restores the terminal, stops the reader thread and is idempotent") {
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(), exit = noExit)
        terminal.rawModeActive shouldBe true
        console.close()
        console.close()
        noExit.assertNone()
        terminal.rawModeActive shouldBe false
        terminal.closed shouldBe true
        Thread.getAllStackTraces().keys.none { it.name == "coterm-input-reader" && it.isAlive } shouldBe true
        Thread.getAllStackTraces().keys.none { it.name == "coterm-console" && it.isAlive } shouldBe true
    }

    test("close gives a reader that is still waiting end of input instead of leaving it hanging") {
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(), exit = noExit)
        runBlocking {
            val line = async { console.readLine("# ") }
            delay(100)
            console.close()
            withTimeout(5_000) { line.await() } shouldBe null
        }
        noExit.assertNone()
        terminal.rawModeActive shouldBe false
    }
})
