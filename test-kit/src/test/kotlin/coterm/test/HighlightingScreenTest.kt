// SPDX-License-Identifier: Apache-2.0
package coterm.test

import com.github.ajalt.mordant.rendering.TextColors
import com.github.ajalt.mordant.rendering.TextStyle
import com.github.ajalt.mordant.rendering.TextStyles
import coterm.console.ConsoleOptions
import coterm.console.Highlighter
import coterm.console.LineOptions
import coterm.console.StyledSpan
import coterm.input.KeyStroke
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.random.Random

/**
 * Highlighting seen on a screen: random text, random (overlapping, out-of-range) spans; the
 * virtual terminal must show exactly the text, each cell in its span's style, and nothing styled
 * after the line.
 */
class HighlightingScreenTest : FunSpec({
    val palette: List<Pair<TextStyle, CellStyle>> = listOf(
        TextStyles.bold.style to CellStyle(bold = true),
        TextColors.red to CellStyle(foreground = "31"),
        TextStyles.underline.style to CellStyle(underline = true),
        TextColors.blue.bg to CellStyle(background = "44"),
        (TextColors.green + TextStyles.bold) to CellStyle(bold = true, foreground = "32"),
    )
    val chars = "abc xyz~!界字"

    /** The style the span rule gives index [i]: of the spans holding it (clipped), the one starting first, the earlier given on a tie. */
    fun expected(i: Int, spans: List<Pair<StyledSpan, CellStyle>>, length: Int): CellStyle =
        spans.filter { (s, _) -> maxOf(s.start, 0) <= i && i < minOf(s.end, length) }
            .minByOrNull { (s, _) -> maxOf(s.start, 0) }?.second ?: CellStyle.PLAIN

    test("random text and random spans: the screen shows the text, each cell in its span's style") {
        val width = 20
        VirtualConsole.open(width, 10, ConsoleOptions(color = true)).use { vc ->
            val random = Random(20261203)
            repeat(30) { case ->
                val text = String(CharArray(random.nextInt(1, 60)) { chars[random.nextInt(chars.length)] })
                val spans = List(random.nextInt(0, 6)) {
                    val (style, cell) = palette[random.nextInt(palette.size)]
                    StyledSpan(random.nextInt(-3, text.length + 3), random.nextInt(-3, text.length + 3), style) to cell
                }
                val highlighter = Highlighter { spans.map { it.first } }
                val line = vc.launch { vc.console.readLine("> ", LineOptions(highlighter = highlighter)) }
                vc.awaitPrompt("> ")
                vc.paste(text)
                vc.press(KeyStroke.ctrl('l'))
                val screen = vc.awaitSettled()
                withClue("case $case: '$text' with ${spans.map { "${it.first.start}..${it.first.end}=${it.second}" }}\n${screen.render()}") {
                    var row = 0
                    var col = 2
                    val rows = mutableListOf(StringBuilder("> "))
                    for ((i, c) in text.withIndex()) {
                        val w = if (c.code >= 0x1100) 2 else 1
                        if (col + w > width) {
                            row++
                            col = 0
                            rows.add(StringBuilder())
                        }
                        withClue("char $i '$c' at $row,$col") { screen.styleAt(row, col) shouldBe expected(i, spans, text.length) }
                        rows.last().append(c)
                        col += w
                    }
                    for (c in col until width) screen.styleAt(row, c) shouldBe CellStyle.PLAIN
                    screen.lines.take(rows.size) shouldBe rows.map { it.toString().trimEnd() }
                }
                vc.type("\r")
                runBlocking { withTimeout(5_000) { line.await() } } shouldBe text
                vc.console.println("after")
                vc.awaitRow("after").styleOf("after") shouldBe CellStyle.PLAIN
            }
        }
    }
})
