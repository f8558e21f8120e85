// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.DisplayText
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

private const val ESC = "\u001b"

/** Prompts as (styled text, plain text). */
internal val testPrompts = listOf(
    "> " to "> ",
    "$ESC[1;32mλ$ESC[0m " to "λ ",
    "user@host:~/src$ " to "user@host:~/src$ ",
    "0123456789" to "0123456789",
    "a中> " to "a中> ",
    "$ESC[1m(reverse-i-search)'some long search text': $ESC[0m" to "(reverse-i-search)'some long search text': ",
)

internal val testContinuations = listOf("", ". ", "...... ", "$ESC[2m... continued ...$ESC[0m ")

/** Pieces of text: characters of every width, controls in caret notation, newlines, long runs. */
internal val textPieces = listOf(
    "a", "b", " ", "~", "abcdefghijklmnopqrstuvwxyz", "x".repeat(25), "中", "😀", "\u0301", "\u0003", "\u001b",
    "\u007f", "\u0085", "\n", "\u00ad",
)

/** A random text of up to [pieces] pieces; no zero-width mark right after a newline (nothing for it to join). */
internal fun randomText(r: Random, pieces: Int): String = buildString {
    repeat(pieces) { append(textPieces.random(r)) }
}.replace(Regex("\n[\u0301\u00ad]+"), "\n")

/** The code-point boundaries of [text], where a cursor can be. */
internal fun boundaries(text: String): List<Int> =
    (0..text.length).filter { it == 0 || it == text.length || !Character.isLowSurrogate(text[it]) }

/** A prompt that the reference lays out right at [columns]: none whose wide character would meet a row's edge. */
internal fun promptFor(r: Random, columns: Int): Pair<String, String> =
    testPrompts.filter { (_, plain) -> plain.none { it == '中' } || plain.length + 1 <= columns }.random(r)

