// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.testing.PtyShell.Key
import coterm.testing.commandLineIndex
import coterm.testing.atFreshPrompt
import coterm.testing.outputOf
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * The demo shell (`java -jar coterm.jar`) and its Java twin (`java-shell`) in a real
 * pseudo-terminal, against the Ctrl+C contract of DESIGN.md section 1.1; every test runs for
 * both. Every test that ends the program checks its exit status and that the terminal settings
 * afterwards equal those before.
 */
class DemoShellPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    for (demo in DEMOS) context(demo) {
        test("Ctrl+C while typing shows ^C, discards the line and gives a fresh prompt") {
            demoShell(demo) { shell ->
                shell.type("hlep")
                shell.awaitScreen("\"hlep\" echoed at the prompt") { it.cursorLine == "# hlep" && it.cursorColumn == 6 }
                shell.ctrlC()
                shell.awaitScreen("^C after the old line and a fresh prompt below it") { it.atFreshPrompt && it.lineAboveCursor == "# hlep^C" }
                // Had "hlep" survived, this would say "unknown command: hlepecho".
                shell.run("echo ok") shouldContainExactly listOf("ok")
                shell.quit()
            }
        }

        test("Ctrl+C on an empty line gives a fresh prompt, every time") {
            demoShell(demo) { shell ->
                for (i in 1..5) {
                    shell.ctrlC()
                    shell.awaitScreen("fresh prompt number $i after ^C") { it.atFreshPrompt && it.allLines.count { line -> line == "# ^C" } == i }
                }
                shell.run("echo ok") shouldContainExactly listOf("ok")
                shell.quit()
            }
        }

        test("help lists the commands") {
            demoShell(demo) { shell ->
                val output = shell.run("help")
                output.first() shouldStartWith "Supported commands:"
                for (command in listOf("help", "echo", "sleep", "spin", "quit")) {
                    withClue("a help line for $command in $output") {
                        output.drop(1).any { Regex("\\b$command\\b") in it } shouldBe true
                    }
                }
                shell.quit()
            }
        }

        test("an unknown command says so") {
            demoShell(demo) { shell ->
                shell.run("frobnicate") shouldContainExactly listOf("unknown command: frobnicate")
                shell.quit()
            }
        }

        test("Ctrl+C during sleep cancels only the command, at once") {
            demoShell(demo) { shell ->
                val started = shell.startShortSleep()
                val pressed = TimeSource.Monotonic.markNow()
                shell.ctrlC()
                val shot = shell.awaitPrompt()
                val elapsed = pressed.elapsedNow()
                withClue("the prompt came back after $elapsed") { elapsed.inWholeMilliseconds shouldBeLessThan PROMPT_AFTER_CANCEL.inWholeMilliseconds }
                val output = shot.outputOf(SHORT_SLEEP)!!
                withClue("^C shown between the command and the prompt: $output") { output.any { "^C" in it } shouldBe true }
                shell.run("echo ok") shouldContainExactly listOf("ok")
                shell.assertNoDoneAfterShortSleep(started)
                shell.quit()
            }
        }

        test("a cancelled sleep does not print done later") {
            demoShell(demo) { shell ->
                shell.startCommand("sleep 1.5")
                shell.ctrlC()
                shell.awaitPrompt()
                Thread.sleep(2_000)
                val shot = shell.screen.snapshot()
                shot.hasLine("done") shouldBe false
                shot.atFreshPrompt shouldBe true
                shell.quit()
            }
        }

        test("a storm of Ctrl+C in one write at the prompt does not kill the shell") {
            demoShell(demo) { shell ->
                shell.write(ByteArray(100) { 3 })
                shell.run("echo alive") shouldContainExactly listOf("alive")
                shell.quit()
            }
        }

        test("a storm of Ctrl+C in 100 writes at the prompt does not kill the shell") {
            demoShell(demo) { shell ->
                repeat(100) { shell.ctrlC() }
                shell.run("echo alive") shouldContainExactly listOf("alive")
                shell.quit()
            }
        }

        test("a storm of Ctrl+C in one write during sleep cancels it and does not kill the shell") {
            demoShell(demo) { shell ->
                val started = shell.startShortSleep()
                shell.write(ByteArray(100) { 3 })
                shell.awaitPrompt()
                shell.run("echo alive") shouldContainExactly listOf("alive")
                shell.assertNoDoneAfterShortSleep(started)
                shell.quit()
            }
        }

        test("a storm of Ctrl+C in 100 writes during sleep cancels it and does not kill the shell") {
            demoShell(demo) { shell ->
                shell.startCommand("sleep 30")
                repeat(100) { shell.ctrlC() }
                shell.awaitPrompt()
                shell.run("echo alive") shouldContainExactly listOf("alive")
                shell.quit()
            }
        }

