package coterm.history

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.property.Arb
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.filter
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll

/** Pieces that stress the escaping, mixed with any code point (surrogates excluded: they are tested alone). */
internal val trickyEntry: Arb<String> = Arb.list(
    Arb.choice(
        Arb.element("\\", "\n", "\r", "\r\n", "\\n", "\\\\", "\\r", "\\\n", "\\x", "a", " ", ":", "1700000000000:", "é", "e\u0301", "😀", "中", "\u0000", "\u001b", "\t", "\u2028", "\uFEFF", "\uFFFD"),
        Arb.int(0..0x10FFFF).filter { it !in 0xD800..0xDFFF }.map { String(Character.toChars(it)) },
    ),
    0..24,
).map { it.joinToString("") }

class HistoryFormatTest : FunSpec({
    data class Case(val entry: String, val line: String)

    context("encode and decode") {
        withData(
            nameFn = { "'${it.entry}' <-> '${it.line}'" },
            Case("ls -l", "ls -l"),
            Case("", ""),
            Case("a\\b", "a\\\\b"),
            Case("one\ntwo", "one\\ntwo"),
            Case("cr\rhere", "cr\\rhere"),
            Case("crlf\r\n", "crlf\\r\\n"),
            Case("literal \\n", "literal \\\\n"),
            Case("\\", "\\\\"),
            Case("\\\\n\n", "\\\\\\\\n\\n"),
            Case("tab\tstays", "tab\tstays"),
            Case("esc\u001b[0m and nul\u0000", "esc\u001b[0m and nul\u0000"),
            Case("中文 😀", "中文 😀"),
            Case("12:30 lunch", "12:30 lunch"),
        ) { (entry, line) ->
            HistoryFormat.encode(entry) shouldBe line
            HistoryFormat.decode(line) shouldBe entry
        }
    }

    context("reading is lenient where writing never goes") {
        withData(
            nameFn = { "'${it.line}' -> '${it.entry}'" },
            Case("c:\\x", "c:\\x"),
            Case("trailing\\", "trailing\\"),
            Case("\\t", "\\t"),
            Case("\\u0041", "\\u0041"),
        ) { (entry, line) ->
            HistoryFormat.decode(line) shouldBe entry
            // Written again in the canonical form, it still means the same entry.
            HistoryFormat.decode(HistoryFormat.encode(HistoryFormat.decode(line))) shouldBe entry
        }
    }

    test("JLine's untimestamped lines read as JLine reads them") {
        // JLine's DefaultHistory escapes \ as \\, LF as \n and CR as \r, and nothing else.
        HistoryFormat.decode("select 1;\\nselect 2;") shouldBe "select 1;\nselect 2;"
        HistoryFormat.decode("echo \\\\") shouldBe "echo \\"
        HistoryFormat.decode("a\\rb") shouldBe "a\rb"
    }

    test("a lone surrogate, which UTF-8 cannot hold, is written as U+FFFD; pairs are kept") {
        HistoryFormat.encode("a\uD800b") shouldBe "a\uFFFDb"
        HistoryFormat.encode("a\uDC00") shouldBe "a\uFFFD"
        HistoryFormat.encode("\uDE00\uD83D") shouldBe "\uFFFD\uFFFD"
        HistoryFormat.encode("\uD83D\uDE00") shouldBe "😀"
    }

    test("property: any entry round-trips and its line holds no line break") {
        checkAll(5000, trickyEntry) { entry ->
            val line = HistoryFormat.encode(entry)
            withClue("entry=${entry.map { it.code }}") {
                line shouldNotContain "\n"
                line shouldNotContain "\r"
                HistoryFormat.decode(line) shouldBe entry
                // UTF-8 holds it exactly, as the file will.
                String(line.toByteArray(Charsets.UTF_8), Charsets.UTF_8) shouldBe line
            }
        }
    }
})
