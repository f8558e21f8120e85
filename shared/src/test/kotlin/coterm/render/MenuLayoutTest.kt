// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.text.DisplayText
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

private const val INVERSE = "\u001b[7m"
private val SGR = Regex("\u001b\\[[0-9;]*m")

private fun plain(row: String) = row.replace(SGR, "")

/** [values] with [descriptions] (null: none), in sections of the given sizes and titles. */
internal fun menuItems(values: List<String>, descriptions: List<String?> = values.map { null }, sections: List<Pair<String?, Int>> = listOf(null to values.size)): MenuItems {
    var start = 0
    val ranges = sections.map { (title, size) -> MenuSection(title, start, start + size).also { start += size } }
    return MenuItems(values, descriptions, ranges)
}

class MenuLayoutTest : FunSpec({
    test("values without descriptions go in columns, row by row, each padded to the widest") {
        val layout = MenuLayout(menuItems(listOf("alpha", "beta", "gamma", "delta", "epsilon")), width = 30)
        // 7 cells a value, 2 between: 3 per row in 29 cells.
        layout.perRow shouldBe 3
        layout.page(-1, 10).map(::plain) shouldContainExactly listOf("alpha    beta     gamma", "delta    epsilon")
    }

    test("descriptions, when they fit, give one item a row with the descriptions lined up and cut, never wrapped") {
        val items = menuItems(listOf("help", "history"), listOf("list the commands", "list the lines entered, oldest first\nand more"))
        val layout = MenuLayout(items, width = 30)
        layout.describes shouldBe true
        layout.page(-1, 10).map(::plain) shouldContainExactly listOf("help     list the commands", "history  list the lines ente…")
    }

    test("on a screen too narrow for a description beside the values, only the values are shown") {
        val layout = MenuLayout(menuItems(listOf("a", "b"), listOf("first", "second")), width = 12)
        layout.describes shouldBe false
        layout.page(-1, 5).map(::plain) shouldContainExactly listOf("a  b")
    }

    test("groups are header rows, each group's items starting on a row of their own") {
        val items = menuItems(listOf("ls", "cd", "git", "make"), sections = listOf("builtins" to 2, "programs" to 2))
        val layout = MenuLayout(items, width = 12)
        layout.page(-1, 10).map(::plain) shouldContainExactly listOf("builtins", "ls    cd", "programs", "git   make")
        layout.page(-1, 10)[0] shouldContain "\u001b[1m"
        // Down from cd (column 1) skips the header to make; from make back round to cd.
        layout.vertical(1, down = true) shouldBe 3
        layout.vertical(3, down = true) shouldBe 1
        layout.vertical(0, down = false) shouldBe 2
    }

    test("moves wrap round the menu, and from no selection start at either end") {
        val layout = MenuLayout(menuItems(listOf("a", "b", "c", "d", "e")), width = 10)
        layout.perRow shouldBe 3
        layout.next(-1) shouldBe 0
        layout.previous(-1) shouldBe 4
        layout.next(4) shouldBe 0
        layout.previous(0) shouldBe 4
        // a b c / d e: down from c goes to the shorter row's last item.
        layout.vertical(2, down = true) shouldBe 4
        layout.vertical(4, down = true) shouldBe 1
        layout.vertical(-1, down = true) shouldBe 0
        layout.vertical(-1, down = false) shouldBe 4
    }

    test("the selected item is drawn in reverse video, and only it") {
        val layout = MenuLayout(menuItems(listOf("one", "two", "three")), width = 40)
        val rows = layout.page(1, 5)
        rows.single() shouldBe "one    ${INVERSE}two  \u001b[27m  three"
        layout.page(-1, 5).single() shouldNotContain INVERSE
    }

    test("a menu longer than the room pages, with the page that holds the selection and where it is") {
        val layout = MenuLayout(menuItems((1..10).map { "v$it" }, (1..10).map { "d$it" }), width = 40)
        layout.rowCount shouldBe 10
        layout.page(-1, 4).map(::plain) shouldContainExactly listOf("v1   d1", "v2   d2", "v3   d3", "rows 1-3 of 10")
        layout.page(7, 4).map(::plain) shouldContainExactly listOf("v7   d7", "v8   d8", "v9   d9", "rows 7-9 of 10")
        layout.page(9, 4).map(::plain) shouldContainExactly listOf("v10  d10", "rows 10-10 of 10")
        // One row of room: the selection's row alone; none: nothing.
        layout.page(5, 1).map(::plain) shouldContainExactly listOf("v6   d6")
        layout.page(5, 0) shouldBe emptyList()
    }

    test("a value wider than the screen is cut with an ellipsis, control characters in caret notation") {
        val layout = MenuLayout(menuItems(listOf("x".repeat(100), "a\u0001b")), width = 20)
        layout.page(-1, 5).map(::plain) shouldContainExactly listOf("x".repeat(18) + "…", "a^Ab")
    }

    test("a hundred thousand candidates: a move and a page cost the page, not the list") {
        val n = 100_000
        val items = menuItems((0 until n).map { "candidate$it" }, (0 until n).map { "description $it" }, listOf("first" to 50_000, "second" to 50_000))
        val layout = MenuLayout(items, width = 80)
        var selected = -1
        val start = System.nanoTime()
        repeat(10_000) {
            selected = layout.vertical(layout.next(selected), down = true)
            val rows = layout.page(selected, 20)
            rows.size shouldBe 20
        }
        val perKeyMicros = (System.nanoTime() - start) / 10_000 / 1000
        withClue("$perKeyMicros µs a move and page") { perKeyMicros shouldBeLessThanOrEqual 2_000L }
    }

    class Case(val width: Int, val height: Int, val items: MenuItems, val seed: Long) {
        override fun toString() = "${width}x$height, ${items.size} items in ${items.sections.size} sections, seed $seed"
    }

    val words = listOf("a", "ls", "git", "make", "status", "checkout", "中文字符", "😀x", "e\u0301t\u00e9", "\u0007bell", "a-much-longer-candidate-name-than-most")
    val cases: Arb<Case> = arbitrary { rs ->
        val r = rs.random
        val width = 20 + r.nextInt(181)
        val height = r.nextInt(30)
        val n = 1 + r.nextInt(if (r.nextBoolean()) 12 else 400)
        val values = (0 until n).map { i -> words.random(r) + (if (r.nextInt(4) == 0) "x".repeat(r.nextInt(250)) else "") + i }
        val described = r.nextBoolean()
        val descriptions = values.map { if (described && r.nextInt(3) > 0) words.random(r) + " " + "d".repeat(r.nextInt(300)) else null }
        val sections = ArrayList<Pair<String?, Int>>()
        var left = n
        while (left > 0) {
            val size = 1 + r.nextInt(left)
            sections.add((if (r.nextBoolean()) "group ${sections.size} " + "g".repeat(r.nextInt(250)) else null) to size)
            left -= size
        }
        Case(width, height, menuItems(values, descriptions, sections), r.nextLong())
    }

    test("on widths 20 to 200: every row fits, the selection is always shown, and the pages show every item exactly once") {
        checkAll(300, cases) { c ->
            val layout = MenuLayout(c.items, c.width)
            val r = Random(c.seed)
            // Every row fits in the width less its last cell, whatever is selected.
            var selected = -1
            repeat(40) {
                selected = when (r.nextInt(4)) {
                    0 -> layout.next(selected)
                    1 -> layout.previous(selected)
                    2 -> layout.vertical(selected, down = true)
                    else -> layout.vertical(selected, down = false)
                }
                val rows = layout.page(selected, c.height)
                rows.size shouldBeLessThanOrEqual c.height
                for (row in rows) withClue(row) { DisplayText.widthOfStyled(row) shouldBeLessThanOrEqual c.width - 1 }
                if (c.height > 0) withClue("$c selected $selected:\n" + rows.joinToString("\n")) {
                    rows.count { INVERSE in it } shouldBe 1
                    layout.pageRange(layout.rowOf(selected), c.height).contains(layout.rowOf(selected)) shouldBe true
                    layout.itemsOn(layout.rowOf(selected)).contains(selected) shouldBe true
                }
            }
            // Paging through from the first row covers every item exactly once.
            if (c.height > 0) {
                val seen = IntArray(c.items.size)
                var row = 0
                while (row < layout.rowCount) {
                    val page = layout.pageRange(row, c.height)
                    page.first shouldBe row
                    for (shown in page) for (i in layout.itemsOn(shown)) seen[i]++
                    row = page.last + 1
                }
                withClue(c) { seen.all { it == 1 } shouldBe true }
            }
        }
    }
})
