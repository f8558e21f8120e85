// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.testing.atFreshPrompt
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

private const val BAR = "\u001b[6 q"
private const val BLOCK = "\u001b[2 q"
private const val DEFAULT_SHAPE = "\u001b[0 q"

/**
 * The demo's `--vi` in a real pty: insert and command modes, motions and operators, the cursor's
 * shape (DECSCUSR, TERM=xterm-256color here), Ctrl+C in command mode, and how soon Esc takes effect.
 */
class ViModePtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    /** Waits until the cursor line is [line] (trailing blanks ignored) with the cursor at [column]. */
    fun PtyShell.awaitLine(line: String, column: Int) =
        awaitScreen("the line '$line' with the cursor at $column") { it.cursorLine.trimEnd() == line && it.cursorColumn == column }

    /** Writes [bytes] and waits until [text] appears in the transcript after what was there; returns the milliseconds it took. */
    fun PtyShell.timeUntil(bytes: String, text: String): Double {
        val before = transcript().length
        val start = System.nanoTime()
        type(bytes)
        while (transcript().indexOf(text, before) < 0) {
            if (System.nanoTime() - start > 10_000_000_000L) fail("no '${PtyShell.visible(text)}' 10 s after '${PtyShell.visible(bytes)}'")
            Thread.sleep(0, 200_000)
        }
        return (System.nanoTime() - start) / 1e6
    }

    test("a vi round trip: type, Esc, motions, an operator, insert, Enter") {
        PtyShell.coterm("--vi", "--no-history").drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.awaitScreen("the bar cursor of insert mode") { BAR in shell.transcript() }
            shell.type("echo hello wrold")
            shell.awaitLine("# echo hello wrold", 18)
            shell.press(PtyShell.Key.Escape)
            // Command mode: the cursor on the last character, and a block.
            shell.awaitLine("# echo hello wrold", 17)
            // The shape is written after the redraw: waited for, not raced.
            shell.awaitScreen("the block cursor of command mode") { BLOCK in shell.transcript() }
            shell.type("b")
            shell.awaitLine("# echo hello wrold", 13)
            shell.type("cw")
            shell.awaitLine("# echo hello", 13)
            shell.type("world")
            shell.press(PtyShell.Key.Escape)
            shell.awaitLine("# echo hello world", 17)
            shell.type("0")
            shell.awaitLine("# echo hello world", 2)
            shell.type("w")
            shell.awaitLine("# echo hello world", 7)
            shell.type("i")
            shell.type("big ")
            shell.awaitLine("# echo big hello world", 11)
            shell.press(PtyShell.Key.Escape)
            shell.awaitLine("# echo big hello world", 10)
            shell.type("3x")
            shell.awaitLine("# echo bigllo world", 10)
            shell.type("u")
            shell.awaitScreen("undone") { it.cursorLine.trimEnd() == "# echo big hello world" }
            val before = shell.transcript().length
            shell.press(PtyShell.Key.Enter)
            shell.awaitScreen("the command's output and the bar for the next line") {
                it.hasLine("big hello world") && it.atFreshPrompt && BAR in shell.transcript().substring(before)
            }
            withClue("the cursor's own shape back after the line, then the bar for the next") {
                val after = shell.transcript().substring(before)
                (after.indexOf(DEFAULT_SHAPE) in 0 until after.indexOf(BAR)) shouldBe true
            }
            shell.typeLine("quit")
            val exit = shell.awaitExitWith(0)
            exit.termiosRestored shouldBe true
            shell.transcript().substringBefore("[coterm-pty-7f3a after").let { out ->
                withClue("the last shape written is the default") { (out.lastIndexOf(DEFAULT_SHAPE) > out.lastIndexOf(BLOCK)) shouldBe true }
            }
        }
    }

    test("Ctrl+C in command mode interrupts, and the next line starts in insert mode") {
        PtyShell.coterm("--vi", "--no-history").drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.type("echo abc")
            shell.awaitLine("# echo abc", 10)
            shell.press(PtyShell.Key.Escape)
            shell.awaitLine("# echo abc", 9)
            shell.type("d")
            shell.ctrlC()
            shell.awaitScreen("^C and a fresh prompt") { it.hasLine("# echo abc^C") && it.atFreshPrompt }
            // Insert mode: these are typed, not commands.
            shell.typeLine("echo dw")
            shell.awaitScreen("the output") { it.hasLine("dw") && it.atFreshPrompt }
            shell.typeLine("quit")
            shell.awaitExitWith(0).termiosRestored shouldBe true
        }
    }

    test("Esc takes effect without the escape timeout (measured)") {
        PtyShell.coterm("--vi", "--no-history").drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            val times = ArrayList<Double>()
            val typed = ArrayList<Double>()
            repeat(15) {
                Thread.sleep(30)
                times += shell.timeUntil("\u001b", BLOCK)
                Thread.sleep(30)
                // Back to insert mode: the same round trip for a plain key, to compare with.
                typed += shell.timeUntil("A", BAR)
            }
            times.sort()
            typed.sort()
            val p50 = times[times.size / 2]
            val typedP50 = typed[typed.size / 2]
            println("vi Esc latency (ms, pty write to the block cursor written): p50 ${"%.1f".format(p50)}, max ${"%.1f".format(times.last())}; " +
                "A (to the bar) p50 ${"%.1f".format(typedP50)}; escape timeout 50 ms")
            shell.ctrlC()
            shell.awaitPrompt()
            shell.typeLine("quit")
            shell.awaitExitWith(0)
            // Had Esc waited for the 50 ms timeout, it would be 50 ms slower than a plain key at the median.
            withClue("Esc p50 $p50 ms, A p50 $typedP50 ms") { (p50 < typedP50 + 30.0) shouldBe true }
        }
    }
})
