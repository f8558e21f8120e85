// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.bind
import io.kotest.property.arbitrary.boolean
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll

/** What [KillRing] is checked against: every entry, whole, no budget. */
private class NaiveRing {
    val entries = ArrayDeque<String>()

    fun kill(text: String, append: Boolean, backwards: Boolean) {
        if (text.isEmpty()) return
        if (append && entries.isNotEmpty()) {
            val newest = entries.removeFirst()
            entries.addFirst(if (backwards) text + newest else newest + text)
        } else {
            entries.addFirst(text)
        }
    }
}

private data class Kill(val text: String, val append: Boolean, val backwards: Boolean)

private val kills = Arb.bind(Arb.string(0..30), Arb.boolean(), Arb.boolean(), ::Kill)

/** Every entry of [ring], newest first, read through Ctrl+Y and Alt+Y. */
private fun KillRing.all(): List<String> {
    val first = yank() ?: return emptyList()
    return listOf(first) + List(size - 1) { rotate()!! }
}

/** Bytes allocated on this thread while [block] runs. */
private fun allocatedBy(block: () -> Unit): Long {
    val threads = java.lang.management.ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
    val before = threads.currentThreadAllocatedBytes
    block()
    return threads.currentThreadAllocatedBytes - before
}

private fun cost(text: String) = KillRing.ENTRY_OVERHEAD + 2L * text.length

class KillRingTest : FunSpec({
    test("with room enough it keeps every kill, joined as readline joins them") {
        checkAll(300, Arb.list(kills, 0..40)) { script ->
            val ring = KillRing()
            val naive = NaiveRing()
            for (k in script) {
                ring.kill(k.text, k.append, k.backwards)
                naive.kill(k.text, k.append, k.backwards)
            }
            ring.all() shouldBe naive.entries.toList()
        }
    }

    test("with a small budget: the bytes never exceed it but for one entry alone, and the newest entries are the ones kept") {
        checkAll(300, Arb.long(0L..600L), Arb.list(kills, 0..60)) { budget, script ->
            val ring = KillRing(budget)
            val naive = NaiveRing()
            for (k in script) {
                ring.kill(k.text, k.append, k.backwards)
                naive.kill(k.text, k.append, k.backwards)
                if (ring.size > 1) ring.bytes shouldBeLessThanOrEqual budget
            }
            withClue("budget $budget") {
                val kept = ring.all()
                kept shouldBe naive.entries.take(kept.size)
                ring.isEmpty shouldBe naive.entries.isEmpty()
            }
        }
    }

    context("an entry larger than the whole budget is kept alone, whole, until the next kill") {
        withData(
            nameFn = { "killed by ${it.first}" },
            "one kill" to listOf(Kill("y".repeat(100), append = false, backwards = false)),
            "kills joined backwards" to List(10) { Kill("word$it ", append = it > 0, backwards = true) },
            "kills joined forwards" to List(10) { Kill("word$it ", append = it > 0, backwards = false) },
        ) { (_, script) ->
            val ring = KillRing(budgetBytes = 100)
            ring.kill("older", append = false, backwards = false)
            for (k in script) ring.kill(k.text, k.append, k.backwards)
            val expected = NaiveRing().apply { for (k in script) kill(k.text, k.append, k.backwards) }.entries.first()
            ring.all() shouldBe listOf(expected)
            ring.kill("next", append = false, backwards = false)
            ring.all() shouldBe listOf("next")
        }
    }

    test("the bytes count each entry's text once it is yanked, and each piece of a growing entry before that") {
        val ring = KillRing()
        ring.kill("two", append = false, backwards = false)
        ring.kill("one ", append = true, backwards = true)
        ring.bytes shouldBe cost("two") + cost("one ")
        ring.yank() shouldBe "one two"
        ring.bytes shouldBe cost("one two")
    }

    test("holding Ctrl+W down on a long line: a kill that joins the entry does not copy what it joins") {
        val words = List(20_000) { "w$it " }
        val ring = KillRing()
        val allocated = allocatedBy { for ((i, w) in words.withIndex()) ring.kill(w, append = i > 0, backwards = true) }
        // Joining by copying would allocate the growing entry each time: 20,000 copies of up to
        // 130,000 chars, gigabytes. Pieces cost a few dozen bytes each.
        allocated shouldBeLessThanOrEqual 20L * 1024 * 1024
        ring.yank() shouldBe words.reversed().joinToString("")
    }
})
