// SPDX-License-Identifier: Apache-2.0
package coterm.render

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextColors
import com.github.ajalt.mordant.rendering.TextStyles
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll

private const val BOLD = "\u001b[1m"
private const val RED = "\u001b[31m"
private const val RESET = "\u001b[0m"
private val SGR = Regex("\u001b\\[[0-9;]*m")

/** What [row] writes, SGR codes taken out: the text and the cells do not depend on styles. */
private fun plainOf(row: ScreenRow): String = StringBuilder().also { row.appendBody(it) }.toString().replace(SGR, "")

/** The SGR code in force at each body index of what [row] writes ("" for the default). */
private fun codesOf(row: ScreenRow): List<String> {
    val out = StringBuilder().also { row.appendBody(it) }.toString()
    val codes = ArrayList<String>()
    var code = ""
    var i = 0
    while (i < out.length) {
        val m = SGR.matchAt(out, i)
        if (m != null) {
            code = if (m.value == RESET) "" else m.value
            i += m.value.length
        } else {
            codes.add(code)
            i++
        }
    }
    return codes
}

class StyledRowTest : FunSpec({
    test("styles never change a row's body or cells") {
        val chars = listOf("a", "b", " ", "\u0001", "\t", "界", "😀", "e\u0301", "\n", "~")
        val arb = arbitrary { rs ->
            val text = (0 until rs.random.nextInt(0, 60)).joinToString("") { chars[rs.random.nextInt(chars.size)] }
            val builder = LineStyles.Builder(text.length)
            repeat(rs.random.nextInt(0, 6)) {
                val a = rs.random.nextInt(-3, text.length + 4)
                val b = rs.random.nextInt(-3, text.length + 4)
                builder.add(a, b, if (rs.random.nextBoolean()) BOLD else RED)
            }
            Triple(text, builder.build(), rs.random.nextInt(4, 20))
        }
        checkAll(300, arb) { (text, styles, width) ->
            val layout = LineLayout("> ", ".. ", width)
            layout.update("> ", text)
            for (r in 0 until layout.rowCount) {
                val plain = layout.row(r)
                val styled = layout.row(r, styles)
                styled.body shouldBe plain.body
                styled.cells shouldBe plain.cells
                plainOf(styled) shouldBe plain.body
                val written = StringBuilder().also { styled.appendBody(it) }.toString()
                // The row ends in the default style: the last code written is the reset.
                SGR.findAll(written).lastOrNull()?.value?.let { it shouldBe RESET }
            }
        }
    }

    test("each character takes its span's style; a caret form takes its character's") {
        val text = "ab\u0001cd"
        val layout = LineLayout("", "", 20)
        layout.update("", text)
        val styles = LineStyles.Builder(text.length).add(1, 3, RED).build()
        val row = layout.row(0, styles)
        row.body shouldBe "ab^Acd"
        codesOf(row) shouldBe listOf("", RED, RED, RED, "", "")
    }

    test("spans out of the text are clipped and overlaps go to the span that starts first") {
        val styles = LineStyles.Builder(10).add(-5, 3, BOLD).add(2, 6, RED).add(8, 50, BOLD).add(4, 4, RED).add(1, 2, RED).build()!!
        (0 until styles.size).map { Triple(styles.start(it), styles.end(it), styles.code(it)) } shouldBe
            listOf(Triple(0, 3, BOLD), Triple(3, 6, RED), Triple(8, 10, BOLD))
        LineStyles.Builder(3).add(5, 9, RED).add(2, 1, RED).build() shouldBe null
    }

    test("a row whose style changed differs from the first cell whose style changed") {
        val shown = ScreenRow("> ", 2, "echo hello", 12, StyleRuns(intArrayOf(0), intArrayOf(4), arrayOf(RED)))
        val bold = ScreenRow("> ", 2, "echo hello", 12, StyleRuns(intArrayOf(0), intArrayOf(4), arrayOf(BOLD)))
        bold.firstChange(shown) shouldBe 0
        val longer = ScreenRow("> ", 2, "echo hello", 12, StyleRuns(intArrayOf(0, 5), intArrayOf(4, 10), arrayOf(RED, BOLD)))
        longer.firstChange(shown) shouldBe 5
        val plain = ScreenRow("> ", 2, "echo hello", 12)
        plain.firstChange(shown) shouldBe 0
        shown.firstChange(ScreenRow("> ", 2, "echo hello", 12, StyleRuns(intArrayOf(0), intArrayOf(4), arrayOf(RED)))) shouldBe ScreenRow.UNCHANGED
    }

    test("the display rewrites a restyled row from the first changed cell only, and ends it in the default style") {
        val display = LineDisplay(40, 10)
        val layout = LineLayout("> ", "", 40)
        layout.update("> ", "echo hello")
        val first = StringBuilder()
        display.render(first, layout, null, 0, 0, 12, LineStyles.Builder(10).add(0, 4, RED).build())
        first.toString() shouldBe "\r\u001b[J> ${RED}echo$RESET hello"
        val second = StringBuilder()
        display.render(second, layout, null, 0, 0, 12, LineStyles.Builder(10).add(0, 4, RED).add(5, 10, BOLD).build())
        // From "hello" (column 7): back 5 cells, the styled word, the reset; nothing before it.
        second.toString() shouldBe "\u001b[5D${BOLD}hello$RESET"
        val third = StringBuilder()
        display.render(third, layout, null, 0, 0, 12, null)
        third.toString() shouldBe "\u001b[10Decho hello"
    }

    test("a ghost is drawn dim after the text on the last row, cut before the last cell, and erased") {
        val display = LineDisplay(12, 5)
        val layout = LineLayout("> ", "", 12)
        layout.update("> ", "ab")
        val out = StringBuilder()
        display.render(out, layout, null, 0, 0, 4, null, Ghost("cdefghijklmnop\nmore", StyleCodes.DIM))
        // 12 columns: "> ab" takes 4, the ghost 7 (the last cell stays free); the cursor goes back after "ab".
        out.toString() shouldBe "\r\u001b[J> ab${StyleCodes.DIM}cdefghi$RESET\u001b[7D"
        val erase = StringBuilder()
        display.render(erase, layout, null, 0, 0, 4, null, null)
        erase.toString() shouldBe "\u001b[K"
    }

    test("a ghost stops at a control character and shows nothing of a later line") {
        Ghost("abc\tdef", StyleCodes.DIM).text shouldBe "abc"
        Ghost("one\ntwo", StyleCodes.DIM).text shouldBe "one"
        val row = Ghost("界界界", StyleCodes.DIM).after(ScreenRow("", 0, "abcdef", 6), 10)
        // 3 cells left but the last: one wide character fits, not two.
        row.body shouldBe "abcdef界"
        row.cells shouldBe 8
        Ghost("x", StyleCodes.DIM).after(ScreenRow("", 0, "abcdefghi", 9), 10).body shouldBe "abcdefghi"
    }

    test("SGR codes follow the colour level") {
        StyleCodes.of(TextColors.red, AnsiLevel.NONE) shouldBe ""
        StyleCodes.of(TextColors.red, AnsiLevel.ANSI16) shouldBe "\u001b[31m"
        StyleCodes.of(TextStyles.bold.style + TextColors.blue.bg, AnsiLevel.ANSI16) shouldBe "\u001b[1;44m"
        StyleCodes.of(TextColors.rgb("#ff0000"), AnsiLevel.TRUECOLOR) shouldBe "\u001b[38;2;255;0;0m"
        StyleCodes.of(TextColors.rgb("#ff0000"), AnsiLevel.ANSI256) shouldBe "\u001b[38;5;196m"
        StyleCodes.of(TextColors.rgb("#ff0000"), AnsiLevel.ANSI16).shouldNotContain("38;")
        StyleCodes.of(TextStyles.dim.style, AnsiLevel.ANSI16) shouldBe StyleCodes.DIM
    }
})
