// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The launcher's options in a real terminal: `--prompt` is the prompt the shells show, and
 * `--no-color` or `NO_COLOR` leave no colour or style codes (SGR) in anything written, the
 * demo's output and Clikt's help alike. Each "no colour" case has a twin that shows the same
 * output is styled without them, so the check cannot pass by accident. The prompt, styled by
 * the shell itself, follows the same rules as `help`'s Mordant output.
 */
class CliPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    // The prompt given before the command (the root's option) and after it (the command's own).
    for (args in listOf(listOf("--prompt", "demo> "), listOf("java-shell", "--prompt", "demo> "))) {
        test("--prompt in ${args.joinToString(" ")} is the shell's prompt") {
            PtyShell.coterm(*args.toTypedArray()).drive { shell ->
                shell.awaitScreen("the \"demo> \" prompt", PtyShell.START_TIMEOUT) { it.cursorLine.trimEnd() == "demo>" && it.cursorColumn == 6 }
                shell.typeLine("echo hi")
                shell.awaitScreen("\"hi\" and the prompt again") { it.lineAboveCursor == "hi" && it.cursorLine.trimEnd() == "demo>" }
                shell.typeLine("quit")
                shell.awaitExitWith(0)
            }
        }
    }

    data class Colour(val name: String, val args: List<String>, val environment: Map<String, String>, val styled: Boolean)
    val colours = listOf(
        Colour("by default", emptyList(), emptyMap(), styled = true),
        Colour("with --no-color", listOf("--no-color"), emptyMap(), styled = false),
        Colour("with --no-color after the command", listOf("shell", "--no-color"), emptyMap(), styled = false),
        Colour("with NO_COLOR=1", emptyList(), mapOf("NO_COLOR" to "1"), styled = false),
    )

    for (colour in colours) {
        test("the shell's help ${if (colour.styled) "is styled" else "has no SGR codes"} ${colour.name}") {
            PtyShell.start(extraEnvironment = colour.environment) { home -> PtyShell.cotermCommand(home, *colour.args.toTypedArray()) }.drive { shell ->
                shell.awaitPrompt(PtyShell.START_TIMEOUT)
                shell.run("help")
                shell.typeLine("quit")
                shell.awaitExitWith(0)
                withClue("SGR codes in the transcript") { SGR.containsMatchIn(shell.transcript()) shouldBe colour.styled }
                // The prompt is styled without Mordant (DemoShell.boldGreen): exactly when Mordant styles help.
                withClue("the bold green prompt in the transcript") { (BOLD_GREEN_PROMPT in shell.transcript()) shouldBe colour.styled }
            }
        }

        test("--help ${if (colour.styled) "is styled" else "has no SGR codes"} ${colour.name}") {
            val args = colour.args + "--help"
            PtyShell.start(extraEnvironment = colour.environment) { home -> PtyShell.cotermCommand(home, *args.toTypedArray()) }.drive { shell ->
                shell.awaitExitWith(0, PtyShell.START_TIMEOUT)
                shell.awaitText("Usage: coterm")
                withClue("SGR codes in the transcript") { SGR.containsMatchIn(shell.transcript()) shouldBe colour.styled }
            }
        }
    }
})

/** The default prompt as Mordant writes `TextColors.green(TextStyles.bold("# "))`. */
private const val BOLD_GREEN_PROMPT = "\u001b[32;1m# \u001b[39;22m"

/** Select Graphic Rendition: colour and style codes, `ESC [ ... m`. */
private val SGR = Regex("\u001b\\[[0-9;:]*m")
