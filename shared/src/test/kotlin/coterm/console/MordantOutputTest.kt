package coterm.console

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextStyles
import coterm.testing.FakeTerminal
import coterm.testing.keys
import coterm.testing.stripCsi
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