class LineLayoutTest : FunSpec({
    data class Case(val name: String, val prompt: String, val text: String, val cursor: Int, val columns: Int, val rows: List<String>, val at: Pair<Int, Int>)

    context("rows and cursor") {
        withData(
            nameFn = { it.name },
            ts = listOf(
                Case("plain line that fits", "> ", "hi", 2, 80, listOf("> hi"), 0 to 4),
                Case("cursor in the middle", "> ", "hello", 2, 80, listOf("> hello"), 0 to 4),
                Case("cursor at the start of the text", "> ", "hello", 0, 80, listOf("> hello"), 0 to 2),
                Case("cursor after an emoji", "> ", "a😀b", 3, 80, listOf("> a😀b"), 0 to 5),
                Case("wraps onto a second row", "> ", "abcdefghijklmno", 15, 10, listOf("> abcdefgh", "ijklmno"), 1 to 7),
                Case("wrapped, cursor on the first row", "> ", "abcdefghijklmno", 3, 10, listOf("> abcdefgh", "ijklmno"), 0 to 5),
                Case("text exactly fills the row", "> ", "abcdefgh", 8, 10, listOf("> abcdefgh", ""), 1 to 0),
                Case("text exactly fills the row, cursor on its last character", "> ", "abcdefgh", 7, 10, listOf("> abcdefgh", ""), 0 to 9),
                Case("prompt exactly fills the row", "0123456789", "", 0, 10, listOf("0123456789", ""), 1 to 0),
                Case("wide character wraps at the row edge", "> ", "abcdefg中", 8, 10, listOf("> abcdefg", "中"), 1 to 2),
                Case("cursor on a wide character that wrapped sits on it", "> ", "abcdefg中", 7, 10, listOf("> abcdefg", "中"), 1 to 0),
                Case("wide character ends exactly at the edge", "> ", "abcdef中", 7, 10, listOf("> abcdef中", ""), 1 to 0),
                Case("control characters in caret notation", "> ", "a\u0003b\u001b", 4, 80, listOf("> a^Cb^["), 0 to 8),
                Case("DEL and a C1 control", "> ", "\u007f\u0085", 2, 80, listOf("> ^?<U+0085>"), 0 to 12),
                Case("caret notation split by the row edge", "> ", "abcdefg\u0003", 8, 10, listOf("> abcdefg^", "C"), 1 to 1),
                Case("a C1 control spread over four rows", "> ", "\u0085x", 1, 2, listOf("> ", "<U", "+0", "08", "5>", "x"), 5 to 0),
                Case("styled prompt", "$ESC[1m> $ESC[0m", "hi", 2, 80, listOf("> hi"), 0 to 4),
                Case("a prompt wider than the screen", "$ESC[1mabcdefghijklmnopqrstuvwxy$ESC[0m", "12", 2, 10, listOf("abcdefghij", "klmnopqrst", "uvwxy12"), 2 to 7),
                Case("a prompt whose wide character meets the edge", "abcdefghi中> ", "x", 1, 10, listOf("abcdefghi", "中> x"), 1 to 5),
                Case("newline at the end of a full row", "> ", "abcdefgh\nx", 8, 10, listOf("> abcdefgh", ". x"), 0 to 9),
                Case("cursor at the end after a newline", "> ", "ab\n", 3, 10, listOf("> ab", ". "), 1 to 2),
            ),
        ) { case ->
            val layout = LineLayout(case.prompt, ". ", case.columns)
            layout.update(case.prompt, case.text)
            (0 until layout.rowCount).map { ReferenceLayout.plain(layout.row(it)) } shouldBe case.rows
            val at = layout.cursor(case.cursor)
            (LineLayout.rowOf(at) to LineLayout.columnOf(at)) shouldBe case.at
        }
    }

    test("a prompt wider than the screen keeps its style on every row") {
        val rows = PromptRows("$ESC[1;32mabcdefghijkl$ESC[0m> ", 5)
        rows.pieces shouldBe listOf("$ESC[1;32mabcde", "$ESC[1;32mfghij", "$ESC[1;32mkl$ESC[0m> ")
        rows.cells.toList() shouldBe listOf(5, 5, 4)
        PromptRows("> ", 5).pieces shouldBe listOf("> ")
        PromptRows("", 5).isEmpty shouldBe true
    }

    class LayoutCase(val prompt: String, val text: String, val cursor: Int, val columns: Int, val continuation: String) {
        override fun toString() = "${DisplayText.sanitize(text)}@$cursor, $columns columns, prompt '${DisplayText.sanitize(prompt)}', continued by '${DisplayText.sanitize(continuation)}'"
    }

    val cases: Arb<LayoutCase> = arbitrary { rs ->
        val r = rs.random
        val columns = if (r.nextInt(10) == 0) 80 else 2 + r.nextInt(14)
        val text = randomText(r, r.nextInt(40))
        val continuation = testContinuations.filter { DisplayText.widthOfStyled(it) > 0 || !text.contains("\n\u0301") }.random(r)
        LayoutCase(promptFor(r, columns).first, text, boundaries(text).random(r), columns, continuation)
    }

    test("the same rows and cursor as the character-by-character reference, for any text, cursor and width") {
        checkAll(3000, cases) { c ->
            withClue(c) {
                val layout = LineLayout(c.prompt, c.continuation, c.columns)
                layout.update(c.prompt, c.text)
                val reference = ReferenceLayout.of(c.prompt, c.text, c.cursor, c.columns, c.continuation)
                (0 until layout.rowCount).map { ReferenceLayout.plain(layout.row(it)) } shouldBe reference.rows
                val at = layout.cursor(c.cursor)
                (LineLayout.rowOf(at) to LineLayout.columnOf(at)) shouldBe (reference.cursorRow to reference.cursorColumn)
                (0 until layout.rowCount).forEach { (layout.row(it).cells <= c.columns) shouldBe true }
            }
        }
    }

    test("laid out again from the first changed row (told how much is unchanged, or not), the rows are those of a layout made from scratch") {
        checkAll(1000, cases) { c ->
            val r = Random(c.hashCode())
            val layout = LineLayout(c.prompt, c.continuation, c.columns)
            var text = c.text
            layout.update(c.prompt, text)
            repeat(12) { step ->
                val before = (0 until layout.rowCount).map { layout.row(it) }
                val at = boundaries(text).random(r)
                val kind = r.nextInt(4)
                // What the editor knows is unchanged (LineBuffer.takeUnchangedPrefix), or nothing.
                val unchanged = if (r.nextBoolean()) 0 else if (kind == 2 || kind == 3) text.length else at
                text = when (kind) {
                    0 -> text.substring(0, at) + randomText(r, 1 + r.nextInt(3)) + text.substring(at)
                    1 -> text.substring(0, at) + text.substring(boundaries(text).filter { it >= at }.random(r))
                    2 -> text + randomText(r, 1 + r.nextInt(5))
                    else -> text
                }.replace(Regex("\n[\u0301\u00ad]+"), "\n")
                val changedFrom = layout.update(c.prompt, text, unchanged)
                val fresh = LineLayout(c.prompt, c.continuation, c.columns).also { it.update(c.prompt, text) }
                withClue("$c, step $step: ${DisplayText.sanitize(text)}, changed from row $changedFrom") {
                    layout.rowCount shouldBe fresh.rowCount
                    (0 until layout.rowCount).map { layout.row(it) } shouldBe (0 until fresh.rowCount).map { fresh.row(it) }
                    (0 until layout.rowCount).map { layout.isSoft(it) } shouldBe (0 until fresh.rowCount).map { fresh.isSoft(it) }
                    (0 until minOf(changedFrom, before.size, layout.rowCount)).forEach { layout.row(it) shouldBe before[it] }
                    boundaries(text).forEach { layout.cursor(it) shouldBe fresh.cursor(it) }
                }
            }
        }
    }

    test("a million characters: an appended character lays out only the last row") {
        val layout = LineLayout("# ", ". ", 80)
        val text = "echo " + "x".repeat(1_000_000)
        layout.update("# ", text)
        val rows = layout.rowCount
        layout.update("# ", text + "y") shouldBe rows - 1
        layout.cursor(text.length + 1) shouldBe ((rows - 1).toLong() shl 32 or ((2 + text.length + 1) % 80).toLong())
    }
})
