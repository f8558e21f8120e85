// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.CHelpers
import coterm.testing.TmuxTerminal
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * The line editor end to end in a real terminal emulator (tmux): what the user sees while
 * output arrives, pastes, wide characters, history across runs, Ctrl+Z, child processes.
 */
class EditorPtyTest : FunSpec({
    fun List<String>.lastPrompt(): String = last { it.startsWith("# ") }
    fun TmuxTerminal.awaitPrompt(line: String = "# ") =
        awaitScreen("the prompt '$line'") { screen -> screen.lastOrNull { it.isNotEmpty() } == line.trimEnd() && cursor().second == line.length }

    test("the half-typed line survives ticker output above it") {
        TmuxTerminal(TmuxTerminal.demo()).use { t ->
            t.awaitPrompt()
            t.type("ticker")
            t.sendKeys("Enter")
            t.awaitPrompt()
            t.type("echo half typed")
            val screen = t.awaitScreen("three ticks above the half-typed line") { s -> s.any { it == "tick 3" } }
            withClue(screen.joinToString("\n")) {
                screen.last { it.isNotEmpty() } shouldBe "# echo half typed"
                screen.filter { it.startsWith("tick") } shouldContain "tick 2"
                screen.count { it.contains("echo half typed") } shouldBe 1
            }
            t.cursor().second shouldBe "# echo half typed".length
            t.sendKeys("Enter")
            t.awaitScreen("echo's output") { s -> s.any { it == "half typed" } }
            t.sendKeys("C-c")
            t.awaitScreen("the ticker stopped") { s -> s.any { it == "ticker: stopped" } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("a pasted two-line text is not executed until Enter, and then runs line by line") {
        TmuxTerminal(TmuxTerminal.demo()).use { t ->
            t.awaitPrompt()
            t.paste("echo first\necho second\n")
            val screen = t.awaitScreen("the paste on two lines") { s -> s.any { it == ". echo second" } }
            // Had the pasted newline run the first line, the second would be on a prompt of its own
            // ("# echo second"), not on the continuation row of the same line.
            withClue(screen.joinToString("\n")) {
                screen.none { it == "first" } shouldBe true
                screen[0] shouldBe "# echo first"
                screen[1] shouldBe ". echo second"
            }
            t.sendKeys("Enter")
            val after = t.awaitScreen("both lines run") { s -> s.any { it == "second" } }
            after.indexOf("first") shouldBe after.indexOf("second") - 1
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("wide characters and a line longer than the terminal wrap and redraw correctly") {
        TmuxTerminal(TmuxTerminal.demo(), columns = 20, rows = 10).use { t ->
            t.awaitPrompt()
            t.type("echo 中文字符😀abcdefghijklmnop")
            val screen = t.awaitScreen("the line wrapped") { s -> s.any { it.endsWith("nop") } }
            withClue(screen.joinToString("\n")) {
                // "# echo " is 7 cells; 4 CJK characters take 8 and the emoji 2: 17 cells, then a-c fill the row.
                screen[0] shouldBe "# echo 中文字符😀abc"
                screen[1] shouldBe "defghijklmnop"
            }
            t.cursor() shouldBe (1 to 13)
            // Go back over the wide characters and change the middle: the redraw must land cell-exactly.
            t.sendKeys("C-a")
            repeat(7) { t.sendKeys("Right") }
            t.type("X")
            val edited = t.awaitScreen("the X inserted") { s -> s.any { it.contains("X") } }
            withClue(edited.joinToString("\n")) {
                edited[0] shouldBe "# echo 中文X字符😀ab"
                edited[1] shouldBe "cdefghijklmnop"
            }
            t.cursor() shouldBe (0 to 12)
            t.sendKeys("Enter")
            t.awaitScreen("echo's output") { s -> s.any { it.startsWith("中文X字符") } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("history survives a restart and is in the state directory, mode 0600") {
        val home = Files.createTempDirectory("coterm-history-home")
        TmuxTerminal(TmuxTerminal.demo(), homeDirectory = home).use { t ->
            t.awaitPrompt()
            t.type("echo remembered")
            t.sendKeys("Enter")
            t.awaitScreen("echo's output") { s -> s.any { it == "remembered" } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
        val file = home.resolve(".local/state/coterm/history")
        Files.readAllLines(file) shouldContain "echo remembered"
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) shouldBe "rw-------"
        TmuxTerminal(TmuxTerminal.demo(), homeDirectory = home).use { t ->
            t.awaitPrompt()
            t.sendKeys("Up")
            t.awaitScreen("the newest line, quit, recalled") { s -> s.any { it == "# quit" } }
            t.sendKeys("Up")
            t.awaitScreen("the line before it recalled") { s -> s.any { it == "# echo remembered" } }
            t.sendKeys("C-u")
            t.type("history")
            t.sendKeys("Enter")
            val listed = t.awaitScreen("the history listed") { s -> s.any { it.endsWith("  history") } }
            listed.any { it.matches(Regex("\\s*\\d+  echo remembered")) } shouldBe true
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
        home.toFile().deleteRecursively()
    }

    test("Ctrl+R finds an earlier line and Tab completes a command name") {
        TmuxTerminal(TmuxTerminal.demo()).use { t ->
            t.awaitPrompt()
            t.type("echo needle")
            t.sendKeys("Enter")
            t.awaitScreen("echo's output") { s -> s.any { it == "needle" } }
            t.sendKeys("C-r")
            t.type("need")
            t.awaitScreen("the search prompt") { s -> s.any { it == "(reverse-i-search)'need': echo needle" } }
            t.sendKeys("Enter")
            t.awaitScreen("the match run") { s -> s.count { it == "needle" } == 2 }
            t.type("hist")
            t.sendKeys("Tab")
            t.awaitScreen("the name completed") { s -> s.any { it == "# history" } }
            t.sendKeys("C-u")
            t.type("ti")
            t.sendKeys("Tab")
            t.awaitScreen("ti completed") { s -> s.any { it == "# ticker" } }
            t.sendKeys("C-u")
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("progress shows a bar on one line; Ctrl+C stops it and leaves a clean line") {
        TmuxTerminal(TmuxTerminal.demo()).use { t ->
            t.awaitPrompt()
            t.type("progress 30")
            t.sendKeys("Enter")
            val bar = t.awaitScreen("the bar") { s -> s.any { it.trimEnd().endsWith("%") && it.contains("━") } }
            withClue(bar.joinToString("\n")) { bar.count { it.endsWith("%") } shouldBe 1 }
            t.sendKeys("C-c")
            val after = t.awaitScreen("the prompt after ^C") { s -> s.lastOrNull { it.isNotEmpty() } == "#" || s.lastOrNull { it.isNotEmpty() } == "# " }
            withClue(after.joinToString("\n")) {
                after.none { it.endsWith("%") } shouldBe true
                after shouldContain "^C"
            }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("run hands the terminal to a child in cooked mode and takes it back") {
        TmuxTerminal(TmuxTerminal.demo()).use { t ->
            t.awaitPrompt()
            t.type("run sh -c 'stty -a | grep -o -- \" -\\?icanon \" ; read x; echo got \$x'")
            t.sendKeys("Enter")
            t.awaitScreen("the child's stty") { s -> s.any { it.trim() == "icanon" } }
            t.type("typed-to-child")
            t.sendKeys("Enter")
            t.awaitScreen("the child read the line") { s -> s.any { it == "got typed-to-child" } }
            t.awaitPrompt()
            // Raw mode is back: Ctrl+A moves within our line editor.
            t.type("cho back")
            t.sendKeys("C-a")
            t.type("e")
            t.sendKeys("Enter")
            t.awaitScreen("echo back") { s -> s.any { it == "back" } }
            t.type("run sh -c 'sleep 30'")
            t.sendKeys("Enter")
            val pane = ProcessHandle.of(t.panePid()).orElseThrow()
            t.awaitScreen("the child's sleep running") {
                pane.descendants().anyMatch { p -> p.info().command().map { it.endsWith("/sleep") }.orElse(false) }
            }
            t.sendKeys("C-c")
            t.awaitScreen("the child interrupted, not the shell") { s -> s.any { it.contains("exited with status 130") } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("Ctrl+Z under a job-control shell suspends with the terminal restored; fg redraws the prompt") {
        // jobctl is a job-control shell that leaves the terminal's settings alone when the job
        // stops (bash saves and resets them itself, which would hide a coterm still in raw mode).
        // The wrapper saves the settings coterm starts from, then waits for a line, so that the
        // pane's output is recorded from coterm's first byte on.
        val jobctl = CHelpers.path("jobctl").toString()
        val wrapper = listOf("sh", "-c", "stty -g > before.txt; read go; exec \"\$@\"", "sh", jobctl)
        TmuxTerminal(wrapper + TmuxTerminal.demo()).use { t ->
            val output = t.home.resolve("output.bin")
            t.awaitScreen("the wrapper's settings saved") { Files.exists(t.home.resolve("before.txt")) && Files.size(t.home.resolve("before.txt")) > 0 }
            t.recordOutput(output)
            t.sendKeys("Enter")
            t.awaitPrompt()
            t.type("echo half")
            t.awaitScreen("the half-typed line") { s -> s.lastOrNull { it.isNotEmpty() } == "# echo half" }
            t.sendKeys("C-z")
            t.awaitScreen("jobctl's notice") { s -> s.any { it == STOPPED } }
            t.awaitScreen("the notice in the recorded output") { Files.readString(output, Charsets.ISO_8859_1).contains(STOPPED) }
            withClue("termios while the job is stopped, read from outside, with no shell resetting it") {
                stty(t.paneTty()) shouldBe Files.readString(t.home.resolve("before.txt")).trim()
            }
            val written = Files.readString(output, Charsets.ISO_8859_1)
            val beforeStop = written.substringBefore(STOPPED)
            withClue("bracketed paste switched on, then off before the stop") {
                (beforeStop.lastIndexOf(PASTE_ON) >= 0) shouldBe true
                beforeStop.lastIndexOf(PASTE_OFF) shouldBeGreaterThan beforeStop.lastIndexOf(PASTE_ON)
            }
            t.type("fg")
            t.sendKeys("Enter")
            t.awaitScreen("the prompt redrawn with the half-typed line") { s -> s.lastOrNull { it.isNotEmpty() } == "# echo half" }
            t.sendKeys("Enter")
            t.awaitScreen("echo ran") { s -> s.any { it == "half" } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }
})

private const val STOPPED = "[jobctl: job stopped]"
private const val PASTE_ON = "\u001b[?2004h"
private const val PASTE_OFF = "\u001b[?2004l"

/** The settings of [tty] as `stty -g` prints them, read from outside the program that uses it. */
private fun stty(tty: String): String {
    val p = ProcessBuilder("stty", "-F", tty, "-g").redirectErrorStream(true).start()
    val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
    check(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) { "stty -F $tty -g failed: $out" }
    return out.trim()
}
