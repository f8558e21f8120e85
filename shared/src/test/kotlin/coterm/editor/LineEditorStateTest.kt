// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.editor
import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = InputEvent.Key(code, modifiers)
private fun ch(c: Char, modifiers: Modifiers = Modifiers.None) = key(KeyCode.Char(c.code), modifiers)
private fun ctrl(c: Char) = ch(c, Modifiers.Ctrl)
private fun alt(c: Char) = ch(c, Modifiers.Alt)
private fun LineEditor.type(text: String) = text.codePoints().forEach { handle(key(KeyCode.Char(it))) }
private fun LineEditor.press(vararg events: InputEvent): EditResult = events.map { handle(it) }.last()

/** The editor's stateful bindings: kill ring, undo, multi-line input. */
class LineEditorStateTest : FunSpec({
    context("kill ring") {
        test("Ctrl+Y puts back what Ctrl+K cut") {
            val editor = editor("hello| world")
            editor.press(ctrl('k'), key(KeyCode.Home), ctrl('y'))
            show(editor.buffer) shouldBe " world|hello"
        }

        test("kills in a row join into one entry, in reading order") {
            val editor = editor("one two three|")
            editor.press(ctrl('w'), ctrl('w'))
            show(editor.buffer) shouldBe "one |"
            editor.press(ctrl('y'))
            show(editor.buffer) shouldBe "one two three|"
        }

        test("forward kills in a row append") {
            val editor = editor("|one two three")
            editor.press(alt('d'), alt('d'))
            show(editor.buffer) shouldBe "| three"
            editor.press(key(KeyCode.End), ctrl('y'))
            show(editor.buffer) shouldBe " threeone two|"
        }

        test("a motion between kills starts a new entry; Alt+Y cycles to older kills") {
            val editor = editor("alpha beta|")
            editor.press(ctrl('w'), key(KeyCode.Left), key(KeyCode.Right), ctrl('w'))
            show(editor.buffer) shouldBe "|"
            editor.press(ctrl('y'))
            show(editor.buffer) shouldBe "alpha |"
            editor.press(alt('y'))
            show(editor.buffer) shouldBe "beta|"
            editor.press(alt('y'))
            show(editor.buffer) shouldBe "alpha |"
        }

        test("Alt+Y after a yank that inserted nothing (the line is full) leaves typed text alone") {
            val editor = LineEditor(maxLength = 5)
            editor.type("ab")
            editor.press(ctrl('w'), ctrl('y'))
            editor.type("cde")
            show(editor.buffer) shouldBe "abcde|"
            editor.handle(ctrl('y')) shouldBe EditResult.Editing(changed = false)
            editor.handle(alt('y')) shouldBe EditResult.Editing(changed = false)
            show(editor.buffer) shouldBe "abcde|"
        }

        test("Alt+Y after anything but a yank does nothing") {
            val editor = editor("alpha beta|")
            editor.press(ctrl('w'), ctrl('y'), ch('x'))
            editor.handle(alt('y')) shouldBe EditResult.Editing(changed = false)
            show(editor.buffer) shouldBe "alpha betax|"
        }

        test("a second Alt+Y after one that did nothing does nothing either: typed text is never replaced") {
            val editor = editor("alpha beta|")
            editor.press(ctrl('w'), ctrl('y'), ch('x'))
            editor.handle(alt('y')) shouldBe EditResult.Editing(changed = false)
            editor.handle(alt('y')) shouldBe EditResult.Editing(changed = false)
            show(editor.buffer) shouldBe "alpha betax|"
        }
    }

    context("undo") {
        test("a run of typed characters is undone at once") {
            val editor = LineEditor()
            editor.type("hello")
            editor.press(key(KeyCode.Left))
            editor.type("XY")
            show(editor.buffer) shouldBe "hellXY|o"
            editor.press(ctrl('_'))
            show(editor.buffer) shouldBe "hell|o"
            editor.press(ctrl('_'))
            show(editor.buffer) shouldBe "|"
            editor.handle(ctrl('_')) shouldBe EditResult.Editing(changed = false)
        }

        test("kills, yanks, transposes and pastes undo one step each") {
            val editor = LineEditor()
            editor.type("ab cd")
            editor.press(ctrl('w'))
            editor.press(InputEvent.Paste("XY"))
            editor.press(ctrl('t'))
            show(editor.buffer) shouldBe "ab YX|"
            editor.press(ctrl('_'))
            show(editor.buffer) shouldBe "ab XY|"
            editor.press(ctrl('_'))
            show(editor.buffer) shouldBe "ab |"
            editor.press(ctrl('_'))
            show(editor.buffer) shouldBe "ab cd|"
        }
    }

    context("multi-line input") {
        test("Enter on incomplete input inserts a newline, on complete input submits") {
            val editor = LineEditor(isInputComplete = { it.count { c -> c == '"' } % 2 == 0 })
            editor.type("echo \"a")
            editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Editing(changed = true)
            editor.type("b\"")
            editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Submitted("echo \"a\nb\"")
        }

        test("a trailing backslash continues; Up and Down move between the lines") {
            val editor = LineEditor(isInputComplete = { !it.endsWith("\\") })
            editor.type("first \\")
            editor.press(key(KeyCode.Enter))
            editor.type("second")
            show(editor.buffer) shouldBe "first \\\nsecond|"
            editor.press(key(KeyCode.Up))
            show(editor.buffer) shouldBe "first |\\\nsecond"
            editor.press(key(KeyCode.Home), key(KeyCode.Down))
            show(editor.buffer) shouldBe "first \\\n|second"
        }

        test("a pasted newline never submits, even where Enter would") {
            val editor = LineEditor()
            editor.handle(InputEvent.Paste("ls\nrm -rf /\n")) shouldBe EditResult.Editing(changed = true)
            editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Submitted("ls\nrm -rf /\n")
        }
    }
})
