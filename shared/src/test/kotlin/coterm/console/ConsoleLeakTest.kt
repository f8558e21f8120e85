// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withTimeout
import java.lang.management.ManagementFactory

/**
 * Commands started and cancelled by Ctrl+C over and over, on a real console (reader thread,
 * console thread, commands on the default dispatcher) over a [FakeTerminal]: afterwards the
 * console has as many threads and about as much heap as after the first [WARM_UP] rounds.
 */
class ConsoleLeakTest : FunSpec({
    timeout = 300_000L

    test("$ROUNDS commands started and cancelled by Ctrl+C leave the thread count and the heap where they were") {
        val terminal = FakeTerminal()
        // No grace window: every 0x03 is a press of its own, so each one cancels its command.
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(interruptGraceMillis = 0), exit = noExit)
        var threadsBefore = 0
        var heapBefore = 0L
        try {
            runBlocking {
                for (round in 1..ROUNDS) {
                    val started = CompletableDeferred<Unit>()
                    val outcome = async {
                        console.runCommand("round $round") {
                            started.complete(Unit)
                            // Alternate a suspending command and one blocked in a thread (interrupted).
                            if (round % 2 == 0) awaitCancellation() else runInterruptible(Dispatchers.IO) { Thread.sleep(60_000) }
                        }
                    }
                    withTimeout(10_000) { started.await() }
                    terminal.type(byteArrayOf(3))
                    withClue("round $round") { withTimeout(10_000) { outcome.await() } shouldBe CommandOutcome.Interrupted }
                    if (round == WARM_UP) {
                        threadsBefore = liveThreads()
                        heapBefore = usedHeapAfterGc()
                    }
                }
            }
            val threadsAfter = liveThreads()
            val heapAfter = usedHeapAfterGc()
            println(
                "ConsoleLeakTest: after $WARM_UP rounds $threadsBefore threads, ${heapBefore / 1024} KiB heap; " +
                    "after $ROUNDS rounds $threadsAfter threads, ${heapAfter / 1024} KiB heap",
            )
            withClue("threads after $WARM_UP rounds: $threadsBefore; after $ROUNDS: $threadsAfter") {
                threadsAfter shouldBeLessThanOrEqual threadsBefore + THREAD_SLACK
            }
            withClue("heap after $WARM_UP rounds: $heapBefore; after $ROUNDS: $heapAfter") {
                heapAfter - heapBefore shouldBeLessThan HEAP_SLACK_BYTES
            }
            withClue("the console still answers: a line typed now is read") {
                terminal.type("still here\r")
                runBlocking { withTimeout(10_000) { console.readLine("# ") } } shouldBe "still here"
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
        Thread.getAllStackTraces().keys.count { it.isAlive && it.name.startsWith("coterm-") } shouldBe 0
    }
})

private const val ROUNDS = 1_000
private const val WARM_UP = 100

/** Pool threads (Dispatchers.Default and IO) may still be starting or parking on a busy machine. */
private const val THREAD_SLACK = 4
private const val HEAP_SLACK_BYTES = 8L * 1024 * 1024

private fun liveThreads(): Int = ManagementFactory.getThreadMXBean().threadCount

private fun usedHeapAfterGc(): Long {
    val runtime = Runtime.getRuntime()
    repeat(3) {
        System.gc()
        Thread.sleep(50)
    }
    return runtime.totalMemory() - runtime.freeMemory()
}
