// SPDX-License-Identifier: Apache-2.0
package coterm.app

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextColors
import com.github.ajalt.mordant.rendering.TextStyles
import com.github.ajalt.mordant.terminal.Terminal
import com.github.ajalt.mordant.terminal.TerminalRecorder
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.filter
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll

/** The shell's prompt, styled without Mordant, is what Mordant would have written. */
class DemoShellTest : FunSpec({
    val levels = listOf(AnsiLevel.ANSI16, AnsiLevel.ANSI256, AnsiLevel.TRUECOLOR)

    fun mordant(level: AnsiLevel, width: Int, text: String): String =
        Terminal(terminalInterface = TerminalRecorder(ansiLevel = level, width = width)).render(TextColors.green(TextStyles.bold(text)))

    test("boldGreen is Mordant's bold green at every colour level, also for prompts wider than the terminal") {
        val prompts = listOf("# ", "demo> ", "", " ", "  a  b  ", "λ ", "日本語> ", "e\u0301> ", "👍 ", "x".repeat(200) + " ")
        for (level in levels) {
            for (width in listOf(80, 10)) {
                for (prompt in prompts) {
                    withClue("$level, width $width, \"$prompt\"") { DemoShell.boldGreen(prompt) shouldBe mordant(level, width, prompt) }
                }
            }
        }
    }

    test("boldGreen is Mordant's bold green for any prompt --prompt accepts") {
        checkAll(PropTestConfig(seed = 1, iterations = 2_000), Arb.string(0..30).filter { text -> text.none(Char::isISOControl) }) { prompt: String ->
            for (level in levels) {
                withClue("$level, \"$prompt\"") { DemoShell.boldGreen(prompt) shouldBe mordant(level, 80, prompt) }
            }
        }
    }

    test("styles follow the console's colour rules: --no-color, NO_COLOR, TERM=dumb, a pipe") {
        val term = mapOf("TERM" to "xterm-256color")
        DemoShell.stylesOutput(interactive = true, color = null, environment = term::get) shouldBe true
        DemoShell.stylesOutput(interactive = false, color = null, environment = term::get) shouldBe false
        DemoShell.stylesOutput(interactive = true, color = false, environment = term::get) shouldBe false
        DemoShell.stylesOutput(interactive = false, color = true, environment = term::get) shouldBe true
        DemoShell.stylesOutput(interactive = true, color = null, environment = (term + ("NO_COLOR" to ""))::get) shouldBe false
        DemoShell.stylesOutput(interactive = true, color = null, environment = mapOf("TERM" to "dumb")::get) shouldBe false
        DemoShell.stylesOutput(interactive = true, color = null, environment = { null }) shouldBe true
    }
})
