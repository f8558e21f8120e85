// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PipedShell
import coterm.testing.PtyShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainInOrder
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.File
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * The demo shell and its Java twin with stdin and stdout as pipes (DESIGN.md 1.5, "stdin not a TTY"): plain line
 * input, no escape codes, and SIGINT still cancels only the running command. Also with stdin from `/dev/null`,
 * which macOS's `poll` refuses (the reader then waits in `select`).
 */
class PipedShellProcessTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    // The Kotlin shell (started without arguments) and its Java twin on the blocking API.
    for (demo in listOf("shell", "java-shell")) context(demo) {
        fun start(input: File? = null) = if (demo == "shell") PipedShell.coterm(input = input) else PipedShell.coterm(demo, input = input)

        test("commands from a pipe: output, the plain prompt, quit exits with 0") {
            start().drive { shell ->
                listOf("echo hi", "sleep 0.2", "unknown", "help", "quit").forEach(shell::writeLine)
                shell.closeInput()
                shell.awaitExit(EXIT_TIMEOUT) shouldBe 0
                shell.outputLines() shouldContainInOrder listOf("hi", "done", "unknown command: unknown")
                shell.output() shouldContain "# "
                withClue("no escape codes on a pipe, help included") { shell.output() shouldNotContain "\u001b" }
                withClue("nothing on stderr: no warnings, as in an IDE's run window") { shell.errors() shouldBe "" }
            }
        }

        test("end of input without quit exits with 0") {
            start().drive { shell ->
                shell.writeLine("echo bye")
                shell.closeInput()
                shell.awaitExit(EXIT_TIMEOUT) shouldBe 0
                shell.outputLines() shouldContainInOrder listOf("bye")
            }
        }

        test("stdin from /dev/null (cron, launchd, ssh -n) is end of input: exit 0, nothing on stderr") {
            start(input = File("/dev/null")).drive { shell ->
                shell.awaitExit(EXIT_TIMEOUT) shouldBe 0
                withClue("no escape codes with stdin not a terminal") { shell.output() shouldNotContain "\u001b" }
                withClue("nothing on stderr: no exception from waiting on /dev/null") { shell.errors() shouldBe "" }
            }
        }

        test("SIGINT during sleep cancels only that command; the next line still runs") {
            start().drive { shell ->
                shell.writeLine("echo started")
                // Short, so that a "done" it must not print would come within the test.
                shell.writeLine("sleep 2")
                val typed = TimeSource.Monotonic.markNow()
                shell.awaitLine("started", PtyShell.START_TIMEOUT)
                Thread.sleep(500) // the next line is read at once; let sleep begin
                val sent = TimeSource.Monotonic.markNow()
                shell.signal("INT")
                shell.writeLine("echo ok")
                shell.awaitLine("ok")
                withClue("ok came ${sent.elapsedNow()} after SIGINT") { sent.elapsedNow().inWholeMilliseconds shouldBeLessThan 5_000L }
                shell.alive shouldBe true
                // Past the sleep's end: had SIGINT not cancelled it, its "done" would be out by now.
                (3.seconds - typed.elapsedNow()).takeIf { it.isPositive() }?.let { Thread.sleep(it.inWholeMilliseconds) }
                withClue("no \"done\" ${typed.elapsedNow()} after sleep 2 was sent") { ("done" in shell.outputLines()) shouldBe false }
                shell.closeInput()
                shell.awaitExit(EXIT_TIMEOUT) shouldBe 0
                withClue("nothing on stderr") { shell.errors() shouldBe "" }
            }
        }

        test("--prompt and --no-color on a pipe: the prompt printed plainly, SIGINT still cancels") {
            PipedShell.coterm(demo, "--prompt", "ide> ", "--no-color").drive { shell ->
                shell.writeLine("echo started")
                shell.writeLine("sleep 30")
                shell.awaitOutput("\"started\" after the prompt", PtyShell.START_TIMEOUT) { "ide> started" in shell.output() }
                Thread.sleep(500)
                shell.signal("INT")
                shell.writeLine("echo after")
                shell.awaitOutput("\"after\" once sleep is cancelled") { "ide> after" in shell.output() }
                shell.closeInput()
                shell.awaitExit(EXIT_TIMEOUT) shouldBe 0
                shell.output() shouldNotContain "# "
                shell.output() shouldNotContain "\u001b"
                shell.errors() shouldBe ""
            }
        }
    }
})

/** For a JVM to start, run a few short commands and exit on a busy machine. */
private val EXIT_TIMEOUT = 30.seconds