        test("Ctrl+C during spin: the 2nd press warns, the 3rd exits with 130 and restores the terminal") {
            demoShell(demo) { shell ->
                shell.startCommand("spin 30")
                shell.ctrlC() // 1: cancels, but spin cannot stop
                Thread.sleep(PRESS_SPACING.inWholeMilliseconds)
                withClue("no notice after one press") { (NOTICE in shell.screen.snapshot()) shouldBe false }
                shell.running shouldBe true
                shell.ctrlC() // 2: the notice
                shell.awaitText(NOTICE)
                shell.running shouldBe true
                Thread.sleep(PRESS_SPACING.inWholeMilliseconds)
                shell.ctrlC() // 3: forced exit
                shell.awaitExitWith(130)
            }
        }

        test("sleep 100, Ctrl+C, sleep 100 at once and Ctrl+C within 500 ms: the second command is cancelled too") {
            demoShell(demo) { shell ->
                // The second press must come within 500 ms of the first (the old fold window) for
                // this to test anything; on a machine too busy for that, the sequence is tried again.
                var gap = Duration.INFINITE
                for (attempt in 1..MAX_ATTEMPTS) {
                    shell.startCommand("sleep 100")
                    val first = TimeSource.Monotonic.markNow()
                    shell.ctrlC()
                    shell.awaitPrompt()
                    shell.typeLine("sleep 100")
                    shell.awaitRunning("sleep 100", count = 2 * attempt)
                    gap = first.elapsedNow()
                    shell.ctrlC()
                    withClue("the second sleep is cancelled: its ^C, then a fresh prompt") {
                        shell.awaitScreen("a fresh prompt after the second sleep's ^C") { it.atFreshPrompt && it.allLines.count { line -> line == "^C" } == 2 * attempt }
                    }
                    if (gap < FOLD_WINDOW_BEFORE) break
                }
                withClue("the second press came ${gap.inWholeMilliseconds} ms after the first") { (gap < FOLD_WINDOW_BEFORE) shouldBe true }
                shell.run("echo ok") shouldContainExactly listOf("ok")
                shell.quit()
            }
        }

        test("spin 30 with Ctrl+C every 0.3 s: the notice on the 2nd press, exit 130 on the 3rd, terminal restored") {
            demoShell(demo) { shell ->
                shell.startCommand("spin 30")
                shell.ctrlC() // 1: cancels, but spin cannot stop
                // Each press is timed from the moment the previous one is seen handled, so the
                // program reads them at least 0.3 s apart however late it ran.
                shell.awaitText("^C")
                Thread.sleep(HAMMER_SPACING.inWholeMilliseconds)
                shell.running shouldBe true
                shell.ctrlC() // 2: the notice
                shell.awaitText(NOTICE)
                Thread.sleep(HAMMER_SPACING.inWholeMilliseconds)
                shell.ctrlC() // 3: forced exit, terminal restored
                shell.awaitExitWith(130)
            }
        }

        test("a burst of Ctrl+C during spin counts as one press") {
            demoShell(demo) { shell ->
                shell.startCommand("spin 30")
                shell.write(ByteArray(100) { 3 })
                Thread.sleep(PRESS_SPACING.inWholeMilliseconds)
                withClue("a burst is one press: no notice, no exit") {
                    (NOTICE in shell.screen.snapshot()) shouldBe false
                    shell.running shouldBe true
                }
                shell.ctrlC()
                shell.awaitText(NOTICE)
                Thread.sleep(PRESS_SPACING.inWholeMilliseconds)
                shell.ctrlC()
                shell.awaitExitWith(130)
            }
        }

        test("quit exits with 0 and restores the terminal") {
            demoShell(demo) { shell -> shell.quit() }
        }

        test("Ctrl+D on an empty line exits with 0 and restores the terminal") {
            demoShell(demo) { shell ->
                shell.press(Key.CtrlD)
                shell.awaitExitWith(0)
            }
        }

        test("Ctrl+D on a non-empty line deletes the character under the cursor and does not exit") {
            demoShell(demo) { shell ->
                shell.type("echo nineX")
                shell.press(Key.Left)
                shell.press(Key.CtrlD)
                shell.awaitScreen("the X deleted") { it.cursorLine == "# echo nine" && it.cursorColumn == 11 }
                shell.press(Key.CtrlD) // at the end of a non-empty line: nothing to delete, and no exit
                Thread.sleep(300)
                shell.running shouldBe true
                shell.press(Key.Enter)
                shell.awaitCommandDone("echo nine") shouldContainExactly listOf("nine")
                shell.press(Key.CtrlD)
                shell.awaitExitWith(0)
            }
        }

