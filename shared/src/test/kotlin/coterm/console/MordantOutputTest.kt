// SPDX-License-Identifier: Apache-2.0
package coterm.console

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextColors
import com.github.ajalt.mordant.rendering.TextStyles
import coterm.testing.FakeTerminal
import coterm.testing.keys
import coterm.testing.stripCsi
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

class MordantOutputTest : FunSpec({
    data class Case(val name: String, val interactive: Boolean, val env: Map<String, String>, val level: AnsiLevel)

    context("colour level") {
        withData(
            nameFn = { it.name },
            ts = listOf(
                Case("not a terminal", false, mapOf("TERM" to "xterm-256color"), AnsiLevel.NONE),
                Case("NO_COLOR set, even empty", true, mapOf("TERM" to "xterm-256color", "NO_COLOR" to ""), AnsiLevel.NONE),
                Case("TERM=dumb", true, mapOf("TERM" to "dumb"), AnsiLevel.NONE),
                Case("COLORTERM=truecolor", true, mapOf("TERM" to "xterm", "COLORTERM" to "truecolor"), AnsiLevel.TRUECOLOR),
                Case("TERM=xterm-256color", true, mapOf("TERM" to "xterm-256color"), AnsiLevel.ANSI256),
                Case("TERM=xterm", true, mapOf("TERM" to "xterm"), AnsiLevel.ANSI16),
            ),
        ) { case ->
            MordantOutput.detectAnsiLevel(case.interactive) { case.env[it] } shouldBe case.level
        }
    }

    context("ConsoleOptions.color overrides the detection") {
        data class Forced(val name: String, val interactive: Boolean, val env: Map<String, String>, val color: Boolean, val level: AnsiLevel)
        withData(
            nameFn = { it.name },
            ts = listOf(
                Forced("off on a 256-colour terminal", true, mapOf("TERM" to "xterm-256color", "COLORTERM" to "truecolor"), false, AnsiLevel.NONE),
                Forced("on into a pipe", false, mapOf("TERM" to "xterm-256color"), true, AnsiLevel.ANSI256),
                Forced("on despite NO_COLOR", true, mapOf("TERM" to "xterm", "NO_COLOR" to "1"), true, AnsiLevel.ANSI16),
                Forced("on with TERM=dumb", true, mapOf("TERM" to "dumb"), true, AnsiLevel.ANSI16),
            ),
        ) { case ->
            MordantOutput.detectAnsiLevel(case.interactive, case.color) { case.env[it] } shouldBe case.level
        }
    }

    test("color = false: no style codes on an interactive terminal, the text intact") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal, options = ConsoleOptions(color = false))
            console.mordant.println(TextStyles.bold("plain") + " " + TextColors.red("text"))
            runCurrent()
            terminal.output shouldContain "plain text"
            Regex("\u001b\\[[0-9;]*m").containsMatchIn(terminal.output) shouldBe false
            console.close()
        }
    }

    test("color = true: style codes even into a pipe") {
        runTest {
            val terminal = FakeTerminal(isInteractive = false, isOutputTerminal = false)
            val console = virtualTimeConsole(terminal, options = ConsoleOptions(color = true))
            console.mordant.println(TextStyles.bold("loud"))
            runCurrent()
            Regex("\u001b\\[[0-9;]*m").containsMatchIn(terminal.output) shouldBe true
            stripCsi(terminal.output) shouldBe "loud\n"
            console.close()
        }
    }

    test("Mordant output goes above the prompt and the half-typed line is redrawn") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal)
            val line = async { console.readLine("# ") }
            console.inject(keys("hal"))
            runCurrent()
            terminal.clearOutput()
            console.mordant.println(TextStyles.bold("styled"))
            stripCsi(terminal.output) shouldContain "styled\r\n"
            stripCsi(terminal.output).substringAfter("styled") shouldContain "# hal"
            console.inject(keys("f\r"))
            line.await() shouldBe "half"
            console.close()
        }
    }

    test("without a terminal Mordant writes no escape codes") {
        runTest {
            val terminal = FakeTerminal(isInteractive = false, isOutputTerminal = false)
            val console = virtualTimeConsole(terminal)
            console.mordant.println(TextStyles.bold("plain"))
            terminal.output shouldBe "plain\n"
            terminal.output shouldNotContain "\u001b"
            console.close()
        }
    }
})
