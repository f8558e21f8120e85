// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.File
import kotlin.time.Duration.Companion.milliseconds

/** Runs a POSIX shell script as the program in a [PtyShell]. */
private fun script(text: String): PtyShell = PtyShell.start { listOf("/bin/sh", "-c", text) }

/**
 * The harness checked against real programs (sh, stty, cat, sleep), so a failing demo test
 * points at the demo, not at the harness.
 */
class PtyShellPtyTest : FunSpec({
    timeout = 60_000L
    blockingTest = true

    test("a program that restores the terminal: raw mode seen from outside, exit status, termios equal") {
        script(
            """
            old=${'$'}(stty -g); stty raw -echo
            printf 'ready> '
            x=${'$'}(head -c 5)
            printf '\r\ngot [%s]\r\n' "${'$'}x"
            stty "${'$'}old"; exit 7
            """.trimIndent()
        ).use { shell ->
            shell.awaitText("ready>")
            shell.awaitRawMode()
            shell.type("hello")
            shell.awaitLine("got [hello]")
            shell.awaitExitWith(7)
            shell.screen.snapshot().lines[0] shouldBe "ready>"
        }
    }

    test("a program that leaves raw mode on is caught") {
        script("stty raw -echo; printf 'bye'").use { shell ->
            val exit = shell.awaitExit()
            exit.status shouldBe 0
            exit.termiosAfter shouldNotBe exit.termiosBefore
            shouldThrow<AssertionError> { shell.awaitExitWith(0) }.message shouldContain "not restored"
        }
    }

    test("the environment is hermetic and the pty is 80x24") {
        script("printf '%s|%s|%s|%s\\n' \"${'$'}TERM\" \"${'$'}LANG\" \"${'$'}LC_ALL\" \"${'$'}HOME\"; pwd; stty size").use { shell ->
            val exit = shell.awaitExitWith(0)
            exit.status shouldBe 0
            val lines = shell.screen.snapshot().lines
            val (term, lang, lcAll, home) = lines[0].split('|')
            term shouldBe "xterm-256color"
            lang shouldBe "C.UTF-8"
            lcAll shouldBe "C.UTF-8"
            home shouldContain "coterm-pty-home"
            lines[1] shouldBe home
            lines[2] shouldBe "24 80"
            shell.home.toString() shouldBe home
        }
    }

    test("signals reach the program, and the exit status is 128 + signal") {
        for ((signal, status) in listOf("INT" to 130, "TERM" to 143, "HUP" to 129)) {
            script("printf 'sleeping\\n'; exec sleep 30").use { shell ->
                shell.awaitText("sleeping")
                val pid = shell.programPid
                pid shouldNotBe shell.wrapperPid
                shell.programAlive shouldBe true
                shell.signal(signal)
                shell.awaitExitWith(status)
                shell.programAlive shouldBe false
            }
        }
    }

    test("a Ctrl+C byte in cooked mode interrupts the program; the wrapper still reports") {
        PtyShell.start { listOf("cat") }.use { shell ->
            // The wrapper clears the screen just before it starts cat: typed earlier, the echo
            // would be cleared away (this raced on a busy machine).
            shell.awaitScreen("the wrapper's clear before cat") { shell.transcript().contains("\u001b[H\u001b[2J") }
            shell.typeLine("abc")
            shell.awaitScreen("the echo and cat's copy") { it.lines.take(2) == listOf("abc", "abc") }
            shell.ctrlC()
            shell.awaitExitWith(130)
        }
    }

    test("cursor position requests are answered, and application cursor keys are sent when asked for") {
        script(
            """
            old=${'$'}(stty -g); stty raw -echo
            printf 'abc\033[6n'
            r=${'$'}(dd bs=1 count=6 2>/dev/null | tr '\033' E)
            printf '\033[?1h\r\nreply=%s\r\n' "${'$'}r"
            k=${'$'}(dd bs=1 count=3 2>/dev/null | tr '\033' E)
            printf 'key=%s\r\n' "${'$'}k"
            stty "${'$'}old"
            """.trimIndent()
        ).use { shell ->
            shell.awaitLine("reply=E[1;4R")
            shell.screen.privateModes shouldBe setOf(1)
            shell.press(PtyShell.Key.Left)
            shell.awaitLine("key=EOD")
            shell.awaitExitWith(0)
        }
    }

    test("a failed wait says what it waited for and shows the screen") {
        script("printf 'something else\\n'; exec sleep 30").use { shell ->
            shell.awaitText("something else")
            val error = shouldThrow<AssertionError> { shell.awaitLine("never", timeout = 300.milliseconds) }
            error.message shouldContain "waiting for a line \"never\""
            error.message shouldContain " 0 |something else"
            error.message shouldContain "Transcript"
        }
    }

    test("a wait on a program that has ended fails at once instead of waiting out its deadline") {
        script("printf 'gone\\n'").use { shell ->
            shell.awaitExitWith(0)
            val started = System.nanoTime()
            shouldThrow<AssertionError> { shell.awaitLine("never") }.message shouldContain "closed"
            (System.nanoTime() - started < 5_000_000_000L) shouldBe true
        }
    }

    test("close kills the program and removes the temporary home") {
        val shell = script("printf 'up\\n'; exec sleep 30")
        shell.awaitText("up")
        val pid = shell.programPid
        shell.close()
        ProcessHandle.of(pid).map { it.isAlive }.orElse(false) shouldBe false
        File(shell.home.toString()).exists() shouldBe false
    }

    test("a prompt-and-command exchange is read off the screen") {
        // A tiny line-based imitation of the demo in cooked mode: prompt, read, print.
        script("while printf '# ' && read -r cmd arg; do [ \"${'$'}cmd\" = echo ] && printf '%s\\n' \"${'$'}arg\"; done").use { shell ->
            shell.awaitPrompt()
            shell.run("echo ok") shouldBe listOf("ok")
            shell.run("echo two words") shouldBe listOf("two words")
            shell.run("nothing") shouldBe emptyList()
        }
    }
})
