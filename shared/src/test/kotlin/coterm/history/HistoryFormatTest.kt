// SPDX-License-Identifier: Apache-2.0
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
        Arb.element(
            "\\", "\n", "\r", "\r\n", "\\n", "\\\\", "\\r", "\\\n", "\\x", "a", " ", ":", "1700000000000:", "é", "e\u0301", "😀", "中",
            "\u0000", "\u001b", "\t", "\u007f", "\u0085", "\u009b", "\u009f", "\u00a0", "\u2028", "\uFEFF", "\uFFFD",
            "\\u001b", "\\u", "\\u00", "u001b", "\\u009B", "\\u0041",
        ),
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
            Case("esc\u001b[0m and nul\u0000", "esc\\u001b[0m and nul\\u0000"),
            Case("\u001b]52;c;cHduZWQ=\u0007", "\\u001b]52;c;cHduZWQ=\\u0007"),
            Case("bs\b del\u007f", "bs\\u0008 del\\u007f"),
            Case("c1 csi\u009b2J nel\u0085 \u0080 \u009f", "c1 csi\\u009b2J nel\\u0085 \\u0080 \\u009f"),
            Case("nbsp\u00a0 stays", "nbsp\u00a0 stays"),
            Case("typed \\u001b", "typed \\\\u001b"),
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
            Case("\\u00e9", "\\u00e9"),
            Case("\\u00", "\\u00"),
            Case("\\u001", "\\u001"),
            Case("\\u001g", "\\u001g"),
            Case("\\u\uff10\uff10\uff11\uff42", "\\u\uff10\uff10\uff11\uff42"),
            Case("\u001b", "\\u001B"),
            Case("\t", "\\u0009"),
            Case("raw \u001b from JLine", "raw \u001b from JLine"),
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

    test("JLine's lines with control characters (written raw) or a typed \\u (written \\\\u) read as JLine reads them") {
        HistoryFormat.decode("printf '\u001b[1m'") shouldBe "printf '\u001b[1m'"
        HistoryFormat.decode("echo \\\\u001b") shouldBe "echo \\u001b"
    }

    test("what JLine reads from our lines: a control character becomes the text u and its code, the rest is exact") {
        // JLine's DefaultHistory reads \X as X for any X but n, r and \ (its unescape).
        fun jlineReads(line: String): String = buildString {
            var i = 0
            while (i < line.length) {
                val c = line[i]
                if (c == '\\' && i + 1 < line.length) {
                    append(when (val next = line[i + 1]) { 'n' -> '\n'; 'r' -> '\r'; else -> next })
                    i += 2
                } else {
                    append(c)
                    i++
                }
            }
        }
        jlineReads(HistoryFormat.encode("ls\u001b[2J")) shouldBe "lsu001b[2J"
        jlineReads(HistoryFormat.encode("one\ntwo \\ three")) shouldBe "one\ntwo \\ three"
        jlineReads(HistoryFormat.encode("tab\there é 😀")) shouldBe "tab\there é 😀"
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
                // Nothing a terminal acts on, when the file is printed: no C0 but TAB, no DEL, no C1.
                line.filter { Character.isISOControl(it) && it != '\t' } shouldBe ""
                HistoryFormat.decode(line) shouldBe entry
                // UTF-8 holds it exactly, as the file will.
                String(line.toByteArray(Charsets.UTF_8), Charsets.UTF_8) shouldBe line
            }
        }
    }
})
