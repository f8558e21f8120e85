// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.property.Arb
import io.kotest.property.arbitrary.boolean
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll

private fun historyOf(vararg lines: String, max: Int = 1000): History =
    History(maxEntries = max, ignoreDuplicates = false, ignoreSpacePrefixed = false).apply { addOlder(lines.toList()) }

class HistoryTest : FunSpec({
    context("filters") {
        test("a line that passes every filter is added as the newest") {
            val history = History()
            history.add("ls -l") shouldBe true
            history.add("echo hi") shouldBe true
            history.entries shouldContainExactly listOf("ls -l", "echo hi")
            history[0] shouldBe "ls -l"
            history[1] shouldBe "echo hi"
            history.size shouldBe 2
        }

        test("blank lines are never added, whatever the options") {
            for (dups in listOf(true, false)) for (space in listOf(true, false)) {
                val history = History(ignoreDuplicates = dups, ignoreSpacePrefixed = space)
                for (blank in listOf("", " ", "   ", "\t", "\n", " \n\t\r ", "\u2003")) {
                    withClue("'$blank'") { history.add(blank) shouldBe false }
                }
                history.size shouldBe 0
            }
        }

        context("a line starting with a space is left out only when ignoreSpacePrefixed") {
            data class Case(val ignore: Boolean, val line: String, val added: Boolean)
            withData(
                nameFn = { "ignoreSpacePrefixed=${it.ignore} '${it.line}' added=${it.added}" },
                Case(true, " secret", false),
                Case(true, "  two spaces", false),
                Case(true, "\tleading tab", true),
                Case(true, "trailing space ", true),
                Case(true, "in side", true),
                Case(false, " secret", true),
            ) { (ignore, line, added) ->
                val history = History(ignoreSpacePrefixed = ignore)
                history.add(line) shouldBe added
                history.entries shouldBe if (added) listOf(line) else emptyList()
            }
        }

        test("a line equal to the newest is left out only when ignoreDuplicates; older copies stay (no erasedups)") {
            val history = History(ignoreDuplicates = true)
            history.add("a") shouldBe true
            history.add("a") shouldBe false
            history.add("b") shouldBe true
            history.add("a") shouldBe true
            history.entries shouldContainExactly listOf("a", "b", "a")

            val keepAll = History(ignoreDuplicates = false)
            keepAll.add("a") shouldBe true
            keepAll.add("a") shouldBe true
            keepAll.entries shouldContainExactly listOf("a", "a")
        }

        test("duplicates compare exactly: case, trailing spaces and newlines matter") {
            val history = History()
            history.add("ls")
            history.add("LS") shouldBe true
            history.add("LS ") shouldBe true
            history.add("LS \n") shouldBe true
            history.size shouldBe 4
        }

        test("accepts tells what add would do without adding") {
            val history = History()
            history.add("x")
            history.accepts("x") shouldBe false
            history.accepts(" y") shouldBe false
            history.accepts("y") shouldBe true
            history.size shouldBe 1
        }

        test("entries are kept exactly: newlines, control characters, any Unicode") {
            val odd = listOf("line one\nline two", "tab\there", "esc\u001b[31m", "中文 😀 e\u0301", "back\\slash", "\\n literal")
            val history = History()
            odd.forEach { history.add(it) shouldBe true }
            history.entries shouldContainExactly odd
        }
    }

    context("the bound") {
        test("the oldest entries are dropped beyond maxEntries") {
            val history = History(maxEntries = 3)
            (1..5).forEach { history.add("cmd $it") }
            history.entries shouldContainExactly listOf("cmd 3", "cmd 4", "cmd 5")
            history[0] shouldBe "cmd 3"
        }

        test("maxEntries 0 remembers nothing") {
            val history = History(maxEntries = 0)
            history.add("x") shouldBe false
            history.addOlder(listOf("a", "b"))
            history.size shouldBe 0
            history.olderInserted shouldBe 0
        }

        test("a negative bound is refused") {
            shouldThrow<IllegalArgumentException> { History(maxEntries = -1) }.message shouldContain "-1"
        }

        test("addOlder applies no filter and, past the bound, leaves out the oldest of what it is given") {
            val history = History(maxEntries = 4)
            history.add("typed")
            history.addOlder(listOf(" spaced", "dup", "dup", "x", "y"))
            history.entries shouldContainExactly listOf("dup", "x", "y", "typed")
            history.olderInserted shouldBe 3
        }

        test("addOlder puts the file's entries before the session's, and every index moves up by as many") {
            val history = History(maxEntries = 10)
            history.add("typed before the file was read")
            history[0] shouldBe "typed before the file was read"
            history.addOlder(listOf("a", "b"))
            history.entries shouldContainExactly listOf("a", "b", "typed before the file was read")
            history.olderInserted shouldBe 2
            history[0 + history.olderInserted] shouldBe "typed before the file was read"
        }

        test("addOlder on a full history adds nothing") {
            val history = History(maxEntries = 2)
            history.add("one")
            history.add("two")
            history.addOlder(listOf("old"))
            history.entries shouldContainExactly listOf("one", "two")
            history.olderInserted shouldBe 0
        }

        test("the size never passes the bound, whatever is added") {
            checkAll(Arb.int(0..20), Arb.list(Arb.element("", " ", "a", "b", " a", "a b"), 0..60)) { max, lines ->
                val history = History(maxEntries = max)
                lines.forEach { history.add(it) }
                (history.size <= max) shouldBe true
            }
        }

        test("entries is a snapshot") {
            val history = History()
            history.add("a")
            val snapshot = history.entries
            history.add("b")
            snapshot shouldContainExactly listOf("a")
        }

        test("get outside the range throws") {
            val history = historyOf("a")
            shouldThrow<IndexOutOfBoundsException> { history[1] }
            shouldThrow<IndexOutOfBoundsException> { history[-1] }
        }
    }

    context("the byte budget") {
        fun cost(line: String) = History.costOf(line)

        test("lines beyond the budget push out the oldest, and the newest always stays") {
            val a = "a".repeat(100)
            val b = "b".repeat(100)
            val c = "c".repeat(100)
            val history = History(ignoreDuplicates = false, maxBytes = cost(a) + cost(b))
            history.add(a)
            history.add(b)
            history.entries shouldContainExactly listOf(a, b)
            history.add(c)
            history.entries shouldContainExactly listOf(b, c)
            history.bytes shouldBe cost(b) + cost(c)
            // Longer than the whole budget: kept alone, so Up finds the line just entered.
            val huge = "h".repeat(1_000)
            history.add(huge)
            history.entries shouldContainExactly listOf(huge)
            history.bytes shouldBe cost(huge)
        }

        test("the default holds a line at the console's limit, with room to spare") {
            val history = History()
            val line = "x".repeat(1_000_000)
            history.add("ls")
            history.add(line)
            history.entries shouldContainExactly listOf("ls", line)
            repeat(10) { history.add(it.toString() + line) }
            withClue("a thousand entries of a million chars would be 2 GB; the budget keeps ${History.DEFAULT_MAX_BYTES}") {
                (history.bytes <= History.DEFAULT_MAX_BYTES) shouldBe true
                history.size shouldBe 4
            }
        }

        test("entries read from the file keep the newest that fit beside the session's lines") {
            val line = { c: Char -> c.toString().repeat(50) }
            val history = History(ignoreDuplicates = false, ignoreSpacePrefixed = false, maxBytes = 3 * cost(line('a')))
            history.add(line('s'))
            history.addOlder(listOf(line('a'), line('b'), line('c'), line('d')))
            history.entries shouldContainExactly listOf(line('c'), line('d'), line('s'))
            history.olderInserted shouldBe 2
        }

        test("random adds and loads never go over the budget, and always keep the newest entries") {
            checkAll(200, Arb.list(Arb.int(0..300), 1..60), Arb.int(0..4_000)) { lengths, budget ->
                val history = History(ignoreDuplicates = false, ignoreSpacePrefixed = false, maxBytes = budget.toLong())
                val added = lengths.mapIndexed { i, n -> "$i:" + "y".repeat(n) }
                added.forEach { history.add(it) }
                val entries = history.entries
                history.bytes shouldBe entries.sumOf { cost(it) }
                (history.bytes <= budget || entries.size == 1) shouldBe true
                entries shouldBe added.takeLast(entries.size)
                // Nothing was dropped that would have fitted.
                if (entries.size < added.size) (history.bytes + cost(added[added.size - entries.size - 1]) > budget) shouldBe true
            }
        }
    }

    context("search") {
        val history = historyOf("git status", "ls", "git commit", "echo git", "make")

        data class Case(val query: String, val start: Int, val expected: Int?)

        context("backward finds the newest match below the starting index") {
            withData(
                nameFn = { "'${it.query}' before ${it.start} -> ${it.expected}" },
                Case("git", 5, 3),
                Case("git", 3, 2),
                Case("git", 2, 0),
                Case("git", 0, null),
                Case("git", 100, 3),
                Case("git", Int.MAX_VALUE, 3),
                Case("git", -5, null),
                Case("git", Int.MIN_VALUE, null),
                Case("make", 5, 4),
                Case("make", 4, null),
                Case("nothing", 5, null),
                Case("", 5, 4),
                Case("", 1, 0),
                Case("", 0, null),
                Case("GIT", 5, null),
            ) { (query, before, expected) ->
                history.searchBackward(query, before) shouldBe expected
            }
        }

        context("forward finds the oldest match above the starting index") {
            withData(
                nameFn = { "'${it.query}' after ${it.start} -> ${it.expected}" },
                Case("git", -1, 0),
                Case("git", 0, 2),
                Case("git", 2, 3),
                Case("git", 3, null),
                Case("git", -100, 0),
                Case("git", Int.MIN_VALUE, 0),
                Case("git", Int.MAX_VALUE, null),
                Case("ls", 1, null),
                Case("ls", 0, 1),
                Case("", -1, 0),
                Case("", 3, 4),
                Case("", 4, null),
            ) { (query, after, expected) ->
                history.searchForward(query, after) shouldBe expected
            }
        }

        test("ignoreCase matches regardless of case") {
            history.searchBackward("GIT", 5, ignoreCase = true) shouldBe 3
            history.searchForward("Make", -1, ignoreCase = true) shouldBe 4
        }

        test("a query with a newline matches inside a multi-line entry") {
            val multi = historyOf("for i in 1 2\ndo echo \$i\ndone", "ls")
            multi.searchBackward("2\ndo", 2) shouldBe 0
            multi.searchForward("done", -1) shouldBe 0
        }

        test("an empty history finds nothing") {
            val empty = History()
            empty.searchBackward("", 0).shouldBe(null)
            empty.searchBackward("x", 10).shouldBe(null)
            empty.searchForward("", -1).shouldBe(null)
            empty.entries.shouldBeEmpty()
        }

        // Upper and lower case of the same letters, so that ignoreCase decides some searches.
        val alphabet = "abcAB\n".toList()

        /** The model of a match, independent of the code under test: case folded by hand when ignoring case. */
        fun matches(line: String, query: String, ignoreCase: Boolean) =
            if (ignoreCase) line.lowercase().contains(query.lowercase()) else line.contains(query)

        val entryArb = Arb.list(Arb.element(alphabet), 0..6).map { it.joinToString("") }
        val queryArb = Arb.list(Arb.element(alphabet), 0..2).map { it.joinToString("") }

        test("property: the backward result contains the query and is the nearest one below the start") {
            var caseDecided = 0
            checkAll(2000, Arb.list(entryArb, 0..15), queryArb, Arb.int(-3..18), Arb.boolean()) { lines, query, before, ignoreCase ->
                val h = historyOf(*lines.toTypedArray())
                val found = h.searchBackward(query, before, ignoreCase)
                val below = (0 until before.coerceIn(0, lines.size))
                val expected = below.lastOrNull { matches(lines[it], query, ignoreCase) }
                if (expected != below.lastOrNull { matches(lines[it], query, !ignoreCase) }) caseDecided++
                withClue("lines=$lines query='$query' before=$before ignoreCase=$ignoreCase") {
                    found shouldBe expected
                    if (found != null) {
                        (found < before) shouldBe true
                        matches(h[found], query, ignoreCase) shouldBe true
                        ((found + 1) until before.coerceAtMost(lines.size)).none { matches(lines[it], query, ignoreCase) } shouldBe true
                    }
                }
            }
            withClue("searches whose answer depends on ignoreCase") { (caseDecided > 0) shouldBe true }
        }

        test("property: the forward result contains the query and is the nearest one above the start") {
            var caseDecided = 0
            checkAll(2000, Arb.list(entryArb, 0..15), queryArb, Arb.int(-3..18), Arb.boolean()) { lines, query, after, ignoreCase ->
                val h = historyOf(*lines.toTypedArray())
                val found = h.searchForward(query, after, ignoreCase)
                val above = ((after + 1).coerceAtLeast(0) until lines.size)
                val expected = above.firstOrNull { matches(lines[it], query, ignoreCase) }
                if (expected != above.firstOrNull { matches(lines[it], query, !ignoreCase) }) caseDecided++
                withClue("lines=$lines query='$query' after=$after ignoreCase=$ignoreCase") {
                    found shouldBe expected
                    if (found != null) {
                        (found > after) shouldBe true
                        matches(h[found], query, ignoreCase) shouldBe true
                        ((after + 1).coerceAtLeast(0) until found).none { matches(lines[it], query, ignoreCase) } shouldBe true
                    }
                }
            }
            withClue("searches whose answer depends on ignoreCase") { (caseDecided > 0) shouldBe true }
        }

        test("property: walking backward from the end visits every match once, newest first") {
            checkAll(500, Arb.list(entryArb, 0..15), queryArb) { lines, query ->
                val h = historyOf(*lines.toTypedArray())
                val visited = generateSequence(h.searchBackward(query, h.size)) { h.searchBackward(query, it) }.toList()
                visited shouldBe lines.indices.filter { lines[it].contains(query) }.reversed()
                val forward = generateSequence(h.searchForward(query, -1)) { h.searchForward(query, it) }.toList()
                forward shouldBe visited.reversed()
            }
        }
    }
})
