// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import coterm.testing.OneThreadExecutor
import coterm.testing.ctrlC
import coterm.testing.keys
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/**
 * [Console.runCommand] returns only once its command has ended, also when its caller is
 * cancelled, and the command stays within reach of Ctrl+C until then.
 */
class RunCommandTest : FunSpec({
    test("the caller cancelled 500 ms into a command whose cleanup takes 1 s returns after the cleanup, not before") {
        runTest {
            val console = virtualTimeConsole(FakeTerminal())
            try {
                var cleanupEndedAt = -1L
                val caller = async {
                    console.runCommand("work") {
                        try {
                            awaitCancellation()
                        } finally {
                            withContext(NonCancellable) { delay(1_000) }
                            cleanupEndedAt = testScheduler.currentTime
                        }
                    }
                }
                advanceTimeBy(500)
                caller.cancel()
                caller.join()
                testScheduler.currentTime shouldBe 1_500
                cleanupEndedAt shouldBe 1_500
                caller.getCompletionExceptionOrNull().shouldBeInstanceOf<CancellationException>()
            } finally {
                console.close()
            }
        }
    }

    test("a command's children end before runCommand returns to a cancelled caller") {
        runTest {
            val console = virtualTimeConsole(FakeTerminal())
            try {
                var childrenEnded = 0
                val result = async {
                    withTimeoutOrNull(4_000) {
                        console.runCommand("work") {
                            repeat(2) {
                                launch {
                                    try {
                                        awaitCancellation()
                                    } finally {
                                        withContext(NonCancellable) { delay(1_000) }
                                        childrenEnded++
                                    }
                                }
                            }
                        }
                    }
                }
                result.await() shouldBe null
                childrenEnded shouldBe 2
                testScheduler.currentTime shouldBe 5_000
            } finally {
                console.close()
            }
        }
    }

    test("while a cancelled caller waits, Ctrl+C still reaches the command: ^C, the notice, then exit 130") {
        runTest {
            val terminal = FakeTerminal()
            val exits = mutableListOf<Int>()
            val console = virtualTimeConsole(terminal, exits)
            try {
                val caller = launch { console.runCommand("spin") { withContext(NonCancellable) { delay(60_000) } } }
                advanceTimeBy(500)
                caller.cancel()
                runCurrent()
                caller.isCompleted shouldBe false
                terminal.output shouldNotContain "^C"
                console.inject(listOf(ctrlC))
                runCurrent()
                terminal.output shouldContain "^C"
                advanceTimeBy(300)
                console.inject(listOf(ctrlC))
                runCurrent()
                terminal.output shouldContain "spin is still stopping"
                exits shouldBe emptyList()
                advanceTimeBy(300)
                console.inject(listOf(ctrlC))
                runCurrent()
                exits shouldContainExactly listOf(130)
                caller.isCompleted shouldBe false
                caller.cancel()
            } finally {
                console.close()
            }
        }
    }

    test("a caller cancelled before its command started: the command never runs and nothing stays in the foreground") {
        runTest {
            val console = virtualTimeConsole(FakeTerminal())
            try {
                var ran = false
                // Undispatched: runCommand has begun (and waits for the console's thread) when the caller is cancelled.
                val caller = async(start = CoroutineStart.UNDISPATCHED) { console.runCommand("never") { ran = true } }
                caller.cancel()
                caller.join()
                runCurrent()
                ran shouldBe false
                // Had it stayed in the foreground, this Ctrl+C would be aimed at it, not at the prompt.
                val line = async { console.readLineResult("# ") }
                console.inject(keys("abc") + ctrlC)
                line.await() shouldBe LineResult.Interrupted("abc")
            } finally {
                console.close()
            }
        }
    }

    test("a command blocked in Thread.sleep on a pooled thread is cancelled by Ctrl+C, and the pool's next task is not interrupted") {
        // Leaves the interrupt status alone between tasks, as Dispatchers.Default's busy workers do.
        val pool = OneThreadExecutor("command-pool")
        val terminal = FakeTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(), exit = noExit, seams = ConsoleSeams(commandDispatcher = pool.asCoroutineDispatcher()))
        try {
            runBlocking {
                withTimeout(20_000) {
                    val sleeping = CompletableDeferred<Thread>()
                    val outcome = async {
                        console.runCommand("sleep") {
                            sleeping.complete(Thread.currentThread())
                            try {
                                Thread.sleep(60_000)
                            } catch (e: InterruptedException) {
                                // The usual Java idiom: keep the interrupt status for whoever runs next.
                                Thread.currentThread().interrupt()
                            }
                        }
                    }
                    val commandThread = sleeping.await()
                    terminal.type(byteArrayOf(3))
                    outcome.await() shouldBe CommandOutcome.Interrupted
                    val next = console.runCommand("next") { Thread.currentThread() to Thread.currentThread().isInterrupted }
                    next shouldBe CommandOutcome.Completed(commandThread to false)
                    pool.call { Thread.currentThread().isInterrupted } shouldBe false
                }
            }
        } finally {
            console.close()
            pool.close()
        }
        noExit.assertNone()
    }
})
