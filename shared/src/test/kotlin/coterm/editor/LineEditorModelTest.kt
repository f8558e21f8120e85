// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.input.Modifiers
import coterm.input.TypedText
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.Codepoint
import io.kotest.property.arbitrary.ascii
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.map
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll

/**
 * The line editor as it was first written, naively: the line is a String, every edit copies it,
 * undo keeps a whole copy of the line per step and the kill ring keeps every kill whole. Slow
 * and unbounded, but plainly right; [LineEditor] must give the same lines for the same keys.
 */
private class NaiveEditor(private val maxLength: Int) {
    var text = ""
    var cursor = 0
    private val undo = ArrayList<Pair<String, Int>>()
    private var typing = false
    private val kills = ArrayDeque<String>()
    private var yankIndex = 0
    private var yankLength = 0
    private var last: EditCommand? = null

    fun handle(event: InputEvent) {
        when (event) {
            is InputEvent.Paste -> {
                last = null
                val t = fit(event.text)
                if (t.isNotEmpty()) change(typed = false) { insert(t); true }
            }
            is InputEvent.Key -> key(event)
            else -> error("not in the scripts: $event")
        }
    }

    private fun key(event: InputEvent.Key) {
        val command = KeyMap.Default.commandFor(event.key, event.modifiers)
        val previous = last
        last = command
        if (command == null) {
            val t = fit(String(Character.toChars((event.key as KeyCode.Char).codePoint)))
            if (t.isNotEmpty()) change(typed = true) { insert(t); true }
            return
        }
        when (command) {
            EditCommand.InsertNewline -> change(false) { fit("\n").let { insert(it); it.isNotEmpty() } }
            EditCommand.DeleteBackward -> change(false) {
                cursor > 0 && run { val s = text.offsetByCodePoints(cursor, -1); cut(s, cursor); true }
            }
            EditCommand.DeleteForward -> change(false) {
                cursor < text.length && run { cut(cursor, text.offsetByCodePoints(cursor, 1)); true }
            }
            EditCommand.MoveLeft -> move { if (cursor > 0) cursor = text.offsetByCodePoints(cursor, -1) }
            EditCommand.MoveRight -> move { if (cursor < text.length) cursor = text.offsetByCodePoints(cursor, 1) }
            EditCommand.MoveHome -> move { cursor = rowStart() }
            EditCommand.MoveEnd -> move { cursor = rowEnd() }
            EditCommand.MoveWordLeft -> move { cursor = wordLeft() }
            EditCommand.MoveWordRight -> move { cursor = wordRight() }
            EditCommand.KillToStart -> kill(previous, backwards = true) { cut(rowStart(), cursor) }
            EditCommand.KillToEnd -> kill(previous, backwards = false) { cut(cursor, rowEnd()) }
            EditCommand.KillBigWordBackward -> kill(previous, backwards = true) {
                var s = cursor
                while (s > 0 && text[s - 1].isWhitespace()) s--
                while (s > 0 && !text[s - 1].isWhitespace()) s--
                cut(s, cursor)
            }
            EditCommand.KillWordBackward -> kill(previous, backwards = true) { cut(wordLeft(), cursor) }
            EditCommand.KillWordForward -> kill(previous, backwards = false) { cut(cursor, wordRight()) }
            EditCommand.Yank -> {
                yankLength = 0
                yankIndex = 0
                val t = fit(kills.firstOrNull() ?: return)
                if (t.isEmpty()) return
                change(false) { insert(t); true }
                yankLength = t.length
            }
            EditCommand.YankPop -> {
                if ((previous != EditCommand.Yank && previous != EditCommand.YankPop) || yankLength == 0 || kills.isEmpty()) {
                    // Not after a yank: nothing happens, and an Alt+Y after this one has no yank to replace either.
                    yankLength = 0
                    return
                }
                yankIndex = (yankIndex + 1) % kills.size
                val t = fit(kills[yankIndex], replacing = yankLength)
                val start = cursor - yankLength
                change(false) { text = text.substring(0, start) + t + text.substring(cursor); cursor = start + t.length; true }
                yankLength = t.length
            }
            EditCommand.Undo -> {
                typing = false
                val (t, c) = undo.removeLastOrNull() ?: return
                text = t
                cursor = c
            }
            EditCommand.TransposeChars -> change(false) { transpose() }
            else -> error("not in the scripts: $command")
        }
    }

    private fun fit(t: String, replacing: Int = 0): String {
        val room = maxLength - (text.length - replacing)
        if (t.length <= room) return t
        if (room <= 0) return ""
        return t.substring(0, if (Character.isHighSurrogate(t[room - 1])) room - 1 else room)
    }

