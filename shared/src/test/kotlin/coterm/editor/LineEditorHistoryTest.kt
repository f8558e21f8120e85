// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = InputEvent.Key(code, modifiers)
private fun ch(c: Char, modifiers: Modifiers = Modifiers.None) = key(KeyCode.Char(c.code), modifiers)
private fun ctrl(c: Char) = ch(c, Modifiers.Ctrl)
private fun alt(c: Char) = ch(c, Modifiers.Alt)
private val up = key(KeyCode.Up)
private val down = key(KeyCode.Down)
private fun LineEditor.type(text: String) = text.codePoints().forEach { handle(key(KeyCode.Char(it))) }

private fun historyOf(vararg lines: String) = History().apply { lines.forEach { add(it) } }

/** Up/Down, Alt+< and Alt+>, and Ctrl+R / Ctrl+S over a [History]. */
class LineEditorHistoryTest : FunSpec({
    context("Up and Down") {
        test("walk back through the entries and forward to what was being typed") {
            val editor = LineEditor(history = historyOf("one", "two", "three"))
            editor.type("draft")
            editor.handle(up)
            show(editor.buffer) shouldBe "three|"
            editor.handle(up)
            editor.handle(up)
            show(editor.buffer) shouldBe "one|"
            editor.handle(up) shouldBe EditResult.Editing(changed = false)
            editor.handle(down)
            editor.handle(down)
            editor.handle(down)
            show(editor.buffer) shouldBe "draft|"
            editor.handle(down) shouldBe EditResult.Editing(changed = false)
        }

        test("an edited entry keeps its edit while the line is being written, and the history is untouched") {
            val history = historyOf("one", "two")
            val editor = LineEditor(history = history)
            editor.handle(up)
            editor.type("!")
            editor.handle(up)
            show(editor.buffer) shouldBe "one|"
            editor.handle(down)
            show(editor.buffer) shouldBe "two!|"
            editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Submitted("two!")
            history.entries shouldBe listOf("one", "two")
        }

        test("Alt+< goes to the oldest entry and Alt+> back to the input") {
            val editor = LineEditor(history = historyOf("one", "two", "three"))
            editor.type("x")
            editor.handle(alt('<'))
            show(editor.buffer) shouldBe "one|"
            editor.handle(alt('>'))
            show(editor.buffer) shouldBe "x|"
        }

        test("in a multi-line entry Up first moves through its lines") {
            val editor = LineEditor(history = historyOf("old", "a\nb"))
            editor.handle(up)
            show(editor.buffer) shouldBe "a\nb|"
            editor.handle(up)
            show(editor.buffer) shouldBe "a|\nb"
            editor.handle(up)
            show(editor.buffer) shouldBe "old|"
        }

        test("walking the whole history and back always returns the draft") {
            val entries = Arb.list(Arb.element("ls", "cd /", "echo 😀", "a\nb", ""), 0..8)
            val moves = Arb.list(Arb.element(up, down, alt('<'), alt('>')), 0..30)
            checkAll(300, entries, moves) { lines, script ->
                val editor = LineEditor(history = historyOf(*lines.toTypedArray()))
                editor.type("draft")
                script.forEach { editor.handle(it) }
                editor.handle(alt('>'))
                editor.buffer.text shouldBe "draft"
            }
        }
    }

    context("incremental search") {
        val history = historyOf("git status", "ls -l", "git commit -m wip", "make test")

        test("Ctrl+R finds the newest match as the query grows, with the cursor on the match") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.promptOverride shouldBe "(reverse-i-search)'': "
            editor.type("git")
            show(editor.buffer) shouldBe "|git commit -m wip"
            editor.promptOverride shouldBe "(reverse-i-search)'git': "
            editor.type(" s")
            show(editor.buffer) shouldBe "|git status"
        }

        test("Ctrl+R again goes to older matches; a failed search says so and keeps the last match") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.type("git")
            editor.handle(ctrl('r'))
            editor.buffer.text shouldBe "git status"
            editor.handle(ctrl('r'))
            editor.buffer.text shouldBe "git status"
            editor.promptOverride shouldBe "(failed reverse-i-search)'git': "
            editor.handle(ctrl('s'))
            editor.buffer.text shouldBe "git commit -m wip"
        }

        test("Enter submits the match") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.type("ls")
            editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Submitted("ls -l")
        }

        test("Ctrl+G and Escape give back the line as it was") {
            for (abort in listOf(ctrl('g'), key(KeyCode.Escape))) {
                val editor = LineEditor(history = history)
                editor.type("half")
                editor.handle(key(KeyCode.Left))
                editor.handle(ctrl('r'))
                editor.type("make")
                editor.handle(abort)
                show(editor.buffer) shouldBe "hal|f"
                editor.promptOverride shouldBe null
            }
        }

        test("another key ends the search with the match in the line, then does its work") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.type("commit")
            editor.handle(key(KeyCode.End))
            show(editor.buffer) shouldBe "git commit -m wip|"
            editor.promptOverride shouldBe null
            editor.handle(up)
            editor.buffer.text shouldBe "ls -l"
            editor.handle(down)
            editor.handle(down)
            editor.handle(down)
            editor.buffer.text shouldBe ""
        }

        test("Backspace shortens the query and searches again") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.type("ls")
            editor.buffer.text shouldBe "ls -l"
            editor.type("x")
            editor.promptOverride shouldBe "(failed reverse-i-search)'lsx': "
            editor.handle(key(KeyCode.Backspace))
            editor.promptOverride shouldBe "(reverse-i-search)'ls': "
            editor.buffer.text shouldBe "ls -l"
        }

        test("Ctrl+R on an empty query repeats the previous search") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.type("git")
            editor.handle(key(KeyCode.Right))
            editor.handle(ctrl('r'))
            editor.handle(ctrl('r'))
            editor.buffer.text shouldBe "git status"
        }

        test("Ctrl+C during a search discards the line") {
            val editor = LineEditor(history = history)
            editor.type("typed")
            editor.handle(ctrl('r'))
            editor.type("make")
            editor.handle(ctrl('c')) shouldBe EditResult.Interrupted("make test")
        }

        test("control characters in the query are shown in caret notation") {
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.handle(InputEvent.Paste("\u001b]0;x\u0007"))
            editor.promptOverride shouldBe "(failed reverse-i-search)'^[]0;x^G': "
        }
    }

    context("entries read from the file while a line is edited (they go in front)") {
        test("at the input being written: Up shows this session's newest, then the file's") {
            val history = historyOf("this session")
            val editor = LineEditor(history = history)
            editor.type("draft")
            history.addOlder(listOf("from file 1", "from file 2"))
            editor.handle(up)
            show(editor.buffer) shouldBe "this session|"
            editor.handle(up)
            show(editor.buffer) shouldBe "from file 2|"
            editor.handle(down)
            editor.handle(down)
            show(editor.buffer) shouldBe "draft|"
        }

        test("on an edited entry: the same entry stays shown and keeps its edit") {
            val history = historyOf("one", "two")
            val editor = LineEditor(history = history)
            editor.handle(up)
            editor.type("!")
            history.addOlder(listOf("older"))
            editor.handle(up)
            show(editor.buffer) shouldBe "one|"
            editor.handle(up)
            show(editor.buffer) shouldBe "older|"
            editor.handle(down)
            editor.handle(down)
            show(editor.buffer) shouldBe "two!|"
        }

        test("during Ctrl+R: the search goes on from the entry it shows") {
            val history = historyOf("git one", "git two")
            val editor = LineEditor(history = history)
            editor.handle(ctrl('r'))
            editor.type("git")
            show(editor.buffer) shouldBe "|git two"
            history.addOlder(listOf("git zero", "git x"))
            editor.handle(ctrl('r'))
            show(editor.buffer) shouldBe "|git one"
            editor.handle(ctrl('r'))
            show(editor.buffer) shouldBe "|git x"
        }
    }
})
