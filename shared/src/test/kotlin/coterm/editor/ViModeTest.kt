// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.show
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.property.Arb
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll

/** Keys written as text: Esc is `\u001b`, Enter `\n`, every other character its key. */
private fun keys(text: String): List<InputEvent.Key> = text.codePoints().toArray().map { cp ->
    when (cp) {
        0x1b -> InputEvent.Key(KeyCode.Escape)
        '\n'.code -> InputEvent.Key(KeyCode.Enter)
        else -> InputEvent.Key(KeyCode.Char(cp))
    }
}

/** A vi editor in command mode on [state] (`|` at the cursor, which must be on a character or the empty line's start). */
private fun commandMode(state: String): LineEditor {
    val cursor = state.indexOf('|')
    val text = state.removeRange(cursor, cursor + 1)
    val editor = LineEditor(editMode = EditMode.Vi)
    editor.handle(InputEvent.Paste(text))
    // Esc moves one back, but not from a line's start.
    val goal = if (cursor == 0 || text[cursor - 1] == '\n') cursor else cursor + 1
    while (editor.buffer.cursor > goal) editor.handle(InputEvent.Key(KeyCode.Left))
    editor.handle(InputEvent.Key(KeyCode.Escape))
    check(editor.buffer.cursor == cursor && editor.viCommandMode) { "could not set up '$state'" }
    return editor
}

private fun LineEditor.type(text: String): EditResult? {
    var last: EditResult? = null
    for (key in keys(text)) last = handle(key)
    return last
}

