// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.testing.atFreshPrompt
import coterm.testing.commandLineIndex
import coterm.testing.faultShell
import coterm.testing.outputOf
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Exit paths that need a command or coterm itself to misbehave, in a real pty with the test-only
 * [coterm.testing.FaultShell]: each ends with the exit status checked and the terminal settings
 * compared with those before the start, or shows that the shell goes on.
 */
class FaultShellPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    test("an exception thrown by a command is reported and the shell goes on") {
        faultShell { shell ->
            shell.run("throw boom") shouldContainExactly listOf("error: throw: boom")
            shell.run("echo still here") shouldContainExactly listOf("still here")
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("System.exit from a command exits with its status and restores the terminal") {
        faultShell { shell ->
            shell.typeLine("exit 7")
            shell.awaitExitWith(7)
        }
    }

    test("an Error on coterm's console thread is reported and input, Ctrl+C and the prompt keep working") {
        faultShell { shell ->
            shell.typeLine("fault-console")
            shell.awaitLine("armed")
            shell.ctrlC() // the console thread cancels the command, then fails writing ^C
            shell.awaitPrompt()
            shell.transcript() shouldContain "coterm: routing input failed: java.lang.UnsatisfiedLinkError: injected fault"
            shell.run("echo alive") shouldContainExactly listOf("alive")
            shell.typeLine("sleep 30")
            shell.awaitScreen("sleep 30 running") { !it.atFreshPrompt && it.commandLineIndex("sleep 30") != null }
            shell.ctrlC()
            val after = shell.awaitPrompt()
            withClue("the sleep cancelled by the Ctrl+C, not ended") { after.outputOf("sleep 30")!!.any { "^C" in it } shouldBe true }
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("the reader thread failing ends input: the shell exits with 0 and restores the terminal") {
        faultShell { shell ->
            // As below: the failing read is the next read call, which a wake-up after the
            // command may make before `x` is typed.
            shell.run("fault-read").first() shouldBe "armed"
            shell.type("x") // read once more, and that read fails
            shell.awaitExitWith(0)
            shell.transcript() shouldContain "coterm: the input reader failed"
        }
    }

    test("the reader thread dying of an Error: the terminal restored, one line and no stack trace, exit 70") {
        faultShell { shell ->
            // The reader's next read call dies: usually the one after `x` is typed, but a read
            // woken early (a wake-up, a timeout) may come first, and the failure with it.
            shell.run("fault-read-error").first() shouldBe "armed"
            shell.type("x") // read once more, and the read after it dies
            shell.awaitExitWith(70)
            val transcript = shell.transcript()
            transcript shouldContain "coterm: the input reader failed: java.lang.OutOfMemoryError: injected fault"
            withClue("one line from coterm, no stack trace") {
                Regex("coterm: ").findAll(transcript).count() shouldBe 1
                transcript shouldNotContain "\tat "
                transcript shouldNotContain "Exception in thread"
            }
        }
    }

    test("closing the pty's master side ends the program as a hang-up does: exit 129") {
        // The wrapper's report needs the terminal, which is gone: a second wrapper writes the
        // status to a file. It traps HUP (a trapped signal is reset to default in its child) so
        // that the hang-up, sent to the whole foreground group, leaves it alive to write it.
        // termios cannot be checked: once the master is closed the pty no longer exists.
        val shell = PtyShell.faultShell(wrapper = listOf("/bin/sh", "-c", "trap : HUP; \"\$@\"; echo \$? > status", "status"))
        shell.drive {
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.awaitRawMode()
            shell.type("half typed")
            shell.awaitScreen("the half-typed line") { it.cursorLine == "# half typed" }
            val java = ProcessHandle.of(shell.programPid).flatMap { it.children().findFirst() }.orElseThrow { AssertionError("no JVM under the status wrapper") }
            shell.closeMaster()
            withClue("program ${java.pid()} still running 20 s after the terminal closed") {
                runCatching { java.onExit().get(20, TimeUnit.SECONDS) }.isSuccess shouldBe true
            }
            val status = shell.home.resolve("status")
            withClue("the status wrapper wrote the exit status") { shell.awaitProgramGone(20.seconds) shouldBe true }
            Files.readString(status).trim() shouldBe "129"
        }
    }

    test("end of piped input with the output on a terminal exits with 0 and leaves the terminal as it was") {
        val shell = PtyShell.start { home ->
            listOf("/bin/sh", "-c", "printf 'echo piped\\n' | exec \"\$@\"", "piped") + PtyShell.cotermCommand(home)
        }
        shell.drive {
            shell.awaitExitWith(0, PtyShell.START_TIMEOUT)
            // No echo of piped input: the output follows the prompt, "# piped"; an error that
            // quotes the line ("# unknown command: echo piped") also contained "piped".
            withClue("echo's output after the prompt, and no error") {
                shell.screen.snapshot().hasLine("# piped") shouldBe true
                shell.transcript() shouldNotContain "unknown command"
            }
        }
    }
})

/** Starts the fault shell, waits for its first prompt and raw mode, runs [block], always closes. */
internal fun faultShell(vararg args: String, jvmOptions: List<String> = emptyList(), block: (PtyShell) -> Unit) {
    val shell = PtyShell.faultShell(*args, jvmOptions = jvmOptions)
    shell.drive {
        shell.awaitPrompt(PtyShell.START_TIMEOUT)
        shell.awaitRawMode()
        block(shell)
    }
}

/** Waits until the prompt is fresh again, whatever was printed above it. */
internal fun PtyShell.awaitFreshPrompt(timeout: Duration = PtyShell.DEFAULT_TIMEOUT) =
    awaitScreen("a fresh prompt", timeout) { it.atFreshPrompt }
