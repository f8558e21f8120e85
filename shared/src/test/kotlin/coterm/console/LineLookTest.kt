// SPDX-License-Identifier: Apache-2.0
package coterm.console

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextColors
import com.github.ajalt.mordant.rendering.TextStyle
import com.github.ajalt.mordant.rendering.TextStyles
import coterm.render.StyleCodes
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class LineLookTest : FunSpec({
    test("a highlighter that throws leaves the line plain") {
        LineLook(Highlighter { error("bug") }, AnsiLevel.ANSI16).styles("echo") shouldBe null
    }

    test("spans out of range are clipped, not a crash") {
        val styles = LineLook(Highlighter { listOf(StyledSpan(-10, 2, TextColors.red), StyledSpan(3, 99, TextColors.red), StyledSpan(5, 1, TextColors.red)) }, AnsiLevel.ANSI16)
            .styles("abcd")!!
        (0 until styles.size).map { styles.start(it) to styles.end(it) } shouldBe listOf(0 to 2, 3 to 4)
    }

    test("input over the budget is not given to the highlighter") {
        var calls = 0
        val look = LineLook(Highlighter { calls++; emptyList() }, AnsiLevel.ANSI16)
        look.styles("x".repeat(Highlighter.MAX_LENGTH + 1)) shouldBe null
        look.styles("x".repeat(Highlighter.MAX_LENGTH))
        calls shouldBe 1
    }

    test("without colour nothing is styled and no ghost is drawn") {
        var calls = 0
        val look = LineLook(Highlighter { calls++; listOf(StyledSpan(0, 1, TextColors.red)) }, AnsiLevel.NONE)
        look.styles("abc") shouldBe null
        look.ghost("rest") shouldBe null
        look.styled shouldBe false
        calls shouldBe 0
        LineLook(null, AnsiLevel.ANSI16).ghost("rest")!!.text shouldBe "rest"
    }

    test("each span gets its style's code, over many redraws, whether styles come as the same objects or as equal new ones") {
        // More styles than the looks-up by identity keep, some the same objects every time, some made anew.
        val constant = listOf<TextStyle>(TextColors.red, TextColors.yellow, TextStyles.bold.style, TextColors.blue, TextColors.green)
        val made = listOf({ TextColors.rgb("#102030") }, { TextColors.cyan + TextStyles.bold }, { TextColors.magenta.bg }, { TextStyles.underline.style + TextColors.red })
        val look = LineLook(Highlighter { text ->
            text.indices.map { i ->
                val k = text[i] - 'a'
                StyledSpan(i, i + 1, if (k < constant.size) constant[k] else made[(k - constant.size) % made.size]())
            }
        }, AnsiLevel.TRUECOLOR)
        val lines = listOf("abcdefghi", "ihgfedcba", "aaaiiiabc", "ghighiabc", "edcbaghi")
        repeat(3) {
            for (line in lines) {
                val styles = look.styles(line)!!
                (0 until styles.size).map { styles.code(it) } shouldBe line.map { c ->
                    val k = c - 'a'
                    StyleCodes.of(if (k < constant.size) constant[k] else made[(k - constant.size) % made.size](), AnsiLevel.TRUECOLOR)
                }
            }
        }
    }
})