class ViModeTest : FunSpec({
    /** From [before] in command mode, [typed] gives [after], in insert mode when [insert]. */
    data class Case(val before: String, val typed: String, val after: String, val insert: Boolean = false)

    context("the command table") {
        withData(
            nameFn = { "'${it.before}' ${it.typed.replace("\u001b", "<Esc>")} -> '${it.after}'" },
            ts = listOf(
                // Motions.
                Case("hello wor|ld", "h", "hello wo|rld"),
                Case("hello wor|ld", "3h", "hello |world"),
                Case("|hello", "h", "|hello"),
                Case("|abcdef", "3l", "abc|def"),
                Case("abcde|f", "l", "abcde|f"),
                Case("|hello world", "w", "hello |world"),
                Case("|a.b c", "w", "a|.b c"),
                Case("|a.b c", "W", "a.b |c"),
                Case("|one two three", "2w", "one two |three"),
                Case("|hello world", "e", "hell|o world"),
                Case("|a.b c", "E", "a.|b c"),
                Case("hello wor|ld", "b", "hello |world"),
                Case("a.b |cd", "B", "|a.b cd"),
                Case("a.b |cd", "b", "a.|b cd"),
                Case("hel|lo", "0", "|hello"),
                Case("  he|llo", "^", "  |hello"),
                Case("|hello", "$", "hell|o"),
                Case("|a,b,c", "f,", "a|,b,c"),
                Case("|a,b,c", "2f,", "a,b|,c"),
                Case("|a,b,c", "fz", "|a,b,c"),
                Case("|ab,c", "t,", "a|b,c"),
                Case("a,b,|c", "F,", "a,b|,c"),
                Case("a,b,c|d", "T,", "a,b,|cd"),
                Case("|a,b,c", "f,;", "a,b|,c"),
                Case("|a,b,c", "f,;,", "a|,b,c"),
                Case("|a,b,c,d", "t,;", "a,|b,c,d"),
                // Deleting.
                Case("ab|cd", "x", "ab|d"),
                Case("a|bcdef", "3x", "a|ef"),
                Case("ab|c", "x", "a|b"),
                Case("ab|cd", "X", "a|cd"),
                Case("|foo bar baz", "dw", "|bar baz"),
                Case("|foo bar baz", "d2w", "|baz"),
                Case("|foo bar baz", "2dw", "|baz"),
                Case("|a b c d e f g", "2d3w", "|g"),
                Case("foo |bar", "dw", "foo| "),
                Case("|foo bar", "de", "| bar"),
                Case("foo |bar", "db", "|bar"),
                Case("foo |bar", "d0", "|bar"),
                Case("foo |bar", "d$", "foo| "),
                Case("f(|a, b) c", "dt)", "f(|) c"),
                Case("f(|a, b) c", "df)", "f(| c"),
                Case("he|llo", "D", "h|e"),
                Case("hel|lo", "dd", "|"),
                Case("|hello", "dd", "|"),
                Case("one\ntw|o\nthree", "dd", "one\n|three"),
                Case("one\n|two\nthree", "2dd", "|one"),
                Case("|abcdef", "2x.", "|ef"),
                // Changing: insert mode after.
                Case("|foo bar", "cw", "| bar", insert = true),
                Case("|foo bar", "cwxy\u001b", "x|y bar"),
                Case("|foo bar", "c2w", "|", insert = true),
                Case("he|llo", "C", "he|", insert = true),
                Case("he|llo", "cc", "|", insert = true),
                Case("he|llo", "S", "|", insert = true),
                Case("h|ello", "s", "h|llo", insert = true),
                Case("h|ello", "3sX\u001b", "h|Xo"),
                // Yank and put.
                Case("|foo bar", "ywP", "foo| foo bar"),
                Case("|ab", "xp", "b|a"),
                Case("|ab", "x2p", "ba|a"),
                Case("|abc", "yyp", "abc\n|abc"),
                Case("a|bc", "yyP", "|abc\nabc"),
                // Replace, case.
                Case("|abc", "rx", "|xbc"),
                Case("|abc", "3rx", "xx|x"),
                Case("|abc", "4rx", "|abc"),
                Case("|abC", "~", "A|bC"),
                Case("|abC", "5~", "AB|c"),
                // Undo and repeat.
                Case("|foo bar", "dwu", "|foo bar"),
                Case("|foo bar", "cwxy\u001bu", "|foo bar"),
                Case("|a b c d", "dw.", "|c d"),
                Case("|a b c d", "dw2.", "|d"),
                Case("|foo bar", "cwxy\u001bw.", "xy x|y"),
                Case("|abcdef", "x..", "|def"),
                Case("|abc", "iX\u001bl.", "X|Xabc"),
                // Entering insert mode.
                Case("ab|c", "i", "ab|c", insert = true),
                Case("ab|c", "iX\u001b", "ab|Xc"),
                Case("ab|c", "aX\u001b", "abc|X"),
                Case("|abc", "AX\u001b", "abc|X"),
                Case("  a|bc", "IX\u001b", "  |Xabc"),
                Case("|abc", "i\u001b", "|abc"),
                // Half-typed commands cancelled by Esc.
                Case("|abc", "d\u001bx", "|bc"),
                Case("|abc", "3\u001bx", "|bc"),
            ),
        ) { case ->
            val editor = commandMode(case.before)
            editor.type(case.typed)
            show(editor.buffer) shouldBe case.after
            editor.viCommandMode shouldBe !case.insert
        }
    }

    test("each line starts in insert mode, where the Emacs keys work") {
        val editor = LineEditor(editMode = EditMode.Vi)
        editor.viCommandMode shouldBe false
        editor.type("foo bar")
        editor.handle(InputEvent.Key(KeyCode.Char('w'.code), Modifiers.Ctrl))
        show(editor.buffer) shouldBe "foo |"
        editor.handle(InputEvent.Key(KeyCode.Backspace))
        editor.handle(InputEvent.Key(KeyCode.Left))
        show(editor.buffer) shouldBe "fo|o"
    }

    test("Enter submits in both modes, Ctrl+C interrupts in both") {
        commandMode("ab|c").handle(InputEvent.Key(KeyCode.Enter)) shouldBe EditResult.Submitted("abc")
        commandMode("ab|c").handle(InputEvent.Key(KeyCode.Char('c'.code), Modifiers.Ctrl)) shouldBe EditResult.Interrupted("abc")
        val inserting = LineEditor(editMode = EditMode.Vi)
        inserting.type("xy")
        inserting.handle(InputEvent.Key(KeyCode.Enter)) shouldBe EditResult.Submitted("xy")
    }

    test("typed keys are not taken as text in command mode") {
        val editor = commandMode("ab|c")
        val typed = StringBuilder()
        val events = keys("hh")
        editor.appendTyped(events, 0, events.size, typed) shouldBe 0
        typed.toString() shouldBe ""
    }

    test("Alt+key in insert mode is Esc then that key (Esc and a key read together)") {
        val editor = LineEditor(editMode = EditMode.Vi)
        editor.type("abc")
        editor.handle(InputEvent.Key(KeyCode.Char('h'.code), Modifiers.Alt))
        editor.viCommandMode shouldBe true
        show(editor.buffer) shouldBe "a|bc"
    }

    test("j and k walk the history in command mode") {
        val history = History(maxEntries = 10)
        history.add("first")
        history.add("second")
        val editor = LineEditor(history = history, editMode = EditMode.Vi)
        editor.type("\u001bk")
        editor.buffer.text shouldBe "second"
        editor.type("k")
        editor.buffer.text shouldBe "first"
        editor.type("j")
        editor.buffer.text shouldBe "second"
        editor.viCommandMode shouldBe true
        editor.buffer.cursor shouldBe "second".length - 1
    }

    test("/ starts the incremental search of the history") {
        val history = History(maxEntries = 10)
        history.add("make test")
        val editor = LineEditor(history = history, editMode = EditMode.Vi)
        editor.type("\u001b/")
        (editor.promptOverride != null) shouldBe true
    }

    val alphabet = "hlwbeWBE0^\$fFtT;,xXdcyPpr~u.iaIAsSDC123 ab(\u001b".toList().map { it.toString() }

    test("random keys never fail and keep the cursor on the text") {
        checkAll(300, Arb.string(0..30), Arb.list(Arb.element(alphabet), 0..60)) { text, typed ->
            val clean = text.filter { it != '|' && !it.isSurrogate() }
            val editor = commandMode(if (clean.isEmpty()) "|" else "|$clean")
            for (key in keys(typed.joinToString(""))) {
                val result = editor.handle(key)
                result.shouldBeInstanceOf<EditResult.Editing>()
                val buffer = editor.buffer
                withClue("after ${typed.joinToString("")} on '$clean'") {
                    (buffer.cursor in 0..buffer.length) shouldBe true
                    if (editor.viCommandMode && buffer.length > 0 && !editor.keysPending) {
                        (buffer.cursor < buffer.lineEnd() || buffer.cursor == buffer.lineStart()) shouldBe true
                    }
                }
            }
        }
    }

    val changes = listOf(
        "x", "3x", "X", "dw", "d2w", "de", "db", "d0", "d$", "dd", "D", "dt ", "df ", "cwxy\u001b", "ccxy\u001b",
        "Cxy\u001b", "sxy\u001b", "Sxy\u001b", "rz", "2rz", "~", "3~", "p", "P", "ixy\u001b", "axy\u001b", "Axy\u001b", "Ixy\u001b", "yyp",
    )

    test("u after any change restores the text") {
        checkAll(300, Arb.string(1..20), Arb.int(0..19), Arb.element(changes)) { text, at, change ->
            val clean = text.filter { it != '|' && !it.isSurrogate() && it != '\n' }.ifEmpty { "a" }
            val cursor = at.coerceAtMost(clean.length - 1)
            val editor = commandMode(clean.substring(0, cursor) + "|" + clean.substring(cursor))
            // Something in the register for p and P.
            editor.type("yl")
            editor.type(change)
            // A change that changed nothing left no step: u would take back the setup's.
            if (editor.buffer.text != clean) {
                editor.type("u")
                withClue("'$change' at $cursor on '$clean'") { editor.buffer.text shouldBe clean }
            }
        }
    }
})