        test("kill -INT during sleep stops only the command") {
            demoShell(demo) { shell ->
                val started = shell.startShortSleep()
                val sent = TimeSource.Monotonic.markNow()
                shell.signal("INT")
                shell.awaitPrompt()
                val elapsed = sent.elapsedNow()
                withClue("the prompt came back after $elapsed") { elapsed.inWholeMilliseconds shouldBeLessThan PROMPT_AFTER_CANCEL.inWholeMilliseconds }
                shell.programAlive shouldBe true
                shell.run("echo ok") shouldContainExactly listOf("ok")
                shell.assertNoDoneAfterShortSleep(started)
                shell.programAlive shouldBe true
                shell.quit()
            }
        }

        // DESIGN.md 1.1: kill -INT acts "exactly as a keyboard Ctrl+C in the same situation".
        test("kill -INT while typing discards the line like Ctrl+C") {
            demoShell(demo) { shell ->
                shell.type("hlep")
                shell.awaitScreen("\"hlep\" echoed at the prompt") { it.cursorLine == "# hlep" }
                shell.signal("INT")
                shell.awaitScreen("^C after the old line and a fresh prompt below it") { it.atFreshPrompt && it.lineAboveCursor == "# hlep^C" }
                shell.run("echo ok") shouldContainExactly listOf("ok")
                shell.quit()
            }
        }

        for ((signal, status) in listOf("TERM" to 143, "HUP" to 129)) {
            test("SIG$signal at the prompt exits with $status and restores the terminal") {
                demoShell(demo) { shell ->
                    shell.type("half typed")
                    shell.awaitScreen("the half-typed line") { it.cursorLine == "# half typed" }
                    shell.signal(signal)
                    shell.awaitExitWith(status)
                }
            }

            test("SIG$signal during sleep exits with $status and restores the terminal") {
                demoShell(demo) { shell ->
                    // Short: a sleep the signal did not cancel would print done during the shutdown's wait for commands.
                    shell.startShortSleep()
                    shell.signal(signal)
                    shell.awaitExitWith(status)
                    shell.screen.snapshot().hasLine("done") shouldBe false
                }
            }
        }

        test("keys typed during a command run after it") {
            demoShell(demo) { shell ->
                shell.startCommand("sleep 1")
                shell.typeLine("echo later")
                val shot = shell.awaitScreen("done, then later, then a prompt") { it.hasLine("done") && it.hasLine("later") && it.atFreshPrompt }
                val lines = shot.allLines
                withClue("done comes before later") { lines.indexOf("done") shouldBeLessThan lines.lastIndexOf("later") }
                shot.outputOf("echo later") shouldBe listOf("later")
                shell.quit()
            }
        }

        context("line editing") {
            // Each case types its pieces in separate writes, presses Enter, and checks the line the
            // screen shows and what the command printed.
            val cases = listOf(
                EditCase("insert in the middle with Left", listOf("ech hello", Key.Left * 6, "o"), "echo hello", "hello"),
                EditCase("Ctrl+A, Right and insert", listOf("eco x", Key.CtrlA, Key.Right * 2, "h"), "echo x", "x"),
                EditCase("Ctrl+A then Ctrl+E", listOf("cho one", Key.CtrlA, "e", Key.CtrlE, " two"), "echo one two", "one two"),
                EditCase("Backspace deletes before the cursor", listOf("echo wordzs", Key.Left, Key.Backspace), "echo words", "words"),
                EditCase("Ctrl+U deletes the whole line", listOf("garbage", Key.CtrlU, "echo three"), "echo three", "three"),
                EditCase("Ctrl+U keeps what is after the cursor", listOf("junk echo four", Key.Left * 9, Key.CtrlU), "echo four", "four"),
                EditCase("Ctrl+K deletes to the end", listOf("echo five six", Key.Left * 4, Key.CtrlK), "echo five", "five"),
                EditCase("Ctrl+W deletes the word before the cursor", listOf("echo seven eight", Key.CtrlW), "echo seven", "seven"),
                EditCase("Ctrl+W in the middle", listOf("echo ten bad eleven", Key.Left * 6, Key.CtrlW), "echo ten eleven", "ten eleven"),
            )
            for (case in cases) {
                test(case.name) {
                    demoShell(demo) { shell ->
                        for (piece in case.pieces) when (piece) {
                            is String -> shell.type(piece)
                            is Key -> shell.press(piece)
                            is Repeated -> shell.press(piece.key, piece.times)
                        }
                        shell.press(Key.Enter)
                        shell.awaitCommandDone(case.line).map { it.trimEnd() } shouldContainExactly listOf(case.output)
                        shell.quit()
                    }
                }
            }
        }

        test("raw mode while the prompt is up: no ICANON, ECHO, ISIG, IEXTEN, IXON, ICRNL; OPOST kept") {
            demoShell(demo) { shell ->
                val flags = shell.termiosFlags().split(Regex("[\\s;]+")).toSet()
                for (flag in listOf("-icanon", "-echo", "-isig", "-iexten", "-ixon", "-icrnl", "-inlcr", "-igncr", "opost")) {
                    withClue("stty -a shows $flag") { (flag in flags) shouldBe true }
                }
                shell.quit()
            }
        }

