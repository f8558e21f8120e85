package coterm.app

import coterm.testing.TmuxTerminal
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files

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
            Thread.sleep(300)
            withClue(t.screen().joinToString("\n")) {
                t.screen().none { it == "first" } shouldBe true
                screen[0] shouldBe "# echo first"
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
            Thread.sleep(500)
            t.sendKeys("C-c")
            t.awaitScreen("the child interrupted, not the shell") { s -> s.any { it.contains("exited with status 130") } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitExit() shouldBe 0
        }
    }

    test("Ctrl+Z under a job-control shell suspends with the terminal restored; fg redraws the prompt") {
        val shell = listOf("bash", "--norc", "--noprofile", "-i")
        TmuxTerminal(shell).use { t ->
            t.awaitScreen("bash") { s -> s.any { it.contains("$") || it.contains("#") } }
            t.type("PS1='sh> '; stty -g > before.txt")
            t.sendKeys("Enter")
            t.type(TmuxTerminal.demo().joinToString(" ") { "'$it'" })
            t.sendKeys("Enter")
            t.awaitPrompt()
            t.type("echo half")
            t.sendKeys("C-z")
            t.awaitScreen("bash's job notice") { s -> s.any { it.contains("Stopped") } }
            t.type("stty -g > during.txt; cmp before.txt during.txt && echo SAME")
            t.sendKeys("Enter")
            t.awaitScreen("termios as before") { s -> s.any { it == "SAME" } }
            t.type("fg")
            t.sendKeys("Enter")
            t.awaitScreen("the prompt redrawn with the half-typed line") { s -> s.lastOrNull { it.isNotEmpty() } == "# echo half" }
            t.sendKeys("Enter")
            t.awaitScreen("echo ran") { s -> s.any { it == "half" } }
            t.type("quit")
            t.sendKeys("Enter")
            t.awaitScreen("back in bash") { s -> s.lastOrNull { it.isNotEmpty() }?.startsWith("sh>") == true }
            t.type("stty -g > after.txt; cmp before.txt after.txt && echo RESTORED")
            t.sendKeys("Enter")
            t.awaitScreen("termios restored") { s -> s.any { it == "RESTORED" } }
        }
    }
})
