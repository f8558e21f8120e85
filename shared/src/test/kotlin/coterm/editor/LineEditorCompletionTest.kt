// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

private val tab = InputEvent.Key(KeyCode.Tab)
private fun LineEditor.type(text: String) = text.codePoints().forEach { handle(InputEvent.Key(KeyCode.Char(it))) }

/** Tab: the request the editor makes, and what it does with the answer. */
class LineEditorCompletionTest : FunSpec({
    val names = listOf("help", "history", "hist", "quit").map(::Candidate)

    fun LineEditor.tab(candidates: List<Candidate>): EditResult {
        val request = handle(tab).shouldBeInstanceOf<EditResult.Complete>().request
        return complete(request, candidates)
    }

    test("the request names the word before the cursor and its place on the line") {
        val editor = LineEditor(completion = true)
        editor.type("run git st")
        val request = editor.handle(tab).shouldBeInstanceOf<EditResult.Complete>().request
        request.word shouldBe "st"
        request.wordIndex shouldBe 2
        request.previousWords shouldBe listOf("run", "git")
        request.wordStart shouldBe 8
    }

    data class Case(val typed: String, val after: String, val result: EditResult)
    context("one Tab") {
        withData(
            nameFn = { "'${it.typed}' -> '${it.after}'" },
            listOf(
                Case("q", "quit |", EditResult.Editing(changed = true)),
                Case("he", "help |", EditResult.Editing(changed = true)),
                Case("h", "h|", EditResult.Editing(changed = false)),
                Case("hi", "hist|", EditResult.Editing(changed = true)),
                Case("x", "x|", EditResult.Editing(changed = false)),
            ),
        ) { case ->
            val editor = LineEditor(completion = true)
            editor.type(case.typed)
            editor.tab(names) shouldBe case.result
            show(editor.buffer) shouldBe case.after
        }
    }

    test("a second Tab that cannot complete further lists the candidates") {
        val editor = LineEditor(completion = true)
        editor.type("hi")
        editor.tab(names)
        show(editor.buffer) shouldBe "hist|"
        editor.tab(names) shouldBe EditResult.ShowCandidates(listOf(Candidate("history"), Candidate("hist")))
    }

    test("a first Tab that cannot complete only lists after another Tab") {
        val editor = LineEditor(completion = true)
        editor.type("h")
        editor.tab(names) shouldBe EditResult.Editing(changed = false)
        editor.tab(names).shouldBeInstanceOf<EditResult.ShowCandidates>().candidates.map { it.value } shouldBe
            listOf("help", "history", "hist")
    }

    test("a key between two Tabs starts over") {
        val editor = LineEditor(completion = true)
        editor.type("h")
        editor.tab(names)
        editor.handle(InputEvent.Key(KeyCode.Left))
        editor.handle(InputEvent.Key(KeyCode.Right))
        editor.tab(names) shouldBe EditResult.Editing(changed = false)
    }

    test("an incomplete candidate gets no space; the completion is in the middle of the line") {
        val editor = LineEditor(completion = true)
        editor.type("cd sr tail")
        repeat(5) { editor.handle(InputEvent.Key(KeyCode.Left)) }
        editor.tab(listOf(Candidate("src/", complete = false)))
        show(editor.buffer) shouldBe "cd src/| tail"
    }

    test("an answer for a line that changed meanwhile is ignored") {
        val editor = LineEditor(completion = true)
        editor.type("he")
        val request = editor.handle(tab).shouldBeInstanceOf<EditResult.Complete>().request
        editor.type("l")
        editor.complete(request, names) shouldBe EditResult.Editing(changed = false)
        show(editor.buffer) shouldBe "hel|"
    }

    test("a completion is one undo step") {
        val editor = LineEditor(completion = true)
        editor.type("q")
        editor.tab(names)
        editor.handle(InputEvent.Key(KeyCode.Char('_'.code), coterm.input.Modifiers.Ctrl))
        show(editor.buffer) shouldBe "q|"
    }
})
