// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.test.ScreenSnapshot
import coterm.testing.PtyShell
import coterm.testing.PtyShell.Key
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

/**
 * The completion menu in the demo shells, in a real pty: Tab Tab opens it below the line with
 * the commands' descriptions from `help`, the keys move the reverse-video selection and the line
 * shows it, Enter keeps it without running the line, Escape puts the line back, and no menu row
 * is left on the screen once it is closed. Both demos: the Kotlin one and the Java one.
 */
class CompletionMenuPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    /** The rows under the cursor's row, as the screen shows them. */
    fun ScreenSnapshot.below(): List<String> = lines.drop(cursorRow + 1)

    /** The row under the cursor's that is drawn in reverse video, or -1 (checked on its first cell). */
    fun ScreenSnapshot.highlighted(): Int = (cursorRow + 1 until lines.size).firstOrNull { styleAt(it, 0).inverse }?.let { it - cursorRow - 1 } ?: -1

    fun ScreenSnapshot.menuClosed(): Boolean = below().all { it.isEmpty() }

    for (demo in listOf("shell", "java-shell")) context(demo) {
        test("Tab Tab opens the menu with descriptions; Tab and Down move the highlighted selection shown in the line; Enter keeps it without running it") {
            menuShell(demo) { shell ->
                shell.type("s")
                shell.press(Key.Tab, 2)
                val open = shell.awaitScreen("the menu under '# s'") { it.cursorLine == "# s" && it.below().firstOrNull()?.startsWith("sleep") == true }
                withClue(open.render()) {
                    open.below()[0] shouldContain "wait N seconds"
                    open.below()[1] shouldStartWith "spin"
                    open.highlighted() shouldBe -1
                    open.cursorColumn shouldBe 3
                }
                shell.press(Key.Tab)
                val first = shell.awaitScreen("sleep selected") { it.cursorLine == "# sleep" && it.highlighted() == 0 }
                first.cursorColumn shouldBe 7
                shell.press(Key.Down)
                val second = shell.awaitScreen("spin selected") { it.cursorLine == "# spin" && it.highlighted() == 1 }
                withClue(second.render()) {
                    second.styleAt(second.cursorRow + 1, 0).inverse shouldBe false
                    second.cursorColumn shouldBe 6
                }
                shell.press(Key.Enter)
                val kept = shell.awaitScreen("the menu closed, 'spin ' kept") { it.cursorLine == "# spin" && it.cursorColumn == 7 && it.menuClosed() }
                // Not run: no command output, the same line still being edited.
                kept.allLines.last() shouldBe "# spin"
                shell.press(Key.Backspace)
                shell.awaitScreen("the space deleted") { it.cursorLine == "# spin" && it.cursorColumn == 6 }
                shell.press(Key.CtrlU)
                shell.awaitPrompt()
                shell.quit()
            }
        }

        test("Escape puts the line back as it was and erases the menu; another key keeps the selection and goes on") {
            menuShell(demo) { shell ->
                shell.type("s")
                shell.press(Key.Tab, 2)
                shell.awaitScreen("the menu") { it.below().firstOrNull()?.startsWith("sleep") == true }
                shell.type("\u001b[Z") // Shift+Tab: the last candidate
                shell.awaitScreen("spin selected from the end") { it.cursorLine == "# spin" && it.highlighted() == 1 }
                shell.press(Key.Escape)
                val restored = shell.awaitScreen("'# s' back, the menu gone") { it.cursorLine == "# s" && it.menuClosed() }
                restored.cursorColumn shouldBe 3
                shell.press(Key.Tab, 2)
                shell.awaitScreen("the menu again") { it.below().firstOrNull()?.startsWith("sleep") == true }
                shell.press(Key.Tab)
                shell.awaitScreen("sleep selected") { it.highlighted() == 0 }
                shell.type("x")
                val typed = shell.awaitScreen("'sleep x', the menu gone") { it.cursorLine == "# sleep x" && it.menuClosed() }
                typed.cursorColumn shouldBe 9
                shell.ctrlC()
                shell.awaitScreen("^C and a fresh prompt, no menu row left") { it.atPromptAfter("# sleep x^C") }
                shell.quit()
            }
        }

        test("a menu longer than the screen pages, says which rows it shows, and leaves nothing behind") {
            menuShell(demo, rows = 4) { shell ->
                shell.press(Key.Tab, 2)
                val open = shell.awaitScreen("the first page") { s -> s.below().any { PAGE.matches(it) } }
                withClue(open.render()) {
                    open.below().first { PAGE.matches(it) } shouldStartWith "rows 1-2 of "
                    open.below().count { it.isNotEmpty() } shouldBeLessThanOrEqual 3
                }
                shell.press(Key.Up) // from no selection: the last candidate, on the last page
                val last = shell.awaitScreen("the last page with the last candidate selected") { s ->
                    s.highlighted() == 0 && s.below().any { PAGE.matches(it) && !it.startsWith("rows 1-") }
                }
                withClue(last.render()) {
                    val selected = last.below()[0].substringBefore(' ')
                    last.cursorLine shouldBe "# $selected"
                    last.lines.size shouldBe 4
                }
                shell.press(Key.Escape)
                shell.awaitScreen("the empty line back, the menu gone") { it.cursorLine == "#" && it.cursorColumn == 2 && it.menuClosed() }
                shell.quit()
            }
        }
    }
})

private val PAGE = Regex("rows \\d+-\\d+ of \\d+")

private fun ScreenSnapshot.atPromptAfter(line: String): Boolean =
    cursorLine == "#" && cursorColumn == 2 && lineAboveCursor == line && lines.drop(cursorRow + 1).all { it.isEmpty() }

/** Starts [demo] on a screen [rows] high, waits for its first prompt and raw mode, runs [block], always closes. */
private fun menuShell(demo: String, rows: Int = 24, block: (PtyShell) -> Unit) {
    val shell = if (demo == "shell") PtyShell.coterm(rows = rows) else PtyShell.coterm(demo, rows = rows)
    shell.drive {
        shell.awaitPrompt(PtyShell.START_TIMEOUT)
        shell.awaitRawMode()
        block(shell)
    }
}

private fun PtyShell.quit() {
    typeLine("quit")
    awaitExitWith(0)
}
