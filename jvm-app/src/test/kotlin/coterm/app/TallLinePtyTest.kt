// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.testing.PtyShell.Key
import coterm.testing.TmuxTerminal
import coterm.test.ScreenSnapshot
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** 2,500 letters, a to z over and over: any row of them shows where in the line it is. */
private val LETTERS = (0 until 2_500).joinToString("") { ('a' + it % 26).toString() }

/**
 * A line taller than the screen, end to end: the demo shell in an 80x24 pty, `echo ` and 2,500
 * letters typed in one write (32 rows), then Home, typing at the start, End, typing at the end,
 * Enter. At each step the screen shows the window of the line around the cursor, with the cursor
 * on the right row and column (before this renderer, Home left the cursor on a middle row of the
 * text: the redraw moved up by the line's 32 rows and the terminal stopped it at the top); the
 * command's output is exactly the edited text; the terminal is restored at exit. Then a wrapped
 * line in tmux, which reflows on resize: redrawn for the new width, no stale copy of it left.
 */
class TallLinePtyTest : FunSpec({
    timeout = 180_000L
    blockingTest = true

    /** [text] cut into the 80-column rows the terminal shows it on. */
    fun rows(text: String): List<String> = text.chunked(80)

    fun ScreenSnapshot.describe() = render()

    test("echo and 2,500 letters on an 80x24 terminal: Home, type, End, type, Enter") {
        val shell = PtyShell.coterm(columns = 80, rows = 24)
        shell.drive {
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.awaitRawMode()

            shell.type("echo $LETTERS")
            val typed = rows("# echo $LETTERS")
            typed.size shouldBe 32
            shell.awaitScreen("the line's last 24 rows, the cursor after its last letter") { s ->
                s.lines == typed.takeLast(24) && s.cursorRow == 23 && s.cursorColumn == typed.last().length
            }

            shell.press(Key.Home)
            shell.awaitScreen("the prompt on the top row, the cursor after it, a marker for the 9 rows below") { s ->
                s.lines == typed.take(23) + "[9 more rows below]" && s.cursorRow == 0 && s.cursorColumn == 2
            }

            shell.type("echo ")
            val edited = rows("# echo echo $LETTERS")
            shell.awaitScreen("echo typed at the start, the text after it moved on, the cursor after it") { s ->
                s.lines == edited.take(23) + "[9 more rows below]" && s.cursorRow == 0 && s.cursorColumn == 7
            }

            shell.press(Key.End)
            shell.awaitScreen("the end of the line back on the bottom row, no marker") { s ->
                s.lines == edited.takeLast(24) && s.cursorRow == 23 && s.cursorColumn == edited.last().length
            }

            shell.type("!")
            val final = rows("# echo echo $LETTERS!")
            shell.awaitScreen("! typed at the end") { s ->
                s.lines == final.takeLast(24) && s.cursorRow == 23 && s.cursorColumn == final.last().length
            }

            shell.type("\r")
            val done = shell.awaitScreen("echo's output and a fresh prompt") { s -> s.cursorLine == "#" && s.cursorColumn == 2 && s.cursorRow == 23 }
            val all = done.scrollback + done.lines
            val prompt = done.scrollback.size + done.cursorRow
            val output = rows("echo $LETTERS!")
            withClue(done.describe()) {
                all.subList(prompt - output.size, prompt) shouldBe output
                // Right above the output, the end of the command line as the screen showed it, once.
                all.subList(prompt - output.size - 24, prompt - output.size) shouldBe final.takeLast(24)
                all.none { "more rows" in it } shouldBe true
            }
            shell.screen.unsupported shouldBe emptyList()

            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("a wrapped line in tmux, resized wider and narrower, is redrawn once for each width, the output above it kept") {
        val text = "echo " + LETTERS.take(100)
        TmuxTerminal(TmuxTerminal.demo(), columns = 40, rows = 10).use { t ->
            t.awaitScreen("the prompt") { s -> s.lastOrNull { it.isNotEmpty() } == "#" && t.cursor().second == 2 }
            // Output above the line: a redraw that goes up too far erases it, one that stops short
            // leaves a stale piece of the line above it. (A narrower window may push the output into
            // tmux's history, which keeps the cursor's row: what stays above is a suffix of it.)
            t.type("echo first")
            t.sendKeys("Enter")
            t.awaitScreen("echo's output") { s -> s.take(2) == listOf("# echo first", "first") && s.getOrNull(2) == "#" }
            t.type(text)
            fun expect(width: Int, what: String) {
                val wrapped = ("# $text").chunked(width)
                val output = listOf("# echo first", "first")
                val screen = t.awaitScreen(what) { s ->
                    val shown = s.dropLastWhile { it.isEmpty() }
                    val above = shown.size - wrapped.size
                    above in 0..2 && shown.take(above) == output.takeLast(above) && shown.drop(above) == wrapped &&
                        t.cursor() == (shown.size - 1 to wrapped.last().length)
                }
                withClue(screen.joinToString("\n")) { screen.count { it.startsWith("# echo abc") } shouldBe 1 }
            }
            expect(40, "the line on three rows of 40 below the output")
            t.resize(60, 10)
            expect(60, "the line on two rows of 60 below the output")
            t.resize(30, 10)
            expect(30, "the line on four rows of 30 below the output")
            t.sendKeys("Enter")
            t.awaitScreen("echo's output") { s -> s.joinToString("").contains(LETTERS.take(100)) && s.count { it.startsWith("# echo abc") } == 1 }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }
})
