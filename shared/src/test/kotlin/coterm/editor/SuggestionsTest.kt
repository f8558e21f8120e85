// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = InputEvent.Key(code, modifiers)
private fun ctrl(c: Char) = InputEvent.Key(KeyCode.Char(c.code), Modifiers.Ctrl)
private fun alt(c: Char) = InputEvent.Key(KeyCode.Char(c.code), Modifiers.Alt)

class SuggestionsTest : FunSpec({
    fun historyOf(vararg lines: String) = History(ignoreDuplicates = false).apply { addOlder(lines.toList()) }

    fun editorWith(vararg lines: String, source: SuggestionSource = SuggestionSource.History) =
        LineEditor(history = historyOf(*lines), suggestions = source)

    fun LineEditor.type(text: String) {
        typeText(text)
    }

    test("the rest of the newest entry the input starts") {
        val editor = editorWith("git status", "git commit -m first", "ls")
        editor.suggestion shouldBe null
        editor.type("g")
        editor.suggestion shouldBe "it commit -m first"
        editor.type("it s")
        editor.suggestion shouldBe "tatus"
        editor.buffer.text shouldBe "git s"
    }

    test("no suggestion from an entry equal to the input, nor for empty input") {
        val editor = editorWith("make", "make test")
        editor.type("make test")
        editor.suggestion shouldBe null
        editor.handle(key(KeyCode.Backspace))
        editor.suggestion shouldBe "t"
    }

    test("typing the suggested characters keeps it; typing others hides or changes it") {
        val editor = editorWith("echo hello", "echo world")
        editor.type("echo ")
        editor.suggestion shouldBe "world"
        editor.type("w")
        editor.suggestion shouldBe "orld"
        editor.type("x")
        editor.suggestion shouldBe null
        editor.handle(key(KeyCode.Backspace))
        editor.handle(key(KeyCode.Backspace))
        editor.type("h")
        editor.suggestion shouldBe "ello"
    }

    test("typing key by key follows it too") {
        val editor = editorWith("deploy now")
        for (c in "dep") editor.handle(InputEvent.Key(KeyCode.Char(c.code)))
        editor.suggestion shouldBe "loy now"
    }

    test("Right, End and Ctrl+E at the end accept all of it as one undo step") {
        for (accept in listOf(key(KeyCode.Right), key(KeyCode.End), ctrl('e'))) {
            val editor = editorWith("cargo build --release")
            editor.type("car")
            editor.handle(accept) shouldBe EditResult.Editing(changed = true)
            editor.buffer.text shouldBe "cargo build --release"
            editor.buffer.cursor shouldBe editor.buffer.length
            editor.suggestion shouldBe null
            editor.handle(ctrl('_'))
            editor.buffer.text shouldBe "car"
            editor.suggestion shouldBe "go build --release"
        }
    }

    test("Alt+F at the end accepts one word") {
        val editor = editorWith("git commit --amend")
        editor.type("gi")
        editor.handle(alt('f'))
        editor.buffer.text shouldBe "git"
        editor.suggestion shouldBe " commit --amend"
        editor.handle(alt('f'))
        editor.buffer.text shouldBe "git commit"
        editor.handle(alt('f'))
        editor.buffer.text shouldBe "git commit --amend"
        editor.suggestion shouldBe null
    }

    test("nothing is suggested or accepted away from the end; Right moves as always") {
        val editor = editorWith("abcdef")
        editor.type("abc")
        editor.handle(key(KeyCode.Left))
        editor.suggestion shouldBe null
        editor.handle(key(KeyCode.Right))
        editor.buffer.text shouldBe "abc"
        editor.buffer.cursor shouldBe 3
        editor.suggestion shouldBe "def"
    }

    test("Enter submits the input only") {
        val editor = editorWith("rm -rf build")
        editor.type("rm")
        editor.suggestion shouldBe " -rf build"
        editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Submitted("rm")
    }

    test("a multi-line entry is suggested whole; accepting takes all of it") {
        val editor = editorWith("for x in 1 2\ndo echo \$x\ndone")
        editor.type("for")
        editor.suggestion shouldBe " x in 1 2\ndo echo \$x\ndone"
        editor.handle(key(KeyCode.End))
        editor.buffer.text shouldBe "for x in 1 2\ndo echo \$x\ndone"
    }

    test("no suggestion during an incremental search") {
        val editor = editorWith("alpha", "beta")
        editor.type("al")
        editor.handle(ctrl('r'))
        editor.suggestion shouldBe null
    }

    test("a custom source is asked, and one that throws gives none") {
        val asked = ArrayList<String>()
        val editor = LineEditor(suggestions = SuggestionSource { text -> asked.add(text); if (text == "x") "yz" else null })
        editor.type("x")
        editor.suggestion shouldBe "yz"
        editor.type("y")
        editor.suggestion shouldBe "z"
        asked shouldBe listOf("x")
        val failing = LineEditor(suggestions = SuggestionSource { error("no") })
        failing.type("a")
        failing.suggestion shouldBe null
    }

    test("100k entries: typing on costs no scan per key") {
        val history = History(maxEntries = 200_000, ignoreDuplicates = false)
        history.addOlder(List(100_000) { "command number $it with arguments" })
        val buffer = LineBuffer()
        val suggestions = Suggestions(SuggestionSource.History, history)
        fun type(t: String) {
            val before = buffer.edits
            buffer.insert(t)
            buffer.edits shouldBe before + 1
            suggestions.typed(buffer, t)
            suggestions.current(buffer)
        }
        type("c")
        suggestions.current(buffer) shouldBe "ommand number 99999 with arguments"
        for (c in "ommand number 99999 with argu") type(c.toString())
        suggestions.current(buffer) shouldBe "ments"
        // Leaving every entry: one scan, then none while typing goes on.
        for (c in "zzzzzzzzzzzzzzzzzzzzzzzzzzzz") type(c.toString())
        suggestions.current(buffer) shouldBe null
        suggestions.scans shouldBeLessThanOrEqual 2
    }
})
