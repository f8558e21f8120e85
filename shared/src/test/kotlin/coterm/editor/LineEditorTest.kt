// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.editor
import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.input.RawBytes
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = InputEvent.Key(code, modifiers)
private fun ch(c: Char, modifiers: Modifiers = Modifiers.None) = key(KeyCode.Char(c.code), modifiers)
private fun ctrl(c: Char) = ch(c, Modifiers.Ctrl)
private fun alt(c: Char) = ch(c, Modifiers.Alt)

class LineEditorTest : FunSpec({
    /** [event] on the line [before] gives [result] and leaves the line [after]. */
    data class Binding(val name: String, val before: String, val event: InputEvent, val after: String, val result: EditResult)

    fun editing(changed: Boolean) = EditResult.Editing(changed)

    context("every default binding") {
        withData(
            nameFn = { "${it.name} on '${it.before}'" },
            ts = listOf(
                Binding("Enter", "ab|c", key(KeyCode.Enter), "ab|c", EditResult.Submitted("abc")),
                Binding("Ctrl+J", "ab|c", ctrl('j'), "ab|c", EditResult.Submitted("abc")),
                Binding("Ctrl+M", "ab|c", ctrl('m'), "ab|c", EditResult.Submitted("abc")),
                Binding("Enter on empty", "|", key(KeyCode.Enter), "|", EditResult.Submitted("")),
                Binding("Ctrl+C", "ab|c", ctrl('c'), "ab|c", EditResult.Interrupted("abc")),
                Binding("Ctrl+D on empty", "|", ctrl('d'), "|", EditResult.EndOfInput),
                Binding("Ctrl+D in the middle", "a|bc", ctrl('d'), "a|c", editing(true)),
                Binding("Ctrl+D at the start", "|abc", ctrl('d'), "|bc", editing(true)),
                Binding("Ctrl+D at the end", "abc|", ctrl('d'), "abc|", editing(false)),
                Binding("Ctrl+D on an emoji", "a|😀b", ctrl('d'), "a|b", editing(true)),
                Binding("Backspace", "ab|c", key(KeyCode.Backspace), "a|c", editing(true)),
                Binding("Backspace at the start", "|abc", key(KeyCode.Backspace), "|abc", editing(false)),
                Binding("Backspace after an emoji", "a😀|b", key(KeyCode.Backspace), "a|b", editing(true)),
                Binding("Ctrl+H", "ab|c", ctrl('h'), "a|c", editing(true)),
                Binding("Delete", "a|bc", key(KeyCode.Delete), "a|c", editing(true)),
                Binding("Delete at the end", "abc|", key(KeyCode.Delete), "abc|", editing(false)),
                Binding("Left", "ab|c", key(KeyCode.Left), "a|bc", editing(true)),
                Binding("Left at the start", "|abc", key(KeyCode.Left), "|abc", editing(false)),
                Binding("Left over an emoji", "a😀|b", key(KeyCode.Left), "a|😀b", editing(true)),
                Binding("Ctrl+B", "ab|c", ctrl('b'), "a|bc", editing(true)),
                Binding("Right", "a|bc", key(KeyCode.Right), "ab|c", editing(true)),
                Binding("Right at the end", "abc|", key(KeyCode.Right), "abc|", editing(false)),
                Binding("Right over an emoji", "a|😀b", key(KeyCode.Right), "a😀|b", editing(true)),
                Binding("Ctrl+F", "a|bc", ctrl('f'), "ab|c", editing(true)),
                Binding("Home", "ab|c", key(KeyCode.Home), "|abc", editing(true)),
                Binding("Home at the start", "|abc", key(KeyCode.Home), "|abc", editing(false)),
                Binding("Ctrl+A", "ab|c", ctrl('a'), "|abc", editing(true)),
                Binding("End", "a|bc", key(KeyCode.End), "abc|", editing(true)),
                Binding("Ctrl+E", "a|bc", ctrl('e'), "abc|", editing(true)),
                Binding("Ctrl+U", "ab|cd", ctrl('u'), "|cd", editing(true)),
                Binding("Ctrl+U at the start", "|abc", ctrl('u'), "|abc", editing(false)),
                Binding("Ctrl+K", "ab|cd", ctrl('k'), "ab|", editing(true)),
                Binding("Ctrl+K at the end", "abc|", ctrl('k'), "abc|", editing(false)),
                Binding("Ctrl+W", "foo bar|", ctrl('w'), "foo |", editing(true)),
                Binding("Ctrl+W over trailing spaces", "foo bar  |", ctrl('w'), "foo |", editing(true)),
                Binding("Ctrl+W over leading spaces", "   |x", ctrl('w'), "|x", editing(true)),
                Binding("Ctrl+W at the start", "|foo", ctrl('w'), "|foo", editing(false)),
                Binding("typing in the middle", "ab|cd", ch('x'), "abx|cd", editing(true)),
                Binding("typing a capital (Shift)", "ab|", ch('X', Modifiers.Shift), "abX|", editing(true)),
                Binding("typing an emoji", "a|b", key(KeyCode.Char(0x1F600)), "a😀|b", editing(true)),
                Binding("typing CJK", "|", ch('中'), "中|", editing(true)),
                Binding("Alt+B", "foo bar|", alt('b'), "foo |bar", editing(true)),
                Binding("Alt+B at the start", "|foo", alt('b'), "|foo", editing(false)),
                Binding("Ctrl+Left", "foo bar|", key(KeyCode.Left, Modifiers.Ctrl), "foo |bar", editing(true)),
                Binding("Alt+Left", "foo bar|", key(KeyCode.Left, Modifiers.Alt), "foo |bar", editing(true)),
                Binding("Alt+F", "|foo bar", alt('f'), "foo| bar", editing(true)),
                Binding("Ctrl+Right", "foo| bar", key(KeyCode.Right, Modifiers.Ctrl), "foo bar|", editing(true)),
                Binding("Alt+Right", "|foo bar", key(KeyCode.Right, Modifiers.Alt), "foo| bar", editing(true)),
                Binding("Alt+D", "a|bc def", alt('d'), "a| def", editing(true)),
                Binding("Alt+D at the end", "abc|", alt('d'), "abc|", editing(false)),
                Binding("Ctrl+Delete", "|abc def", key(KeyCode.Delete, Modifiers.Ctrl), "| def", editing(true)),
                Binding("Alt+Backspace", "cd src/main|", key(KeyCode.Backspace, Modifiers.Alt), "cd src/|", editing(true)),
                Binding("Ctrl+Alt+H", "cd src/main|", ch('h', Modifiers.Ctrl + Modifiers.Alt), "cd src/|", editing(true)),
                Binding("Ctrl+T", "ab|c", ctrl('t'), "acb|", editing(true)),
                Binding("Ctrl+T at the end", "abc|", ctrl('t'), "acb|", editing(true)),
                Binding("Ctrl+T at the start", "|abc", ctrl('t'), "|abc", editing(false)),
                Binding("Ctrl+Y with nothing killed", "ab|", ctrl('y'), "ab|", editing(false)),
                Binding("Alt+Y not after a yank", "ab|", alt('y'), "ab|", editing(false)),
                Binding("Ctrl+_ with nothing to undo", "|", ctrl('_'), "|", editing(false)),
                Binding("Ctrl+L", "ab|c", ctrl('l'), "ab|c", EditResult.ClearScreen),
                Binding("Alt+Enter", "ab|c", key(KeyCode.Enter, Modifiers.Alt), "ab\n|c", editing(true)),
                Binding("Home on the second line", "ab\ncd|", key(KeyCode.Home), "ab\n|cd", editing(true)),
                Binding("End on the first line", "a|b\ncd", key(KeyCode.End), "ab|\ncd", editing(true)),
                Binding("Up on the second line", "ab\nc|d", key(KeyCode.Up), "a|b\ncd", editing(true)),
                Binding("Down on the first line", "a|b\ncd", key(KeyCode.Down), "ab\nc|d", editing(true)),
                Binding("Ctrl+P on the second line", "ab\nc|d", ctrl('p'), "a|b\ncd", editing(true)),
                Binding("Ctrl+N on the first line", "a|b\ncd", ctrl('n'), "ab\nc|d", editing(true)),
                Binding("Up without history", "ab|c", key(KeyCode.Up), "ab|c", editing(false)),
                Binding("Down without history", "ab|c", key(KeyCode.Down), "ab|c", editing(false)),
                Binding("Alt+< without history", "ab|c", alt('<'), "ab|c", editing(false)),
                Binding("Alt+> without history", "ab|c", alt('>'), "ab|c", editing(false)),
                Binding("Ctrl+R without history", "ab|c", ctrl('r'), "ab|c", editing(false)),
                Binding("Tab without a completer", "ab|c", key(KeyCode.Tab), "ab|c", editing(false)),
                Binding("Meta+x", "ab|c", ch('x', Modifiers.Meta), "ab|c", editing(false)),
                Binding("Ctrl+Alt+x", "ab|c", ch('x', Modifiers.Ctrl + Modifiers.Alt), "ab|c", editing(false)),
                Binding("Ctrl+X (unbound)", "ab|c", ctrl('x'), "ab|c", editing(false)),
                Binding("Escape", "ab|c", key(KeyCode.Escape), "ab|c", editing(false)),
                Binding("F1", "ab|c", key(KeyCode.Function(1)), "ab|c", editing(false)),
                Binding("Insert", "ab|c", key(KeyCode.Insert), "ab|c", editing(false)),
                Binding("Paste in the middle", "a|d", InputEvent.Paste("b\nc"), "ab\nc|d", editing(true)),
                Binding("Paste of nothing", "a|d", InputEvent.Paste(""), "a|d", editing(false)),
                Binding("Paste ending in a newline", "|", InputEvent.Paste("ls\n"), "ls\n|", editing(true)),
                Binding("Interrupt event", "ab|c", InputEvent.Interrupt, "ab|c", EditResult.Interrupted("abc")),
                Binding("EndOfInput on a non-empty line", "ab|c", InputEvent.EndOfInput, "ab|c", EditResult.EndOfInput),
                Binding("Resize", "ab|c", InputEvent.Resize(40, 10), "ab|c", editing(true)),
                Binding("Focus", "ab|c", InputEvent.Focus(gained = true), "ab|c", editing(false)),
                Binding("Unknown bytes", "ab|c", InputEvent.Unknown(RawBytes.of(0x1b, 0x5b, 0x39, 0x39, 0x7a)), "ab|c", editing(false)),
            ),
        ) { b ->
            val editor = editor(b.before)
            editor.handle(b.event) shouldBe b.result
            show(editor.buffer) shouldBe b.after
        }
    }

    test("a paste with newlines never submits") {
        val editor = LineEditor()
        editor.handle(InputEvent.Paste("rm -rf /\n\r\n")) shouldBe EditResult.Editing(changed = true)
        editor.buffer.text shouldBe "rm -rf /\n\r\n"
    }

    test("Ctrl+C returns the discarded text, whatever the cursor") {
        val editor = editor("half |typed")
        editor.handle(ctrl('c')) shouldBe EditResult.Interrupted("half typed")
    }

    test("typed keys are inserted at the cursor") {
        val editor = LineEditor()
        for (c in "held") editor.handle(ch(c))
        repeat(2) { editor.handle(key(KeyCode.Left)) }
        editor.handle(ch('l'))
        editor.handle(key(KeyCode.End))
        editor.handle(ch('o'))
        show(editor.buffer) shouldBe "helldo|"
    }

    /**
     * The editor's behaviour written as plainly as possible over a list of code points; the
     * property test below runs both on the same events.
     */
    class Model {
        val cps = ArrayList<Int>()
        var cursor = 0
        val text get() = cps.joinToString("") { String(Character.toChars(it)) }
        val utf16Cursor get() = cps.subList(0, cursor).sumOf { Character.charCount(it) }

        fun insert(points: List<Int>) {
            cps.addAll(cursor, points)
            cursor += points.size
        }

        fun remove(from: Int, to: Int) {
            cps.subList(from, to).clear()
            cursor = from
        }

        fun isWord(i: Int) = Character.isLetterOrDigit(cps[i])
        fun lineStart(): Int { var i = cursor; while (i > 0 && cps[i - 1] != '\n'.code) i--; return i }
        fun lineEnd(): Int { var i = cursor; while (i < cps.size && cps[i] != '\n'.code) i++; return i }
        fun wordLeft(): Int { var i = cursor; while (i > 0 && !isWord(i - 1)) i--; while (i > 0 && isWord(i - 1)) i--; return i }
        fun wordRight(): Int { var i = cursor; while (i < cps.size && !isWord(i)) i++; while (i < cps.size && isWord(i)) i++; return i }

        /** Ctrl+X was pressed: the next key may finish Ctrl+X Ctrl+E. */
        var afterCtrlX = false

        fun handle(event: InputEvent): EditResult? {
            if (event == InputEvent.Interrupt) return EditResult.Interrupted(text)
            if (event is InputEvent.Paste) {
                afterCtrlX = false
                insert(event.text.codePoints().toArray().toList())
            }
            if (event !is InputEvent.Key) return null
            val k = event.key
            val m = event.modifiers
            val letter = if (k is KeyCode.Char && m == Modifiers.Ctrl) k.codePoint.toChar() else null
            // Ctrl+X Ctrl+E; Ctrl+X then any other key is that key alone.
            if (afterCtrlX) {
                afterCtrlX = false
                if (letter == 'e') return EditResult.EditInEditor(text)
            }
            if (letter == 'x') {
                afterCtrlX = true
                return null
            }
            val altLetter = if (k is KeyCode.Char && m == Modifiers.Alt) k.codePoint.toChar() else null
            val plain = m.isEmpty
            when {
                k == KeyCode.Enter && plain || letter == 'j' || letter == 'm' -> return EditResult.Submitted(text)
                k == KeyCode.Enter && m == Modifiers.Alt -> insert(listOf('\n'.code))
                letter == 'c' -> return EditResult.Interrupted(text)
                letter == 'd' -> if (cps.isEmpty()) return EditResult.EndOfInput else if (cursor < cps.size) cps.removeAt(cursor)
                k == KeyCode.Backspace && plain || letter == 'h' -> if (cursor > 0) remove(cursor - 1, cursor)
                k == KeyCode.Backspace && m == Modifiers.Alt -> remove(wordLeft(), cursor)
                k == KeyCode.Delete && plain -> if (cursor < cps.size) cps.removeAt(cursor)
                k == KeyCode.Delete && m == Modifiers.Ctrl || altLetter == 'd' -> cps.subList(cursor, wordRight()).clear()
                k == KeyCode.Left && plain || letter == 'b' -> if (cursor > 0) cursor--
                k == KeyCode.Right && plain || letter == 'f' -> if (cursor < cps.size) cursor++
                k == KeyCode.Left && (m == Modifiers.Ctrl || m == Modifiers.Alt) || altLetter == 'b' -> cursor = wordLeft()
                k == KeyCode.Right && (m == Modifiers.Ctrl || m == Modifiers.Alt) || altLetter == 'f' -> cursor = wordRight()
                k == KeyCode.Home && plain || letter == 'a' -> cursor = lineStart()
                k == KeyCode.End && plain || letter == 'e' -> cursor = lineEnd()
                letter == 'u' -> remove(lineStart(), cursor)
                letter == 'k' -> cps.subList(cursor, lineEnd()).clear()
                letter == 'w' -> {
                    var start = cursor
                    while (start > 0 && Character.isWhitespace(cps[start - 1])) start--
                    while (start > 0 && !Character.isWhitespace(cps[start - 1])) start--
                    remove(start, cursor)
                }
                (k == KeyCode.Up && plain || letter == 'p') && lineStart() > 0 -> {
                    val column = cursor - lineStart()
                    val end = lineStart() - 1
                    cursor = end
                    val start = lineStart()
                    cursor = minOf(start + column, end)
                }
                (k == KeyCode.Down && plain || letter == 'n') && lineEnd() < cps.size -> {
                    val column = cursor - lineStart()
                    val start = lineEnd() + 1
                    cursor = start
                    cursor = minOf(start + column, lineEnd())
                }
                k is KeyCode.Char && (m - Modifiers.Shift).isEmpty -> insert(listOf(k.codePoint))
            }
            return null
        }
    }

    val codePoints = listOf('a'.code, 'b'.code, ' '.code, '\t'.code, 0x4E2D, 0x1F600, 0x1F980, 0x0301, '\n'.code)
    val events: Arb<InputEvent> = arbitrary { rs ->
        val r = rs.random
        when (r.nextInt(6)) {
            0, 1 -> key(KeyCode.Char(codePoints.random(r)), listOf(Modifiers.None, Modifiers.Shift).random(r))
            2 -> ctrl("abdefhjkmuwxcgpn".random(r))
            3 -> key(
                listOf(KeyCode.Left, KeyCode.Right, KeyCode.Home, KeyCode.End, KeyCode.Backspace, KeyCode.Delete,
                    KeyCode.Up, KeyCode.Down, KeyCode.Tab, KeyCode.Enter).random(r),
                listOf(Modifiers.None, Modifiers.None, Modifiers.None, Modifiers.Ctrl, Modifiers.Alt).random(r),
            )
            4 -> if (r.nextInt(4) == 0) InputEvent.Interrupt else ch("bfdx".random(r), Modifiers.Alt)
            else -> InputEvent.Paste(List(r.nextInt(4)) { codePoints.random(r) }.joinToString("") { String(Character.toChars(it)) })
        }
    }

    test("random key sequences behave like the model and keep the cursor on a code point") {
        checkAll(1000, Arb.list(events, 0..40)) { script ->
            val editor = LineEditor()
            val model = Model()
            for (event in script) {
                val before = editor.buffer.text to editor.buffer.cursor
                val result = editor.handle(event)
                val expected = model.handle(event)
                val text = editor.buffer.text
                val cursor = editor.buffer.cursor
                withClue("after $event in $script") {
                    text shouldBe model.text
                    cursor shouldBe model.utf16Cursor
                    (cursor in 0..text.length) shouldBe true
                    if (cursor in 1 until text.length) (text[cursor - 1].isHighSurrogate() && text[cursor].isLowSurrogate()) shouldBe false
                    result shouldBe (expected ?: EditResult.Editing(changed = (text to cursor) != before))
                }
                if (result !is EditResult.Editing) break
            }
        }
    }

    test("printable strings typed one by one, then Home and End, give their concatenation") {
        val printable = Arb.list(Arb.element(listOf("a", "Z", "0", " ", "~", "é", "中", "😀", "🦀")), 0..10)
        checkAll(300, Arb.list(printable, 0..5)) { parts ->
            val editor = LineEditor()
            for (part in parts) {
                for (cp in part.joinToString("").codePoints()) editor.handle(key(KeyCode.Char(cp)))
                editor.handle(key(KeyCode.Home))
                editor.buffer.cursor shouldBe 0
                editor.handle(key(KeyCode.End))
            }
            val expected = parts.joinToString("") { it.joinToString("") }
            editor.buffer.text shouldBe expected
            editor.buffer.cursor shouldBe expected.length
            editor.handle(key(KeyCode.Enter)) shouldBe EditResult.Submitted(expected)
        }
    }
})
