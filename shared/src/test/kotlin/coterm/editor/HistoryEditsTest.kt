// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.bind
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll

private fun cost(text: String) = HistoryEdits.ENTRY_OVERHEAD + 2L * text.length

class HistoryEditsTest : FunSpec({
    test("the bytes never exceed the budget but for one edit alone; the edit stored last is always kept, older ones go first") {
        checkAll(300, Arb.long(0L..500L), Arb.list(Arb.bind(Arb.int(0..9), Arb.string(0..40)) { i, s -> i to s }, 1..50)) { budget, stores ->
            val edits = HistoryEdits(budget)
            val stored = LinkedHashMap<Int, String>()
            for ((index, text) in stores) {
                edits[index] = text
                stored.remove(index)
                stored[index] = text
                if (edits.size > 1) edits.bytes shouldBeLessThanOrEqual budget
                edits.bytes shouldBe (0..9).sumOf { i -> edits[i]?.let(::cost) ?: 0L }
                edits[index] shouldBe text
                // What is kept is the newest part of what was stored, as stored.
                val kept = stored.entries.toList().takeLast(edits.size)
                for ((i, t) in kept) edits[i] shouldBe t
                for ((i, _) in stored.entries.toList().dropLast(edits.size)) edits[i].shouldBeNull()
            }
        }
    }

    test("shift moves every edit by the older entries inserted, keeping which goes first and what they cost") {
        val edits = HistoryEdits(budgetBytes = cost("aa") + cost("bb"))
        edits[3] = "aa"
        edits[1] = "bb"
        val bytes = edits.bytes
        edits.shift(5)
        edits[3].shouldBeNull()
        edits[8] shouldBe "aa"
        edits[6] shouldBe "bb"
        edits.bytes shouldBe bytes
        edits[0] = "cc" // over the budget: the oldest (now at 8) goes first
        edits[8].shouldBeNull()
        edits[6] shouldBe "bb"
    }

    test("moving through the history keeps the draft and what was typed over an entry") {
        val history = History().apply { addOlder(listOf("first", "second")) }
        val editor = LineEditor(history = history)
        fun type(text: String) = text.forEach { editor.handle(InputEvent.Key(KeyCode.Char(it.code))) }
        val up = InputEvent.Key(KeyCode.Up)
        val down = InputEvent.Key(KeyCode.Down)
        type("draft")
        editor.handle(up)
        type(" edited")
        editor.handle(up)
        editor.buffer.text shouldBe "first"
        editor.handle(down)
        editor.buffer.text shouldBe "second edited"
        editor.handle(down)
        editor.buffer.text shouldBe "draft"
    }
})
