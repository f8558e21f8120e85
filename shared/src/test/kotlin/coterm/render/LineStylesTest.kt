// SPDX-License-Identifier: Apache-2.0
package coterm.render

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll

/** The spans [LineStyles.Builder] keeps, as the class comment says: clipped, sorted (stably), overlaps to the earlier. */
private fun reference(length: Int, spans: List<Triple<Int, Int, String>>): List<Triple<Int, Int, String>> {
    val kept = spans.map { (s, e, c) -> Triple(s.coerceIn(0, length), e.coerceIn(0, length), c) }
        .filter { (s, e, c) -> s < e && c.isNotEmpty() }
        .sortedBy { it.first }
    val out = ArrayList<Triple<Int, Int, String>>()
    var covered = 0
    for ((s0, e, c) in kept) {
        val s = maxOf(s0, covered)
        if (s >= e) continue
        out += Triple(s, e, c)
        covered = e
    }
    return out
}

private fun LineStyles?.spans(): List<Triple<Int, Int, String>> =
    if (this == null) emptyList() else (0 until size).map { Triple(start(it), end(it), code(it)) }

class LineStylesTest : FunSpec({
    val codes = listOf("\u001b[1m", "\u001b[31m", "\u001b[33m", "")

    test("spans in any order, clipped, empty or overlapping: the builder keeps what the reference keeps") {
        val arb = arbitrary { rs ->
            val length = rs.random.nextInt(0, 40)
            val spans = (0 until rs.random.nextInt(0, 20)).map {
                Triple(rs.random.nextInt(-3, length + 4), rs.random.nextInt(-3, length + 4), codes[rs.random.nextInt(codes.size)])
            }
            length to spans
        }
        checkAll(1_000, arb) { (length, spans) ->
            val builder = LineStyles.Builder(length)
            spans.forEach { (s, e, c) -> builder.add(s, e, c) }
            builder.build().spans() shouldBe reference(length, spans)
        }
    }

    test("spans given in order, as a highlighter scans, are kept without a sort, and alike") {
        val arb = arbitrary { rs ->
            val length = rs.random.nextInt(1, 60)
            var at = 0
            val spans = ArrayList<Triple<Int, Int, String>>()
            while (at < length && spans.size < 30) {
                val start = at + rs.random.nextInt(0, 3)
                val end = start + rs.random.nextInt(1, 6)
                spans += Triple(start, end, codes[rs.random.nextInt(codes.size - 1)])
                // Sometimes the next span starts inside this one: in order still, overlapping.
                at = if (rs.random.nextInt(4) == 0) start + 1 else end
            }
            length to spans
        }
        checkAll(1_000, arb) { (length, spans) ->
            val builder = LineStyles.Builder(length)
            spans.forEach { (s, e, c) -> builder.add(s, e, c) }
            builder.sorts shouldBe false
            builder.build().spans() shouldBe reference(length, spans)
        }
    }

    test("one span out of order and the builder sorts") {
        val builder = LineStyles.Builder(10).add(4, 6, codes[0]).add(1, 2, codes[1])
        builder.sorts shouldBe true
        builder.build().spans() shouldBe listOf(Triple(1, 2, codes[1]), Triple(4, 6, codes[0]))
    }
})