        test("the output stays within the documented escape codes") {
            demoShell(demo) { shell ->
                shell.run("help")
                shell.type("ecoh x")
                shell.press(Key.Left, 3)
                shell.press(Key.Backspace)
                shell.type("h")
                shell.press(Key.CtrlA)
                shell.press(Key.CtrlE)
                shell.ctrlC()
                shell.awaitPrompt()
                shell.startCommand("sleep 30")
                shell.ctrlC()
                shell.awaitPrompt()
                shell.run("echo ok")
                shell.quit()
                shell.screen.unsupported.shouldBeEmpty()
            }
        }
    }
})

/** Time for the prompt to return after Ctrl+C or SIGINT cancels a cooperative command. */
private val PROMPT_AFTER_CANCEL = 2.seconds

/** Ctrl+C presses closer than the 200 ms grace period fold into one; this is safely apart on a busy machine. */
private val PRESS_SPACING = 900.milliseconds

/** A person hammering Ctrl+C: one press every 0.3 s. */
private val HAMMER_SPACING = 300.milliseconds

/** The fold window before presses were tied to their command: a press within it of the last one was swallowed. */
private val FOLD_WINDOW_BEFORE = 500.milliseconds

/** How often a sequence whose timing the machine's load spoiled is tried again. */
private const val MAX_ATTEMPTS = 5

/** Part of the notice the 2nd Ctrl+C on a stuck command prints. */
private const val NOTICE = "Ctrl+C again"

/**
 * The demos under test: the Kotlin shell (started without arguments, the default) and its Java
 * twin on the blocking API.
 */
private val DEMOS = listOf("shell", "java-shell")

/** Starts [demo], waits for its first prompt and raw mode, runs [block], always closes. */
private fun demoShell(demo: String, block: (PtyShell) -> Unit) {
    val shell = if (demo == "shell") PtyShell.coterm() else PtyShell.coterm(demo)
    shell.drive {
        shell.awaitPrompt(PtyShell.START_TIMEOUT)
        shell.awaitRawMode()
        block(shell)
    }
}

/**
 * The sleep that checks for a "done" it must not print use: short, so that the check can fail
 * within the test, and long enough that Ctrl+C reaches it while it runs on a busy machine.
 */
private const val SHORT_SLEEP = "sleep 2"

/** When a "done" from [SHORT_SLEEP] would be on the screen at the latest, from its start. */
private val SHORT_SLEEP_OVER = 3.seconds

/** Starts [SHORT_SLEEP] as [startCommand] does; returns when it was typed. */
private fun PtyShell.startShortSleep(): TimeSource.Monotonic.ValueTimeMark {
    val typed = TimeSource.Monotonic.markNow()
    startCommand(SHORT_SLEEP)
    return typed
}

/** Waits until [SHORT_SLEEP], typed at [started], would have ended and printed "done", then checks it did not. */
private fun PtyShell.assertNoDoneAfterShortSleep(started: TimeSource.Monotonic.ValueTimeMark) {
    val left = SHORT_SLEEP_OVER - started.elapsedNow()
    if (left.isPositive()) Thread.sleep(left.inWholeMilliseconds)
    withClue("no \"done\" from the cancelled $SHORT_SLEEP, ${started.elapsedNow()} after it was typed") {
        screen.snapshot().hasLine("done") shouldBe false
    }
}

/** Types `quit` and checks the exit status 0 and the restored terminal. */
private fun PtyShell.quit() {
    typeLine("quit")
    awaitExitWith(0)
}

/**
 * Types [line] and Enter and waits until the command is running: its line is above the cursor and
 * no prompt is showing. Then gives it a moment, so a Ctrl+C that follows finds it running rather
 * than racing its start.
 */
private fun PtyShell.startCommand(line: String) {
    typeLine(line)
    awaitScreen("\"$line\" to start") { shot -> !shot.atFreshPrompt && shot.commandLineIndex(line) != null }
    Thread.sleep(300)
}

/**
 * Waits until the command typed as [line] is running: the [count]th line holding it is above
 * the cursor and no prompt is showing. Unlike [startCommand], it does not then wait.
 */
private fun PtyShell.awaitRunning(line: String, count: Int) {
    awaitScreen("\"$line\" to start (line $count)") { shot ->
        !shot.atFreshPrompt && shot.allLines.count { it == "# $line" } == count
    }
}

private data class Repeated(val key: Key, val times: Int)

private operator fun Key.times(times: Int) = Repeated(this, times)

private data class EditCase(val name: String, val pieces: List<Any>, val line: String, val output: String)
