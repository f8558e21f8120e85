// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.test.CellStyle
import coterm.test.ScreenSnapshot
import coterm.testing.PtyShell
import coterm.testing.atFreshPrompt
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.milliseconds

/**
 * Highlighting and fish-style suggestions in the demo shell, in a real pty: the ghost drawn dim
 * after the cursor, accepted by Right, never submitted or left on the screen otherwise; the
 * demo's colours; and neither with `NO_COLOR` or `--plain-editor`.
 */
class SuggestionPtyTest : FunSpec({
    /** The cells of the cursor's row from [from] until [until] are all dim (or, with [dim] false, none is). */
    fun ScreenSnapshot.dim(from: Int, until: Int, dim: Boolean = true): Boolean =
        (from until until).all { styleAt(cursorRow, it).faint == dim }

    fun PtyShell.awaitGhost(typed: String, line: String): ScreenSnapshot =
        awaitScreen("'$typed' with the suggestion '$line' after the cursor") { s ->
            s.cursorLine == line && s.cursorColumn == typed.length && s.dim(typed.length, line.length)
        }

    test("a suggestion from history is drawn dim after the cursor, Right accepts it and Enter runs it") {
        PtyShell.coterm().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.run("echo hello world") shouldBe listOf("hello world")
            shell.type("ec")
            val ghost = shell.awaitGhost("# ec", "# echo hello world")
            withClue("the typed text is not dim") { ghost.dim(2, 4, dim = false) shouldBe true }
            shell.press(PtyShell.Key.Right)
            shell.awaitScreen("the suggestion accepted: plain text, cursor at its end") { s ->
                s.cursorLine == "# echo hello world" && s.cursorColumn == 18 && s.dim(2, 18, dim = false)
            }
            shell.press(PtyShell.Key.Enter)
            shell.awaitScreen("the accepted line run") { s -> s.atFreshPrompt && s.allLines.count { it == "hello world" } == 2 }
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("Enter and Ctrl+C with a suggestion shown submit or discard the typed text only, and leave no ghost on the screen") {
        PtyShell.coterm().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.run("echo hello world")
            shell.type("ec")
            shell.awaitGhost("# ec", "# echo hello world")
            shell.ctrlC()
            val interrupted = shell.awaitScreen("a fresh prompt after ^C") { it.atFreshPrompt }
            interrupted.lineAboveCursor shouldBe "# ec^C"
            shell.type("echo h")
            shell.awaitGhost("# echo h", "# echo hello world")
            shell.press(PtyShell.Key.Enter)
            val ran = shell.awaitScreen("'echo h' run") { s -> s.atFreshPrompt && s.allLines.contains("h") }
            withClue(ran.render()) {
                ran.allLines.contains("# echo h") shouldBe true
                ran.allLines.count { it.startsWith("# echo hello world") } shouldBe 1
            }
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("known commands are bold, unknown ones red, quoted strings yellow") {
        PtyShell.coterm().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.type("echo \"hi there")
            val echo = shell.awaitScreen("the line typed") { it.cursorLine == "# echo \"hi there" }
            echo.styleAt(echo.cursorRow, 2) shouldBe CellStyle(bold = true)
            echo.styleAt(echo.cursorRow, 6) shouldBe CellStyle.PLAIN
            echo.styleAt(echo.cursorRow, 7).foreground shouldBe "33"
            echo.styleAt(echo.cursorRow, 15).foreground shouldBe "33"
            shell.press(PtyShell.Key.CtrlU)
            shell.type("nosuch 'x'")
            val unknown = shell.awaitScreen("an unknown command typed") { it.cursorLine == "# nosuch 'x'" }
            unknown.styleAt(unknown.cursorRow, 2).foreground shouldBe "31"
            unknown.styleAt(unknown.cursorRow, 9).foreground shouldBe "33"
            shell.press(PtyShell.Key.Enter)
            val after = shell.awaitLine("unknown command: nosuch")
            withClue("output after the line is not styled") { after.styleOf("unknown command: nosuch") shouldBe CellStyle.PLAIN }
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    for ((name, args, environment) in listOf<Triple<String, List<String>, Map<String, String>>>(
        Triple("NO_COLOR=1", emptyList(), mapOf("NO_COLOR" to "1")),
        Triple("--plain-editor", listOf("--plain-editor"), emptyMap()),
    )) {
        test("with $name there is neither highlighting nor a suggestion") {
            PtyShell.start(extraEnvironment = environment) { home -> PtyShell.cotermCommand(home, *args.toTypedArray()) }.drive { shell ->
                shell.awaitPrompt(PtyShell.START_TIMEOUT)
                shell.run("echo hello world")
                val mark = shell.transcript().length
                shell.type("ec")
                shell.awaitScreen("'ec' typed") { it.cursorLine == "# ec" && it.cursorColumn == 4 }
                shell.awaitQuiet(300.milliseconds)
                val screen = shell.screen.snapshot()
                withClue(screen.render()) { screen.cursorLine shouldBe "# ec" }
                shell.type("ho \"quoted")
                shell.awaitScreen("the line typed") { it.cursorLine == "# echo \"quoted" }
                withClue("SGR codes written while typing") { SGR.containsMatchIn(shell.transcript().substring(mark)) shouldBe false }
                shell.press(PtyShell.Key.CtrlU)
                shell.typeLine("quit")
                shell.awaitExitWith(0)
            }
        }
    }
})

/** Select Graphic Rendition: colour and style codes, `ESC [ ... m`. */
private val SGR = Regex("\u001b\\[[0-9;:]*m")
