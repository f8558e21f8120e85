// SPDX-License-Identifier: Apache-2.0
package coterm.console

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextColors
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
})
