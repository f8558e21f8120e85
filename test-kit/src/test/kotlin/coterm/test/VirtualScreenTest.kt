// SPDX-License-Identifier: Apache-2.0
package coterm.test

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random

/** How output bytes reach the screen: every case must give the same screen for each. */
private enum class Chunking {
    Whole, ByteByByte, RandomSplits;

    fun feed(screen: VirtualScreen, bytes: ByteArray) {
        when (this) {
            Whole -> screen.feed(bytes)
            ByteByByte -> bytes.indices.forEach { screen.feed(bytes, it, 1) }
            RandomSplits -> {
                val random = Random(bytes.size)
                var i = 0
                while (i < bytes.size) {
                    val n = minOf(bytes.size - i, 1 + random.nextInt(4))
                    screen.feed(bytes, i, n)
                    i += n
                }
            }
        }
    }
}

private const val ESC = "\u001b"

private data class Case(
    val name: String,
    val output: String,
    val lines: List<String>,
    val cursor: Pair<Int, Int>,
    val columns: Int = 80,
    val rows: Int = 24,
) {
    override fun toString() = name
}

class VirtualScreenTest : FunSpec({

    val cases = listOf(
        Case("plain text", "hello", listOf("hello"), 0 to 5),
        Case("CR returns to column 0 and text overwrites", "hello\rJ", listOf("Jello"), 0 to 1),
        Case("LF moves down without returning", "ab\ncd", listOf("ab", "  cd"), 1 to 4),
        Case("CRLF starts a new line", "ab\r\ncd", listOf("ab", "cd"), 1 to 2),
        Case("BS moves left and stops at column 0", "abc\b\bX\b\b\b\bY", listOf("YXc"), 0 to 1),
        Case("HT goes to the next multiple of 8", "a\tb\tc", listOf("a" + " ".repeat(7) + "b" + " ".repeat(7) + "c"), 0 to 17),
        Case("HT stops at the last column", "a\t\t\tb", listOf("a" + " ".repeat(8) + "b"), 0 to 9, columns = 10),
        Case("cursor right and left, default 1", "abcdef${ESC}[D${ESC}[3DX${ESC}[CY${ESC}[2CZ", listOf("abXdYf Z"), 0 to 8),
        Case("cursor moves are clamped to the screen", "${ESC}[99Ca${ESC}[99Db${ESC}[99A${ESC}[99Bc", listOf("b        a", "", " c"), 2 to 2, columns = 10, rows = 3),
        Case("cursor up and down keep the column", "ab\r\ncd${ESC}[AX${ESC}[BY", listOf("abX", "cd Y"), 1 to 4),
        Case("G sets the column, 1-based, default 1", "abcdef${ESC}[3GX${ESC}[GY", listOf("YbXdef"), 0 to 1),
        Case("H sets row and column, 1-based", "${ESC}[2;3HX${ESC}[HY${ESC}[3fZ", listOf("Y", "  X", "Z"), 2 to 1),
        Case("K erases to end of line", "abcdef${ESC}[3G${ESC}[K", listOf("ab"), 0 to 2),
        Case("1K erases to the cursor", "abcdef${ESC}[3G${ESC}[1K", listOf("   def"), 0 to 2),
        Case("2K erases the line, cursor stays", "abcdef${ESC}[3G${ESC}[2K", listOf(""), 0 to 2),
        Case("J erases below", "a\r\nbcd\r\ne${ESC}[A${ESC}[2G${ESC}[J", listOf("a", "b"), 1 to 1),
        Case("2J erases the screen, cursor stays", "a\r\nb${ESC}[2J", listOf(""), 1 to 1),
        Case("SGR is ignored", "${ESC}[1;32m#${ESC}[0m ${ESC}[38;5;208mx${ESC}[m", listOf("# x"), 0 to 3),
        Case("a line editor redraw", "# hlep\r${ESC}[K# help${ESC}[2D${ESC}[K", listOf("# he"), 0 to 4),
        Case("the last column wraps only when the next character comes", "abcde\rX", listOf("Xbcde"), 0 to 1, columns = 5),
        Case("a sixth character in five columns wraps", "abcdef", listOf("abcde", "f"), 1 to 1, columns = 5),
        Case("CRLF at the last column does not make an empty line", "abcde\r\nf", listOf("abcde", "f"), 1 to 1, columns = 5),
        Case("cursor movement cancels a pending wrap", "abcde${ESC}[DX", listOf("abcXe"), 0 to 4, columns = 5),
        Case("UTF-8 text", "héllo € ✓", listOf("héllo € ✓"), 0 to 9),
        Case("wide characters take two cells", "中文a", listOf("中文a"), 0 to 5),
        Case("overwriting half a wide character blanks the other half", "中文\rx", listOf("x 文"), 0 to 1),
        Case("a wide character that does not fit wraps whole", "abcd中", listOf("abcd", "中"), 1 to 2, columns = 5),
        Case("a combining mark joins the previous character", "e\u0301x", listOf("e\u0301x"), 0 to 2),
        Case("NUL and other stray controls are ignored", "a\u0000b", listOf("ab"), 0 to 2),
    )

    context("screen contents") {
        Chunking.entries.forEach { chunking ->
            context(chunking.name) {
                withTests(cases) { case ->
                    val screen = VirtualScreen(case.columns, case.rows)
                    chunking.feed(screen, case.output.toByteArray(Charsets.UTF_8))
                    val shot = screen.snapshot()
                    shot.lines.dropLastWhile { it.isEmpty() } shouldContainExactly case.lines.dropLastWhile { it.isEmpty() }
                    (shot.cursorRow to shot.cursorColumn) shouldBe case.cursor
                }
            }
        }
    }

    test("invalid UTF-8 bytes become U+FFFD without eating what follows") {
        Chunking.entries.forEach { chunking ->
            val screen = VirtualScreen()
            chunking.feed(screen, byteArrayOf('a'.code.toByte(), 0xc3.toByte(), 'b'.code.toByte(), 0xff.toByte(), 0xe2.toByte(), 0x82.toByte(), '\r'.code.toByte()))
            screen.snapshot().lines[0] shouldBe "a\uFFFDb\uFFFD\uFFFD"
        }
    }

    test("LF at the bottom scrolls the top row into the scrollback") {
        val screen = VirtualScreen(columns = 10, rows = 3)
        screen.feed((1..5).joinToString("\r\n") { "line $it" })
        val shot = screen.snapshot()
        shot.lines shouldContainExactly listOf("line 3", "line 4", "line 5")
        shot.scrollback shouldContainExactly listOf("line 1", "line 2")
        shot.allLines shouldContainExactly (1..5).map { "line $it" }
        (shot.cursorRow to shot.cursorColumn) shouldBe (2 to 6)
    }

    test("the scrollback is bounded") {
        val screen = VirtualScreen(columns = 10, rows = 2, scrollbackLimit = 3)
        screen.feed((1..10).joinToString("\r\n") { "$it" })
        screen.snapshot().allLines shouldContainExactly listOf("6", "7", "8", "9", "10")
    }

    test("3J clears the scrollback too") {
        val screen = VirtualScreen(columns = 10, rows = 2)
        screen.feed("a\r\nb\r\nc${ESC}[3J")
        screen.snapshot().allLines.shouldBeEmpty()
    }

    test("private modes are recorded while set, and those outside the subset are listed as unsupported") {
        val screen = VirtualScreen()
        screen.feed("${ESC}[?2004h${ESC}[?1;25h")
        screen.privateModes shouldBe setOf(2004, 1, 25)
        screen.feed("${ESC}[?2004l${ESC}[?1l")
        screen.privateModes shouldBe setOf(25)
        // Recorded, but outside the subset: a program that hides the cursor or switches screens is caught.
        screen.unsupported shouldContainExactly listOf("ESC[?25h")
        screen.feed("${ESC}[?1049h${ESC}[?25l")
        screen.unsupported shouldContainExactly listOf("ESC[?25h", "ESC[?1049h", "ESC[?25l")
        screen.snapshot().allLines.shouldBeEmpty()
    }

    test("a cursor position request is answered, 1-based") {
        val screen = VirtualScreen()
        screen.feed("ab\r\ncde${ESC}[6n")
        String(screen.takeReplies()) shouldBe "${ESC}[2;4R"
        screen.takeReplies().size shouldBe 0
        screen.feed("${ESC}[5n")
        String(screen.takeReplies()) shouldBe "${ESC}[0n"
    }

    test("sequences outside the subset are listed and leave the screen alone") {
        val screen = VirtualScreen()
        screen.feed("a${ESC}7${ESC}[s${ESC}]0;title\u0007${ESC}]2;t${ESC}\\${ESC}(B${ESC}[2Sb\u000ec${ESC}[>c")
        screen.snapshot().lines[0] shouldBe "abc"
        screen.unsupported shouldContainExactly listOf("ESC7", "ESC[s", "ESC]0;title", "ESC]2;t", "ESC(B", "ESC[2S", "^N", "ESC[>c")
    }

    test("the subset itself leaves nothing unsupported") {
        val screen = VirtualScreen()
        screen.feed("\u001b[1;31m# \u001b[0mab\b\t\r\n\u001b[K\u001b[2C\u001b[3D\u001b[A\u001b[B\u001b[5G\u001b[J\u001b[?2004h\u001b[?2004l\u0007")
        screen.unsupported.shouldBeEmpty()
    }

    test("render frames the rows and marks the cursor") {
        val screen = VirtualScreen(columns = 6, rows = 2)
        screen.feed("# ab\r\n# ")
        val rendered = screen.snapshot().render()
        rendered shouldContain " 0 |# ab\n"
        rendered shouldContain " 1 |# █\n"
        rendered shouldContain "cursor row 1 col 2"
    }

    test("snapshot helpers") {
        val screen = VirtualScreen(columns = 20, rows = 3)
        screen.feed("# hlep^C\r\n# echo ok\r\nok\r\n# ")
        val shot = screen.snapshot()
        shot.hasLine("ok") shouldBe true
        shot.hasLine("o") shouldBe false
        ("echo ok" in shot) shouldBe true
        shot.cursorLine shouldBe "#"
        shot.lineAboveCursor shouldBe "ok"
        shot.scrollback shouldContainExactly listOf("# hlep^C")
    }

    test("SGR sets each cell's style until it is reset, and erasing leaves plain cells") {
        val screen = VirtualScreen(columns = 20, rows = 2)
        screen.feed("${ESC}[1;31mab${ESC}[22mc${ESC}[0m d ${ESC}[4;38;5;208;48;2;1;2;3me${ESC}[m${ESC}[7mf${ESC}[27m")
        val shot = screen.snapshot()
        shot.styleAt(0, 0) shouldBe CellStyle(bold = true, foreground = "31")
        shot.styleAt(0, 2) shouldBe CellStyle(foreground = "31")
        shot.styleAt(0, 4).isPlain shouldBe true
        shot.styleOf("e") shouldBe CellStyle(underline = true, foreground = "38;5;208", background = "48;2;1;2;3")
        shot.styleOf("f") shouldBe CellStyle(inverse = true)
        screen.unsupported.shouldBeEmpty()
        screen.feed("\r${ESC}[K")
        screen.snapshot().styleAt(0, 0).isPlain shouldBe true
    }

    test("an SGR parameter outside the model is listed and changes nothing") {
        val screen = VirtualScreen()
        screen.feed("${ESC}[1m${ESC}[38;9mx")
        screen.snapshot().styleOf("x") shouldBe CellStyle(bold = true)
        screen.unsupported shouldContainExactly listOf("ESC[38;9m")
    }

    test("resize cuts rows without re-wrapping and keeps the cursor's row on screen") {
        val screen = VirtualScreen(columns = 10, rows = 4)
        screen.feed("one\r\ntwo\r\nthree long\r\nfour")
        screen.resize(5, 2)
        val shot = screen.snapshot()
        shot.lines shouldContainExactly listOf("three", "four")
        shot.scrollback shouldContainExactly listOf("one", "two")
        (shot.cursorRow to shot.cursorColumn) shouldBe (1 to 4)
        screen.resize(8, 3)
        screen.snapshot().lines shouldContainExactly listOf("three", "four", "")
    }
})
