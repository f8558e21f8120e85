// SPDX-License-Identifier: Apache-2.0
package coterm.input

import coterm.testing.hex
import coterm.testing.show
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.byte
import io.kotest.property.arbitrary.byteArray
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.filter
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll

private const val R = Utf8Decoder.REPLACEMENT

private fun decodeAll(bytes: ByteArray): List<Int> {
    val out = mutableListOf<Int>()
    Utf8Decoder.decode(bytes, 0, bytes.size) { out += it }
    return out
}

class Utf8DecoderTest : FunSpec({
    context("well-formed sequences at the edges of each length") {
        withTests(
            nameFn = { (bytes, cp) -> "`$bytes` is U+%04X".format(cp) },
            listOf(
                "41" to 0x41, "7F" to 0x7F,
                "C2 80" to 0x80, "C3 A9" to 0xE9, "DF BF" to 0x7FF,
                "E0 A0 80" to 0x800, "E4 B8 AD" to 0x4E2D, "ED 9F BF" to 0xD7FF, "EE 80 80" to 0xE000,
                "EF BF BD" to 0xFFFD, "EF BF BF" to 0xFFFF,
                "F0 90 80 80" to 0x10000, "F0 9F 98 80" to 0x1F600, "F4 8F BF BF" to 0x10FFFF,
            ),
        ) { (bytes, cp) -> decodeAll(hex(bytes)) shouldBe listOf(cp) }
    }

    context("ill-formed input: one U+FFFD per maximal subpart, next byte kept") {
        withTests(
            nameFn = { (bytes, expected) -> "`$bytes` is ${expected.joinToString(" ") { "%04X".format(it) }}" },
            listOf(
                "C3 41" to listOf(R, 0x41),
                "C0 80" to listOf(R, R),
                "C1 BF" to listOf(R, R),
                "E0 80 AF" to listOf(R, R, R),
                "E0 9F BF" to listOf(R, R, R),
                "ED A0 80" to listOf(R, R, R),
                "ED BF BF" to listOf(R, R, R),
                "F0 8F BF BF" to listOf(R, R, R, R),
                "F4 90 80 80" to listOf(R, R, R, R),
                "F5 80 80 80" to listOf(R, R, R, R),
                "FF FE" to listOf(R, R),
                "80" to listOf(R),
                "BF 41" to listOf(R, 0x41),
                "E4 B8" to listOf(R),
                "E4 B8 41" to listOf(R, 0x41),
                "F0 9F 98" to listOf(R),
                "F0 9F 98 41" to listOf(R, 0x41),
                "E4 C3 A9" to listOf(R, 0xE9),
                // Unicode 15, section 3.9, table 3-8.
                "61 F1 80 80 E1 80 C2 62 80 63 80 BF 64" to listOf(0x61, R, R, R, 0x62, R, 0x63, R, R, 0x64),
            ),
        ) { (bytes, expected) -> decodeAll(hex(bytes)) shouldBe expected }
    }

    test("a truncated sequence is rejected and the byte that broke it is offered again") {
        val decoder = Utf8Decoder()
        decoder.accept(0xE4) shouldBe Utf8Decoder.NEED_MORE
        decoder.isHolding shouldBe true
        decoder.accept(0x41) shouldBe Utf8Decoder.REJECTED
        decoder.isHolding shouldBe false
        decoder.accept(0x41) shouldBe 0x41
    }

    test("a lone bad byte is invalid on its own and leaves nothing held") {
        val decoder = Utf8Decoder()
        decoder.accept(0x80) shouldBe Utf8Decoder.INVALID
        decoder.isHolding shouldBe false
    }

    test("reset forgets a held sequence") {
        val decoder = Utf8Decoder()
        decoder.accept(0xF0)
        decoder.accept(0x9F)
        decoder.reset()
        decoder.accept(0x98) shouldBe Utf8Decoder.INVALID
    }

    test("any sequence of scalar values round-trips") {
        val scalar = Arb.int(0..0x10FFFF).filter { it !in 0xD800..0xDFFF }
        checkAll(2000, Arb.list(scalar, 0..20)) { codePoints ->
            val text = buildString { codePoints.forEach { appendCodePoint(it) } }
            decodeAll(text.toByteArray(Charsets.UTF_8)) shouldBe codePoints
        }
    }

    test("random bytes decode as the reference reading of Unicode's table 3-7") {
        checkAll(3000, Arb.byteArray(Arb.int(0..24), Arb.choice(Arb.byte(), Arb.element(edgeBytes)))) { bytes ->
            withClue(show(bytes)) { decodeAll(bytes) shouldBe referenceDecode(bytes) }
        }
    }
})

/** Bytes at the edges of table 3-7's ranges, so random input hits them often. */
private val edgeBytes: List<Byte> = listOf(
    0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
).map { it.toByte() }

/** Unicode 15 table 3-7: each row is a well-formed byte sequence, one range per byte. */
private val wellFormed: List<List<IntRange>> = listOf(
    listOf(0x00..0x7F),
    listOf(0xC2..0xDF, 0x80..0xBF),
    listOf(0xE0..0xE0, 0xA0..0xBF, 0x80..0xBF),
    listOf(0xE1..0xEC, 0x80..0xBF, 0x80..0xBF),
    listOf(0xED..0xED, 0x80..0x9F, 0x80..0xBF),
    listOf(0xEE..0xEF, 0x80..0xBF, 0x80..0xBF),
    listOf(0xF0..0xF0, 0x90..0xBF, 0x80..0xBF, 0x80..0xBF),
    listOf(0xF1..0xF3, 0x80..0xBF, 0x80..0xBF, 0x80..0xBF),
    listOf(0xF4..0xF4, 0x80..0x8F, 0x80..0xBF, 0x80..0xBF),
)

/**
 * The definition read literally, with no state machine: at each position take a whole
 * well-formed sequence if one is there, else replace the longest prefix of one (at least one
 * byte) with U+FFFD.
 */
private fun referenceDecode(bytes: ByteArray): List<Int> {
    val out = mutableListOf<Int>()
    var i = 0
    while (i < bytes.size) {
        var longest = 0
        var complete = 0
        for (row in wellFormed) {
            var k = 0
            while (k < row.size && i + k < bytes.size && (bytes[i + k].toInt() and 0xFF) in row[k]) k++
            if (k == row.size) complete = k
            longest = maxOf(longest, k)
        }
        if (complete > 0) {
            out += String(bytes, i, complete, Charsets.UTF_8).codePointAt(0)
            i += complete
        } else {
            out += R
            i += maxOf(1, longest)
        }
    }
    return out
}
