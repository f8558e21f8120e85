// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.input.Modifiers
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

private fun ctrlKey(c: Char) = InputEvent.Key(KeyCode.Char(c.code), Modifiers.Ctrl)
private fun plain(c: Char) = InputEvent.Key(KeyCode.Char(c.code))

class KeyMapSequenceTest : FunSpec({
    val ctrlX = KeyStroke.ctrl('x')
    val ctrlE = KeyStroke.ctrl('e')

    test("the default map binds Ctrl+X Ctrl+E to the editor") {
        KeyMap.Default[listOf(ctrlX, ctrlE)] shouldBe EditCommand.EditInEditor
        KeyMap.Default.sequences shouldBe mapOf(listOf(ctrlX, ctrlE) to EditCommand.EditInEditor)
        KeyMap.Default[ctrlX] shouldBe null
    }

    test("Ctrl+X waits for the next key, with no timer, then Ctrl+E asks for the editor") {
        val editor = LineEditor()
        editor.handle(InputEvent.Paste("one\ntwo"))
        editor.handle(ctrlKey('x')) shouldBe EditResult.Editing(changed = false)
        editor.keysPending shouldBe true
        editor.handle(ctrlKey('e')) shouldBe EditResult.EditInEditor("one\ntwo")
        editor.keysPending shouldBe false
    }

    test("a key that continues no sequence drops the prefix and is handled on its own") {
        val editor = LineEditor()
        editor.handle(InputEvent.Paste("abc"))
        editor.handle(ctrlKey('x'))
        editor.handle(InputEvent.Key(KeyCode.Left)) shouldBe EditResult.Editing(changed = true)
        show(editor.buffer) shouldBe "ab|c"
        editor.handle(ctrlKey('x'))
        editor.handle(plain('z'))
        show(editor.buffer) shouldBe "abz|c"
        // Ctrl+E alone is still the end of the line.
        editor.handle(ctrlKey('e'))
        show(editor.buffer) shouldBe "abzc|"
    }

    test("Ctrl+C interrupts in the middle of a sequence") {
        val editor = LineEditor()
        editor.handle(InputEvent.Paste("abc"))
        editor.handle(ctrlKey('x'))
        editor.handle(ctrlKey('c')) shouldBe EditResult.Interrupted("abc")
    }

    test("longer sequences, and plain characters as a prefix, which are typed when nothing follows") {
        val keys = KeyMap.Default
            .with(listOf(ctrlX, KeyStroke.ctrl('a'), KeyStroke.ctrl('b')), EditCommand.KillToStart)
            .with(listOf(KeyStroke.of(KeyCode.Char('j'.code)), KeyStroke.of(KeyCode.Char('k'.code))), EditCommand.MoveHome)
        val editor = LineEditor(keyMap = keys)
        editor.handle(InputEvent.Paste("abc"))
        editor.handle(ctrlKey('x'))
        editor.handle(ctrlKey('a'))
        editor.handle(ctrlKey('b')) shouldBe EditResult.Editing(changed = true)
        show(editor.buffer) shouldBe "|"
        for (c in "xjy") editor.handle(plain(c))
        show(editor.buffer) shouldBe "xjy|"
        editor.handle(plain('j'))
        editor.handle(plain('k'))
        show(editor.buffer) shouldBe "|xjy"
        // A burst of typing stops at a prefix character.
        val typed = StringBuilder()
        val burst = "abjk".map(::plain)
        editor.appendTyped(burst, 0, burst.size, typed) shouldBe 2
    }

    test("a prefix cannot be bound as well, and a sequence cannot hold Ctrl+C") {
        shouldThrow<IllegalArgumentException> { KeyMap.Default.with(ctrlX, EditCommand.Undo) }.message shouldContain "unbind"
        shouldThrow<IllegalArgumentException> { KeyMap.Default.with(listOf(ctrlX), EditCommand.Undo) }
        shouldThrow<IllegalArgumentException> { KeyMap.Default.with(listOf(KeyStroke.ctrl('a'), ctrlE), EditCommand.Undo) }
        shouldThrow<IllegalArgumentException> { KeyMap.Default.with(listOf(ctrlX, ctrlE, ctrlE), EditCommand.Undo) }
        shouldThrow<IllegalArgumentException> { KeyMap.Default.with(listOf(ctrlX, KeyStroke.ctrl('c')), EditCommand.Undo) }
        shouldThrow<IllegalArgumentException> { KeyMap.Default.with(emptyList(), EditCommand.Undo) }
        val rebound = KeyMap.Default.without(listOf(ctrlX, ctrlE)).with(ctrlX, EditCommand.Undo)
        rebound[ctrlX] shouldBe EditCommand.Undo
        rebound.sequences shouldBe emptyMap()
        shouldThrow<IllegalArgumentException> { rebound.with(listOf(ctrlX, ctrlE), EditCommand.EditInEditor) }
    }

    test("replaceInput is one undo step with the cursor at the end") {
        val editor = LineEditor()
        editor.handle(InputEvent.Paste("foo"))
        editor.handle(InputEvent.Key(KeyCode.Home))
        editor.replaceInput("bar\nbaz") shouldBe EditResult.Editing(changed = true)
        show(editor.buffer) shouldBe "bar\nbaz|"
        editor.handle(ctrlKey('_'))
        editor.buffer.text shouldBe "foo"
        LineEditor(maxLength = 3).replaceInput("abcdef")
        val limited = LineEditor(maxLength = 3)
        limited.replaceInput("abcdef")
        limited.buffer.text shouldBe "abc"
        limited.overLimit shouldBe true
    }

    test("startsSequence, for every key without modifiers and a few with: whether a bound sequence starts with it") {
        val q = KeyStroke.of(KeyCode.Char('q'.code))
        val z = KeyStroke.of(KeyCode.Char('z'.code))
        val maps = listOf(
            KeyMap.Default,
            KeyMap.Default.without(listOf(ctrlX, ctrlE)),
            // A plain character starting a sequence, and one bound on its own (both in the ASCII table).
            KeyMap.Default.with(listOf(q, ctrlE), EditCommand.EditInEditor).with(z, EditCommand.ClearScreen),
            KeyMap.Default.with(listOf(KeyStroke.of(KeyCode.Char('é'.code)), q), EditCommand.ClearScreen),
        )
        for (map in maps) {
            val starts = map.sequences.keys.map { it[0] }.toSet()
            for (cp in (0..0x80) + listOf('é'.code, 0x754c)) {
                for (modifiers in listOf(Modifiers.None, Modifiers.Shift, Modifiers.Ctrl)) {
                    val key = KeyCode.Char(cp)
                    map.startsSequence(key, modifiers) shouldBe (KeyStroke.of(key, modifiers) in starts)
                }
            }
        }
    }
})
