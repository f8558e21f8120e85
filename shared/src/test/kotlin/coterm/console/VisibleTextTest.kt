// SPDX-License-Identifier: Apache-2.0
package coterm.console

import io.kotest.core.spec.style.FunSpec
import io.kotest.assertions.withClue
import io.kotest.matchers.shouldBe

class VisibleTextTest : FunSpec({
    test("control characters from the user are shown, never written raw") {
        listOf(
            Pair("plain text, é 中 😀", "plain text, é 中 😀"),
            Pair("\u001b]0;pwned\u0007", "^[]0;pwned^G"),
            Pair("\u001b]52;c;aGk=\u0007", "^[]52;c;aGk=^G"),
            Pair("\u001b[2J\u001b[H", "^[[2J^[[H"),
            Pair("a\rb\u0008c\u007f", "a^Mb^Hc^?"),
            Pair("\u009b2J\u0000", "<U+009B>2J^@"),
            Pair("two\nlines\tand a tab", "two\nlines\tand a tab"),
            Pair("\u0001\u0002a\u001b", "^A^Ba^["),
            Pair("", ""),
        ).forEach { (input, shown) ->
            withClue(shown) { VisibleText.of(input) shouldBe shown }
        }
    }

    test("text with nothing to show differently comes back as it is, however long") {
        val pasted = "x".repeat(100_000)
        (VisibleText.of(pasted) === pasted) shouldBe true
        VisibleText.of(pasted + "\u0007") shouldBe pasted + "^G"
    }
})
