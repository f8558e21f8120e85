// SPDX-License-Identifier: Apache-2.0
package coterm.text

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll

private const val ESC = "\u001b"

class DisplayTextTest : FunSpec({
    data class Shown(val codePoint: Int, val visible: String, val width: Int)

    context("visible form and width of one code point") {
        withData(
            nameFn = { "U+%04X as '%s'".format(it.codePoint, it.visible) },
            ts = listOf(
                Shown(0x00, "^@", 2),
                Shown(0x01, "^A", 2),
                Shown(0x03, "^C", 2),
                Shown(0x09, "^I", 2),
                Shown(0x0A, "^J", 2),
                Shown(0x0D, "^M", 2),
                Shown(0x1B, "^[", 2),
                Shown(0x1F, "^_", 2),
                Shown(0x7F, "^?", 2),
                Shown(0x80, "<U+0080>", 8),
                Shown(0x85, "<U+0085>", 8),
                Shown(0x9F, "<U+009F>", 8),
                Shown('a'.code, "a", 1),
                Shown(' '.code, " ", 1),
                Shown(0xA0, "\u00a0", 1),
                Shown(0x4E2D, "中", 2),
                Shown(0x1F600, "😀", 2),
                Shown(0x301, "\u0301", 0),
            ),
        ) { s ->
            DisplayText.of(s.codePoint) shouldBe s.visible
            shownWidth(s.codePoint) shouldBe s.width
        }
    }

    context("sanitize") {
        withData(
            mapOf(
                "plain text is unchanged" to ("hello, 世界 😀" to "hello, 世界 😀"),
                "tab and newline" to ("a\tb\nc" to "a^Ib^Jc"),
                "an escape sequence cannot reach the terminal" to ("$ESC[2J" to "^[[2J"),
                "DEL and C1" to ("x\u007fy\u0085" to "x^?y<U+0085>"),
                "empty" to ("" to ""),
            ),
        ) { (text, expected) -> DisplayText.sanitize(text) shouldBe expected }
    }

    context("width of a styled prompt") {
        withData(
            mapOf(
                "plain" to ("> " to 2),
                "empty" to ("" to 0),
                "bold green SGR" to ("$ESC[1;32m> $ESC[0m" to 2),
                "truecolour SGR around CJK" to ("$ESC[38;2;255;0;0m中文$ESC[39m\$ " to 6),
                "SGR with no parameters" to ("$ESC[m>" to 1),
                "emoji prompt" to ("😀 " to 3),
                "other CSI (erase line)" to ("$ESC[K> " to 2),
                "OSC 8 hyperlink ended by ST" to ("$ESC]8;;https://example.com$ESC\\link$ESC]8;;$ESC\\> " to 6),
                "OSC window title ended by BEL" to ("$ESC]0;my title\u0007$ " to 2),
                "bare control characters take no cells" to ("\u0007> " to 2),
            ),
        ) { (prompt, width) -> DisplayText.widthOfStyled(prompt) shouldBe width }
    }

    val pieces = listOf("a", " ", "中", "😀", "\u0301", "\u0003", "\u001b", "\u007f", "\u0085", "é")

    test("the width of sanitized text is the sum of the code points' widths") {
        checkAll(500, Arb.list(Arb.element(pieces), 0..20)) { parts ->
            val text = parts.joinToString("")
            DisplayText.widthOfStyled(DisplayText.sanitize(text)) shouldBe text.codePoints().map(::shownWidth).sum()
        }
    }

    test("SGR styling does not change the width") {
        val styles = listOf("$ESC[1m", "$ESC[0m", "$ESC[38;5;208m", "$ESC[4;31m", "")
        checkAll(500, Arb.list(Arb.element(pieces.take(5)), 0..10), Arb.list(Arb.element(styles), 10..10)) { parts, sgr ->
            val plain = parts.joinToString("")
            val styled = parts.mapIndexed { i, p -> sgr[i % sgr.size] + p }.joinToString("") + sgr.last()
            DisplayText.widthOfStyled(styled) shouldBe DisplayText.widthOfStyled(plain)
        }
    }
})

/** The cells the visible form of [codePoint] takes on a terminal. */
internal fun shownWidth(codePoint: Int): Int = DisplayText.widthOfStyled(DisplayText.of(codePoint))
