// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.console.ConsoleOptions
import coterm.testing.PtyShell
import coterm.testing.atFreshPrompt
import coterm.testing.commandLineIndex
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * Input typed as one big write without bracketed-paste markers (a paste into a terminal without
 * mode 2004, tmux `send-keys`, a serial line): nothing is dropped and no line is cut, however far
 * it outruns the shell, because coterm stops reading instead (the kernel holds the rest and the
 * writer blocks); and a Ctrl+C typed after such a burst still cancels the command at once.
 */
class BurstInputPtyTest : FunSpec({
    timeout = 180_000L
    blockingTest = true

    test("20 lines of echo and 5,000 y's in one write, the output not read for 2 s: all 20 run, whole and in order, and nothing is left at the prompt") {
        // Wide enough for each line on one row: the screen then shows every command and its output whole.
        burstShell(columns = 5_100) { shell ->
            val lines = (1..20).map { "echo %02d %s".format(it, "y".repeat(5_000)) }
            shell.pauseReading()
            val writer = writeInBackground(shell, lines.joinToString("") { "$it\r" }.toByteArray())
            Thread.sleep(2_000)
            shell.resumeReading()
            shell.awaitCommandDone(lines.last(), 90.seconds)
            writer.join(10_000)
            withClue("the writer was let through") { writer.isAlive shouldBe false }
            val screen = shell.screen.snapshot().allLines
            val first = screen.indexOf("# " + lines.first())
            withClue("the first command on the screen") { (first >= 0) shouldBe true }
            withClue("each command, then exactly its 5,000 y's, in order; then an empty prompt") {
                screen.drop(first) shouldContainExactly lines.flatMap { listOf("# $it", it.removePrefix("echo ")) } + "#"
            }
            shell.transcript() shouldNotContain "coterm:"
        }
    }

    test("a burst that fills the type-ahead during sleep 30, then Ctrl+C: cancelled within seconds, and the prompt is empty") {
        burstShell { shell ->
            shell.typeLine("sleep 30")
            shell.awaitScreen("sleep to start") { !it.atFreshPrompt && it.commandLineIndex("sleep 30") != null }
            Thread.sleep(300)
            // Half as much again as the queue holds: the queue is full when the Ctrl+C comes, and
            // the Ctrl+C is within what the reader still scans.
            val burst = "y".repeat(ConsoleOptions().typeAheadBytes * 3 / 2)
            val start = TimeSource.Monotonic.markNow()
            val writer = writeInBackground(shell, (burst + "\u0003").toByteArray())
            shell.awaitScreen("^C and a fresh, empty prompt", 10.seconds) { it.atFreshPrompt && it.lineAboveCursor.endsWith("^C") }
            val elapsed = start.elapsedNow()
            println("BurstInputPtyTest: ${burst.length}-byte burst, then Ctrl+C: prompt back after $elapsed")
            withClue("cancelled long before sleep 30 would have ended") { elapsed.inWholeSeconds shouldBeLessThan 10L }
            writer.join(10_000)
            writer.isAlive shouldBe false
            // Had a y survived, this would be "unknown command: yyy…echo".
            shell.run("echo ok") shouldContainExactly listOf("ok")
        }
    }
})

/** Writes [bytes] to [shell] on a thread of its own: the write blocks while coterm does not read. */
private fun writeInBackground(shell: PtyShell, bytes: ByteArray): Thread =
    thread(name = "burst-writer", isDaemon = true) { shell.write(bytes) }

/** Starts the demo shell, runs [block], then quits and checks exit status 0 and the restored terminal. */
private fun burstShell(columns: Int = 80, block: (PtyShell) -> Unit) {
    val shell = PtyShell.coterm(columns = columns)
    shell.drive {
        shell.awaitPrompt(PtyShell.START_TIMEOUT)
        shell.awaitRawMode()
        block(shell)
        shell.typeLine("quit")
        shell.awaitExitWith(0)
    }
}
