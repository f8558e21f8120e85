// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = InputEvent.Key(code, modifiers)
private fun char(c: Char) = key(KeyCode.Char(c.code))
private val tab = key(KeyCode.Tab)
private val shiftTab = key(KeyCode.Tab, Modifiers.Shift)
private val enter = key(KeyCode.Enter)
private val escape = key(KeyCode.Escape)

/** The completion menu in the line editor: moves, the preview in the line, and how it closes. */
class CompletionMenuTest : FunSpec({
    val names = listOf("help", "history", "hist", "quit").map(::Candidate)

    /** An editor with [typed] in it and the menu open over the candidates that match, as two Tabs open it. */
    fun menuOver(typed: String, candidates: List<Candidate> = names, maxLength: Int = Int.MAX_VALUE, left: Int = 0): LineEditor {
        val editor = LineEditor(completion = true, maxLength = maxLength)
        typed.forEach { editor.handle(char(it)) }
        repeat(left) { editor.handle(key(KeyCode.Left)) }
        repeat(2) {
            val request = editor.handle(tab).shouldBeInstanceOf<EditResult.Complete>().request
            val result = editor.complete(request, candidates)
            if (result is EditResult.ShowCandidates) editor.openMenu(result.candidates)
        }
        editor.menu.shouldNotBeNull()
        return editor
    }

    test("the second Tab opens the menu without changing the line; Tab, Shift+Tab and the arrows move and wrap, the line showing the selection") {
        val editor = menuOver("echo h")
        val menu = editor.menu!!
        menu.items.map { it.value } shouldContainExactly listOf("help", "history", "hist")
        menu.selected shouldBe -1
        show(editor.buffer) shouldBe "echo h|"
        editor.handle(tab) shouldBe EditResult.Editing(changed = true)
        show(editor.buffer) shouldBe "echo help|"
        editor.handle(tab)
        editor.handle(key(KeyCode.Down))
        show(editor.buffer) shouldBe "echo hist|"
        editor.handle(tab)
        menu.selected shouldBe 0
        show(editor.buffer) shouldBe "echo help|"
        editor.handle(shiftTab)
        show(editor.buffer) shouldBe "echo hist|"
        editor.handle(key(KeyCode.Left))
        editor.handle(key(KeyCode.Up))
        show(editor.buffer) shouldBe "echo help|"
        editor.handle(key(KeyCode.Right))
        show(editor.buffer) shouldBe "echo history|"
    }

    test("the text after the cursor stays while the selection moves, and Escape puts the line back exactly") {
        val editor = menuOver("echo h tail", left = 5)
        editor.handle(tab)
        editor.handle(tab)
        show(editor.buffer) shouldBe "echo history| tail"
        editor.handle(escape) shouldBe EditResult.Editing(changed = true)
        editor.menu.shouldBeNull()
        show(editor.buffer) shouldBe "echo h| tail"
    }

    test("Ctrl+G restores too") {
        val editor = menuOver("h")
        editor.handle(tab)
        editor.handle(key(KeyCode.Char('g'.code), Modifiers.Ctrl))
        editor.menu.shouldBeNull()
        show(editor.buffer) shouldBe "h|"
    }

    test("Enter keeps the selection and a space after a complete candidate, without submitting; undo puts the word back") {
        val candidates = listOf(Candidate("src/", complete = false), Candidate("src.txt"))
        val editor = menuOver("cat s", candidates)
        editor.handle(tab)
        editor.handle(enter) shouldBe EditResult.Editing(changed = true)
        editor.menu.shouldBeNull()
        show(editor.buffer) shouldBe "cat src/|"
        // The first Tab completed the common prefix: undo takes back one completion at a time.
        editor.handle(key(KeyCode.Char('_'.code), Modifiers.Ctrl))
        show(editor.buffer) shouldBe "cat src|"
        editor.handle(key(KeyCode.Char('_'.code), Modifiers.Ctrl))
        show(editor.buffer) shouldBe "cat s|"

        val again = menuOver("cat s", candidates)
        again.handle(shiftTab)
        again.handle(enter)
        show(again.buffer) shouldBe "cat src.txt |"
        // Enter now submits: the menu is closed.
        again.handle(enter) shouldBe EditResult.Submitted("cat src.txt ")
    }

    test("Enter with nothing selected closes the menu and leaves the line") {
        val editor = menuOver("h")
        editor.handle(enter) shouldBe EditResult.Editing(changed = true)
        editor.menu.shouldBeNull()
        show(editor.buffer) shouldBe "h|"
    }

    test("any other key keeps the selection, closes the menu and then does what it does") {
        val editor = menuOver("h")
        editor.handle(tab)
        editor.handle(char('x'))
        editor.menu.shouldBeNull()
        show(editor.buffer) shouldBe "help x|"
        // Typing goes on as usual, and undo takes back the typing, then the completion.
        editor.handle(char('y'))
        show(editor.buffer) shouldBe "help xy|"
        editor.handle(key(KeyCode.Char('_'.code), Modifiers.Ctrl))
        show(editor.buffer) shouldBe "help |"
        editor.handle(key(KeyCode.Char('_'.code), Modifiers.Ctrl))
        show(editor.buffer) shouldBe "h|"

        val home = menuOver("h")
        home.handle(tab)
        home.handle(key(KeyCode.Home))
        show(home.buffer) shouldBe "|help "
    }

    test("typed text in a burst goes to the menu key by key, not around it") {
        val editor = menuOver("h")
        editor.handle(tab)
        val typed = StringBuilder()
        editor.appendTyped(listOf(char('a')), 0, 1, typed) shouldBe 0
    }

    test("a paste keeps the selection and goes after it") {
        val editor = menuOver("h")
        editor.handle(tab)
        editor.handle(InputEvent.Paste("pasted"))
        editor.menu.shouldBeNull()
        show(editor.buffer) shouldBe "help pasted|"
    }

    test("Ctrl+C discards the line as always") {
        val editor = menuOver("h")
        editor.handle(tab)
        editor.handle(key(KeyCode.Char('c'.code), Modifiers.Ctrl)).shouldBeInstanceOf<EditResult.Interrupted>()
    }

    test("groups keep the candidates together in the order the groups first appear") {
        val grouped = listOf(
            Candidate("git", group = "programs"), Candidate("cd", group = "builtins"),
            Candidate("gcc", group = "programs"), Candidate("cat"),
        )
        val menu = CompletionMenu(grouped, coterm.editor.LineBuffer(), KeyMap.Default)
        menu.items.map { it.value } shouldContainExactly listOf("git", "gcc", "cd", "cat")
        menu.groups shouldContainExactly listOf(CandidateGroup("programs", 0, 2), CandidateGroup("builtins", 2, 3), CandidateGroup(null, 3, 4))
    }

    test("the preview never passes the line's limit") {
        val editor = menuOver("x h", maxLength = 6)
        editor.handle(tab)
        editor.handle(tab)
        show(editor.buffer) shouldBe "x hist|"
        editor.handle(enter)
        show(editor.buffer) shouldBe "x hist|"
    }
})
