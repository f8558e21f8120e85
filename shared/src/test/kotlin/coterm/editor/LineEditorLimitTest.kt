// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import io.kotest.core.spec.style.FunSpec
import io.kotest.assertions.withClue
import io.kotest.matchers.shouldBe

private fun typed(c: Char) = InputEvent.Key(KeyCode.Char(c.code))

/** The line limit: text past [LineEditor]'s maximum length is refused, the line stays editable. */
class LineEditorLimitTest : FunSpec({
    test("typed keys past the limit are refused and flagged; the line stays editable") {
        val editor = LineEditor(maxLength = 5)
        "abcdefg".forEach { editor.handle(typed(it)) }
        editor.buffer.text shouldBe "abcde"
        editor.overLimit shouldBe true
        editor.handle(typed('x')) shouldBe EditResult.Editing(changed = false)
        editor.handle(InputEvent.Key(KeyCode.Backspace)) shouldBe EditResult.Editing(changed = true)
        editor.handle(typed('Z')) shouldBe EditResult.Editing(changed = true)
        editor.handle(InputEvent.Key(KeyCode.Enter)) shouldBe EditResult.Submitted("abcdZ")
    }

    test("a paste is cut at the limit, never in the middle of a surrogate pair") {
        listOf(
            Triple("", "0123456789", "01234"),
            Triple("ab", "cdefgh", "abcde"),
            Triple("abcd", "😀😀", "abcd"),
            Triple("abc", "😀😀", "abc😀"),
            Triple("abcde", "more", "abcde"),
        ).forEach { (before, paste, expected) ->
            withClue("$before + $paste") {
                val editor = LineEditor(maxLength = 5)
                editor.handle(InputEvent.Paste(before))
                editor.handle(InputEvent.Paste(paste))
                editor.buffer.text shouldBe expected
                editor.overLimit shouldBe (before.length + paste.length > 5)
            }
        }
    }

    test("a 10 MB paste into the default-sized line keeps the first 1,000,000 chars") {
        val editor = LineEditor(maxLength = 1_000_000)
        val paste = "x".repeat(10 * 1024 * 1024)
        editor.handle(InputEvent.Paste(paste)) shouldBe EditResult.Editing(changed = true)
        editor.buffer.length shouldBe 1_000_000
        editor.overLimit shouldBe true
    }

    test("within the limit nothing is flagged") {
        val editor = LineEditor(maxLength = 5)
        editor.handle(InputEvent.Paste("abcde"))
        editor.overLimit shouldBe false
    }
})
