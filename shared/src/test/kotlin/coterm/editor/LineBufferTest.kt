// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.editor.CursorNotation.buffer
import coterm.editor.CursorNotation.show
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll

class LineBufferTest : FunSpec({
    /** One operation on a buffer: [op] turns [before] into [after] and returns [returns]. */
    data class Case(val op: String, val before: String, val after: String, val returns: Any)

    val ops: Map<String, (LineBuffer) -> Any> = mapOf(
        "moveLeft" to LineBuffer::moveLeft,
        "moveRight" to LineBuffer::moveRight,
        "moveHome" to LineBuffer::moveHome,
        "moveEnd" to LineBuffer::moveEnd,
        "deleteBackward" to LineBuffer::deleteBackward,
        "deleteForward" to LineBuffer::deleteForward,
        "killToStart" to LineBuffer::killToStart,
        "killToEnd" to LineBuffer::killToEnd,
        "killBigWordBackward" to LineBuffer::killBigWordBackward,
        "killWordBackward" to LineBuffer::killWordBackward,
        "killWordForward" to LineBuffer::killWordForward,
        "moveWordLeft" to LineBuffer::moveWordLeft,
        "moveWordRight" to LineBuffer::moveWordRight,
        "moveLineStart" to LineBuffer::moveLineStart,
        "moveLineEnd" to LineBuffer::moveLineEnd,
        "moveUp" to LineBuffer::moveUp,
        "moveDown" to LineBuffer::moveDown,
        "transpose" to LineBuffer::transpose,
        "insert xy" to { b -> b.insert("xy") },
        "insert emoji" to { b -> b.insert("\uD83D\uDE00") },
    )

    context("each operation") {
        withData(
            nameFn = { "${it.op}: '${it.before}' -> '${it.after}'" },
            ts = listOf(
                Case("moveLeft", "ab|c", "a|bc", true),
                Case("moveLeft", "|abc", "|abc", false),
                Case("moveLeft", "a😀|b", "a|😀b", true),
                Case("moveRight", "a|bc", "ab|c", true),
                Case("moveRight", "abc|", "abc|", false),
                Case("moveRight", "a|😀b", "a😀|b", true),
                Case("moveHome", "ab|c", "|abc", true),
                Case("moveHome", "|abc", "|abc", false),
                Case("moveEnd", "a|bc", "abc|", true),
                Case("moveEnd", "abc|", "abc|", false),
                Case("deleteBackward", "ab|c", "a|c", true),
                Case("deleteBackward", "|abc", "|abc", false),
                Case("deleteBackward", "a😀|b", "a|b", true),
                Case("deleteBackward", "中|文", "|文", true),
                Case("deleteForward", "a|bc", "a|c", true),
                Case("deleteForward", "abc|", "abc|", false),
                Case("deleteForward", "a|😀b", "a|b", true),
                Case("killToStart", "ab|cd", "|cd", "ab"),
                Case("killToStart", "|abc", "|abc", ""),
                Case("killToEnd", "ab|cd", "ab|", "cd"),
                Case("killToEnd", "abc|", "abc|", ""),
                Case("killBigWordBackward", "foo bar|", "foo |", "bar"),
                Case("killBigWordBackward", "foo bar  |", "foo |", "bar  "),
                Case("killBigWordBackward", "  foo|", "  |", "foo"),
                Case("killBigWordBackward", "   |", "|", "   "),
                Case("killBigWordBackward", "foo ba|r", "foo |r", "ba"),
                Case("killBigWordBackward", "foo |bar", "|bar", "foo "),
                Case("killBigWordBackward", "|foo", "|foo", ""),
                Case("killBigWordBackward", "a\tb|", "a\t|", "b"),
                Case("killBigWordBackward", "x 😀😀|", "x |", "😀😀"),
                Case("killBigWordBackward", "path/to/file|", "|", "path/to/file"),
                Case("killWordBackward", "foo bar|", "foo |", "bar"),
                Case("killWordBackward", "path/to/file|", "path/to/|", "file"),
                Case("killWordBackward", "path/to/|", "path/|", "to/"),
                Case("killWordBackward", "foo bar  |", "foo |", "bar  "),
                Case("killWordBackward", "|foo", "|foo", ""),
                Case("killWordBackward", "x 中文|", "x |", "中文"),
                Case("killWordForward", "|foo bar", "| bar", "foo"),
                Case("killWordForward", "foo| bar", "foo|", " bar"),
                Case("killWordForward", "a|-b-c", "a|-c", "-b"),
                Case("killWordForward", "abc|", "abc|", ""),
                Case("moveWordLeft", "foo bar|", "foo |bar", true),
                Case("moveWordLeft", "foo |bar", "|foo bar", true),
                Case("moveWordLeft", "foo-bar-|", "foo-|bar-", true),
                Case("moveWordLeft", "|foo", "|foo", false),
                Case("moveWordLeft", "a 😀😀|", "|a 😀😀", true),
                Case("moveWordRight", "|foo bar", "foo| bar", true),
                Case("moveWordRight", "foo| bar", "foo bar|", true),
                Case("moveWordRight", "|--x--", "--x|--", true),
                Case("moveWordRight", "foo|", "foo|", false),
                Case("moveLineStart", "ab\ncd|e", "ab\n|cde", true),
                Case("moveLineStart", "a|b\ncd", "|ab\ncd", true),
                Case("moveLineEnd", "a|b\ncd", "ab|\ncd", true),
                Case("moveLineEnd", "ab\nc|d", "ab\ncd|", true),
                Case("moveUp", "abc\nd|e", "a|bc\nde", true),
                Case("moveUp", "a\nxyz|", "a|\nxyz", true),
                Case("moveUp", "a|bc", "a|bc", false),
                Case("moveUp", "😀😀\n12|", "😀😀|\n12", true),
                Case("moveDown", "a|bc\nde", "abc\nd|e", true),
                Case("moveDown", "abc|\nd", "abc\nd|", true),
                Case("moveDown", "ab\nc|d", "ab\nc|d", false),
                Case("killToStart", "ab\ncd|e", "ab\n|e", "cd"),
                Case("killToEnd", "a|b\ncd", "a|\ncd", "b"),
                Case("transpose", "ab|c", "acb|", true),
                Case("transpose", "abc|", "acb|", true),
                Case("transpose", "|abc", "|abc", false),
                Case("transpose", "a|", "a|", false),
                Case("transpose", "a😀|b", "ab😀|", true),
                Case("transpose", "a\n|b", "a\n|b", false),
                Case("insert xy", "a|b", "axy|b", Unit),
                Case("insert xy", "|", "xy|", Unit),
                Case("insert emoji", "a|b", "a😀|b", Unit),
            ),
        ) { case ->
            val buffer = buffer(case.before)
            ops.getValue(case.op)(buffer) shouldBe case.returns
            show(buffer) shouldBe case.after
        }
    }

    test("set puts the cursor on a code point boundary, clamped") {
        val buffer = LineBuffer()
        buffer.set("a😀b", 2)
        buffer.cursor shouldBe 1
        buffer.set("abc", 99)
        buffer.cursor shouldBe 3
        buffer.set("abc", -4)
        buffer.cursor shouldBe 0
    }

    test("a new buffer has its cursor at the end of the initial text") {
        val buffer = LineBuffer("abc")
        buffer.cursor shouldBe 3
        LineBuffer().isEmpty() shouldBe true
    }

    test("moves and deletes never split a surrogate pair") {
        val pieces = listOf("a", " ", "😀", "🦀", "中", "\u0301", "\n")
        val ops = listOf<(LineBuffer) -> Unit>(
            { it.moveLeft() }, { it.moveRight() }, { it.moveHome() }, { it.moveEnd() },
            { it.deleteBackward() }, { it.deleteForward() }, { it.killToStart() }, { it.killToEnd() },
            { it.killWordBackward() }, { it.killBigWordBackward() }, { it.killWordForward() },
            { it.moveWordLeft() }, { it.moveWordRight() }, { it.moveUp() }, { it.moveDown() }, { it.transpose() },
            { it.moveLineStart() }, { it.moveLineEnd() },
        )
        checkAll(
            500,
            Arb.list(Arb.element(pieces), 0..12),
            Arb.list(Arb.int(0 until ops.size), 0..30),
        ) { text, script ->
            val buffer = LineBuffer(text.joinToString(""))
            for (op in script) {
                ops[op](buffer)
                val t = buffer.text
                val c = buffer.cursor
                (c in 0..t.length) shouldBe true
                if (c in 1 until t.length) (t[c - 1].isHighSurrogate() && t[c].isLowSurrogate()) shouldBe false
                t.codePoints().noneMatch { it in 0xD800..0xDFFF } shouldBe true
            }
        }
    }

    test("takeUnchangedPrefix never claims more than the start that every change since the last call left alone") {
        val all = ops.values.toList() + listOf<(LineBuffer) -> Any>({ it.set("set") }, { it.replaceBeforeCursor(0, "r") })
        checkAll(500, Arb.list(Arb.element(listOf("a", " ", "😀", "中", "\n")), 0..12), Arb.list(Arb.int(all.indices), 0..40)) { text, script ->
            val buffer = LineBuffer(text.joinToString(""))
            buffer.takeUnchangedPrefix() shouldBe 0
            var last = buffer.text
            for ((i, op) in script.withIndex()) {
                all[op](buffer)
                if (i % 3 != 2) continue
                val now = buffer.text
                val same = buffer.takeUnchangedPrefix()
                (same <= minOf(last.length, now.length)) shouldBe true
                now.regionMatches(0, last, 0, same) shouldBe true
                last = now
            }
            // Typing at the end leaves the whole text before it alone.
            buffer.takeUnchangedPrefix()
            buffer.moveEnd()
            val before = buffer.length
            buffer.insert("typed")
            buffer.takeUnchangedPrefix() shouldBe before
        }
    }
})