    private fun change(typed: Boolean, edit: () -> Boolean) {
        val before = text to cursor
        if (edit()) {
            if (!(typed && typing)) undo.add(before)
            typing = typed
        } else if (!typed) {
            typing = false
        }
    }

    private fun move(motion: () -> Unit) {
        typing = false
        motion()
    }

    private fun kill(previous: EditCommand?, backwards: Boolean, cutter: () -> String) {
        var killed = ""
        change(false) { killed = cutter(); killed.isNotEmpty() }
        if (killed.isEmpty()) return
        val append = previous in KILLS && kills.isNotEmpty()
        if (append) kills.addFirst(kills.removeFirst().let { if (backwards) killed + it else it + killed }) else kills.addFirst(killed)
        yankIndex = 0
    }

    private fun insert(t: String) {
        text = text.substring(0, cursor) + t + text.substring(cursor)
        cursor += t.length
    }

    private fun cut(start: Int, end: Int): String {
        if (start >= end) return ""
        val removed = text.substring(start, end)
        text = text.substring(0, start) + text.substring(end)
        cursor = start
        return removed
    }

    private fun transpose(): Boolean {
        if (cursor == 0) return false
        var at = cursor
        if (at == text.length) at = text.offsetByCodePoints(at, -1)
        if (at == 0) return false
        val before = text.offsetByCodePoints(at, -1)
        val after = text.offsetByCodePoints(at, 1)
        val first = text.substring(before, at)
        val second = text.substring(at, after)
        if (first == "\n" || second == "\n") return false
        text = text.substring(0, before) + second + first + text.substring(after)
        cursor = after
        return true
    }

    private fun rowStart(): Int = text.lastIndexOf('\n', cursor - 1) + 1

    private fun rowEnd(): Int = text.indexOf('\n', cursor).let { if (it < 0) text.length else it }

    private fun isWord(cp: Int) = Character.isLetterOrDigit(cp)

    private fun wordLeft(): Int {
        var i = cursor
        while (i > 0 && !isWord(text.codePointBefore(i))) i = text.offsetByCodePoints(i, -1)
        while (i > 0 && isWord(text.codePointBefore(i))) i = text.offsetByCodePoints(i, -1)
        return i
    }

    private fun wordRight(): Int {
        var i = cursor
        while (i < text.length && !isWord(text.codePointAt(i))) i = text.offsetByCodePoints(i, 1)
        while (i < text.length && isWord(text.codePointAt(i))) i = text.offsetByCodePoints(i, 1)
        return i
    }

    private companion object {
        val KILLS = setOf(
            EditCommand.KillToStart, EditCommand.KillToEnd, EditCommand.KillBigWordBackward,
            EditCommand.KillWordBackward, EditCommand.KillWordForward,
        )
    }
}

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None): InputEvent = InputEvent.Key(code, modifiers)
private fun ctrl(c: Char) = key(KeyCode.Char(c.code), Modifiers.Ctrl)
private fun alt(c: Char) = key(KeyCode.Char(c.code), Modifiers.Alt)

/** Keys a script is made of: characters (a surrogate pair and CJK among them), pastes, and every editing binding but history, search and completion. */
private val events: Arb<InputEvent> = Arb.choice(
    Arb.element("a", "b", "1", " ", ".", "中", "\uD83D\uDE00").map { key(KeyCode.Char(it.codePointAt(0))) },
    Arb.string(0..8).map { InputEvent.Paste(it) },
    Arb.element(
        key(KeyCode.Enter, Modifiers.Alt), key(KeyCode.Backspace), key(KeyCode.Delete), ctrl('d'),
        key(KeyCode.Left), key(KeyCode.Right), key(KeyCode.Home), key(KeyCode.End), alt('b'), alt('f'),
        ctrl('u'), ctrl('k'), ctrl('w'), key(KeyCode.Backspace, Modifiers.Alt), alt('d'),
        ctrl('y'), alt('y'), ctrl('_'), ctrl('t'),
    ),
)

/** Bytes allocated on this thread while [block] runs. */
private fun allocatedBy(block: () -> Unit): Long {
    val threads = java.lang.management.ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
    val before = threads.currentThreadAllocatedBytes
    block()
    return threads.currentThreadAllocatedBytes - before
}

