// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

private const val E = "\u001b"
private const val BEL = "\u0007"

/** What a hostile paste tries: set the window title, write the clipboard, clear the screen. */
private const val HOSTILE = "$E]0;pwned$BEL$E]52;c;cHduZWQ=$BEL$E[2J"

/** [HOSTILE] as the screen must show it: every control in caret notation. */
private const val HOSTILE_SHOWN = "^[]0;pwned^G^[]52;c;cHduZWQ=^G^[[2J"

/**
 * Terminal-injection safety in a real pty, for the Kotlin demo and its Java twin: control
 * characters pasted into the line are shown in caret notation in the line, in `echo`'s output,
 * in `unknown command:` and in `error:` messages, and never reach the terminal raw, so a pasted
 * escape sequence cannot set the title, the clipboard (OSC 52) or clear the screen.
 */
class InjectionPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    for (demo in listOf("shell", "java-shell")) context(demo) {
        test("a pasted OSC 0, OSC 52 and CSI 2J are shown, echoed and reported visibly, never obeyed") {
            val shell = if (demo == "shell") PtyShell.coterm() else PtyShell.coterm(demo)
            shell.drive {
                shell.awaitPrompt(PtyShell.START_TIMEOUT)
                shell.awaitRawMode()
                shell.run("echo before") shouldContainExactly listOf("before")
                shell.type("echo $E[200~$HOSTILE$E[201~")
                shell.awaitScreen("the paste shown in the line") { it.cursorLine == "# echo $HOSTILE_SHOWN" }
                shell.typeLine("")
                shell.awaitCommandDone("echo $HOSTILE_SHOWN") shouldContainExactly listOf(HOSTILE_SHOWN)
                shell.type("$E[200~$HOSTILE$E[201~")
                shell.typeLine("")
                shell.awaitCommandDone(HOSTILE_SHOWN) shouldContainExactly listOf("unknown command: $HOSTILE_SHOWN")
                shell.typeLine("quit")
                shell.awaitExitWith(0)
                shell.shouldNotHaveObeyed()
            }
        }
    }

    test("an error message quoting pasted text shows it visibly") {
        faultShell { shell ->
            shell.run("echo before") shouldContainExactly listOf("before")
            shell.type("throw $E[200~$HOSTILE$E[201~")
            shell.typeLine("")
            shell.awaitCommandDone("throw $HOSTILE_SHOWN") shouldContainExactly listOf("error: throw: $HOSTILE_SHOWN")
            shell.typeLine("quit")
            shell.awaitExitWith(0)
            shell.shouldNotHaveObeyed()
        }
    }
})

/**
 * Checks that no pasted sequence reached the terminal: no OSC at all in the output, the wrapper's
 * own clear-screen the only one, and the text printed before the paste still on the screen.
 */
private fun PtyShell.shouldNotHaveObeyed() {
    val transcript = transcript()
    withClue("no OSC (title, clipboard) was written") { transcript.contains("$E]") shouldBe false }
    withClue("only the test wrapper cleared the screen") { Regex(Regex.escape("$E[2J")).findAll(transcript).count() shouldBe 1 }
    withClue("the screen model saw no OSC") { screen.unsupported.none { it.startsWith("ESC]") } shouldBe true }
    withClue("what was printed before the paste is still there") { screen.snapshot().hasLine("before") shouldBe true }
}