class LineEditorModelTest : FunSpec({
    test("for random key scripts the line and the cursor are the naive editor's, key after key") {
        checkAll(400, Arb.list(events, 0..120), Arb.int(1..40)) { script, limit ->
            for (maxLength in listOf(Int.MAX_VALUE, limit)) {
                val editor = LineEditor(maxLength = maxLength)
                val naive = NaiveEditor(maxLength)
                for ((i, event) in script.withIndex()) {
                    // Ctrl+D on an empty line ends the input: the naive editor has no such thing.
                    if (event == ctrl('d') && editor.buffer.isEmpty()) continue
                    if (event == ctrl('d')) naive.handle(key(KeyCode.Delete)) else naive.handle(event)
                    editor.handle(event)
                    withClue("limit $maxLength, after key $i (${script.take(i + 1)})") {
                        (editor.buffer.text to editor.buffer.cursor) shouldBe (naive.text to naive.cursor)
                    }
                }
            }
        }
    }

    test("plain characters typed in a row and inserted together (appendTyped, typeText) give the naive editor's line, undo included") {
        checkAll(300, Arb.list(events, 0..120), Arb.int(1..40)) { script, limit ->
            for (maxLength in listOf(Int.MAX_VALUE, limit)) {
                val editor = LineEditor(maxLength = maxLength)
                val naive = NaiveEditor(maxLength)
                val typed = StringBuilder()
                for ((i, event) in script.withIndex()) {
                    if (event == ctrl('d') && editor.buffer.isEmpty() && typed.isEmpty()) continue
                    if (event == ctrl('d')) naive.handle(key(KeyCode.Delete)) else naive.handle(event)
                    if (editor.appendTyped(script, i, i + 1, typed) == i + 1) continue
                    editor.typeText(typed)
                    typed.setLength(0)
                    editor.handle(event)
                    withClue("limit $maxLength, after key $i (${script.take(i + 1)})") {
                        (editor.buffer.text to editor.buffer.cursor) shouldBe (naive.text to naive.cursor)
                    }
                }
                editor.typeText(typed)
                (editor.buffer.text to editor.buffer.cursor) shouldBe (naive.text to naive.cursor)
            }
        }
    }

    test("appendTyped of a run takes the keys that it takes one at a time, and stops where that stops") {
        checkAll(300, Arb.list(events, 0..60), Arb.int(0..60)) { script, start ->
            val from = minOf(start, script.size)
            val one = StringBuilder()
            val byKey = LineEditor()
            var expected = from
            while (expected < script.size && byKey.appendTyped(script, expected, expected + 1, one) == expected + 1) expected++
            val run = StringBuilder()
            LineEditor().appendTyped(script, from, script.size, run) shouldBe expected
            run.toString() shouldBe one.toString()
        }
    }

    test("appendTyped of typed text (a TypedText) takes what it takes of the same keys one by one, bound characters included") {
        val printable = Arb.string(0..80, Codepoint.ascii()).map { s -> s.filter { it.code in 0x20..0x7E } }
        val bindingQ = KeyMap.Default.with(KeyStroke(KeyCode.Char('q'.code)), EditCommand.Undo)
        checkAll(300, printable, Arb.int(0..80)) { text, start ->
            val keys = TypedText(text)
            val from = minOf(start, text.length)
            for (keyMap in listOf(KeyMap.Default, bindingQ)) {
                val asKeys = StringBuilder()
                val asText = StringBuilder()
                val taken = LineEditor(keyMap = keyMap).appendTyped(keys.toList(), from, text.length, asKeys)
                LineEditor(keyMap = keyMap).appendTyped(keys, from, text.length, asText) shouldBe taken
                asText.toString() shouldBe asKeys.toString()
                if (keyMap === bindingQ) taken shouldBe text.indexOf('q', from).let { if (it < 0) text.length else it }
            }
        }
    }

    test("a key typed at the end of a 100,000-char line copies nothing of the line") {
        val editor = LineEditor()
        editor.handle(InputEvent.Paste("y".repeat(100_000)))
        val x = key(KeyCode.Char('x'.code))
        repeat(1_000) { editor.handle(x) } // the code paths run once, classes loaded
        val keys = 10_000
        val allocated = allocatedBy { repeat(keys) { editor.handle(x) } }
        // A copy of the line is 100,000 bytes (Latin-1) or more; a key must cost far less than one.
        (allocated / keys) shouldBeLessThan 1_000L
        editor.buffer.length shouldBe 111_000
    }

    test("the undo history of 100,000 typed characters and a Ctrl+U of them holds the killed text once, not a line per step") {
        val editor = LineEditor()
        val undo = LineEditor::class.java.getDeclaredField("undo").apply { isAccessible = true }.get(editor) as UndoHistory
        val x = key(KeyCode.Char('x'.code))
        repeat(100_000) { editor.handle(x) }
        undo.bytes shouldBe UndoHistory.STEP_OVERHEAD + UndoHistory.EDIT_OVERHEAD
        editor.handle(ctrl('u'))
        undo.bytes shouldBe 2 * (UndoHistory.STEP_OVERHEAD + UndoHistory.EDIT_OVERHEAD) + 200_000
        editor.handle(ctrl('_'))
        editor.buffer.length shouldBe 100_000
        editor.handle(ctrl('_'))
        editor.buffer.length shouldBe 0
    }
})
