// SPDX-License-Identifier: Apache-2.0
package coterm.input

import coterm.testing.Chunking
import coterm.testing.show
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.byte
import io.kotest.property.arbitrary.byteArray
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll
import kotlin.random.Random

private const val E = "\u001b"
private const val ITERATIONS = 3000

/**
 * Complete, self-delimiting inputs: each decodes the same alone as inside any stream of them.
 * Lone ESC, partial sequences and truncated UTF-8 are left out on purpose: what they mean
 * depends on the byte after them.
 */
private val pieces: List<ByteArray> = listOf(
    "a", "Z", " ", "~", "[", "O", ";", "1", "é", "中", "😀",
    "\r", "\t", "\n", "\u0000", "\u0001", "\u0003", "\u0008", "\u001c", "\u007f",
    "${E}a", "$E[B", "$E\u0001", "$E\u007f", "${E}é", "$E\r",
    "$E[A", "$E[1;5C", "$E[1;2H", "${E}OB", "${E}O5A", "${E}OP", "$E[[A", "$E[[E",
    "$E[3~", "$E[3;5~", "$E[15~", "$E[24;2~", "$E[34~", "$E[Z", "$E[1;2R", "$E[12;40R",
    "$E[I", "$E[O", "$E[97;5u", "$E[13;2u", "$E[27;5;13~", "$E[a", "${E}Oc", "$E[3^", "${E}OM",
    "$E$E[A", "$E$E[1;5D", "$E${E}OQ", "$E$E[5n",
    "$E[5n", "$E[?1;2c", "$E[<0;10;20M", "$E[99~", "$E[201~", "$E[2 q",
    "$E]11;rgb:0000/0000/0000\u0007", "$E]0;title$E\\", "${E}P1\$r0m$E\\", "${E}_Gi=1;OK$E\\",
    "$E[200~hello\r\nworld$E[201~", "$E[200~$E[A$E$E[201~", "$E[200~$E[201~",
).map { it.toByteArray(Charsets.UTF_8) } + listOf(
    byteArrayOf(0xFF.toByte()), byteArrayOf(0x80.toByte()), byteArrayOf(0xC0.toByte(), 0x80.toByte()),
    byteArrayOf(0xED.toByte(), 0xA0.toByte(), 0x80.toByte()), byteArrayOf(0x1B, 0xFF.toByte()),
)

/** Bytes that start, continue or end sequences, so noise often looks almost like input. */
private val interestingBytes: List<Byte> =
    (listOf(0x1B, 0x1B, 0x1B, 0x07, 0x0D, 0x7F, 0x80, 0x9F, 0xA9, 0xBF, 0xC3, 0xE4, 0xED, 0xF0, 0xF4) +
        "[[O];:P_^X\\01259~ARu".map { it.code }).map { it.toByte() }

private val noise: Arb<ByteArray> =
    Arb.byteArray(Arb.int(0..120), Arb.choice(Arb.byte(), Arb.element(interestingBytes)))

private val validStream: Arb<List<ByteArray>> = Arb.list(Arb.element(pieces), 0..24)

private val mixedStream: Arb<ByteArray> =
    Arb.list(Arb.choice(Arb.element(pieces), Arb.byteArray(Arb.int(0..6), Arb.element(interestingBytes))), 0..24)
        .map { parts -> parts.fold(ByteArray(0)) { acc, part -> acc + part } }

private fun decodeWhole(bytes: ByteArray): List<InputEvent> = Chunking.Whole.decode(bytes)

private fun List<InputEvent>.rawConcatenated(): ByteArray =
    fold(ByteArray(0)) { acc, event -> acc + event.raw.toByteArray() }

private fun shouldBeChunkInvariant(bytes: ByteArray, seed: Long) {
    val whole = decodeWhole(bytes)
    withClue("input ${show(bytes)}") {
        Chunking.ByteByByte.decode(bytes) shouldBe whole
        Chunking.RandomSplits(seed).decode(bytes) shouldBe whole
    }
}

class InputDecoderPropertyTest : FunSpec({
    test("random bytes never make it throw, whole or byte by byte") {
        checkAll(ITERATIONS, noise) { bytes ->
            decodeWhole(bytes)
            Chunking.ByteByByte.decode(bytes)
        }
    }

    test("every byte of random input lands in exactly one event, in order") {
        checkAll(ITERATIONS, noise) { bytes ->
            withClue("input ${show(bytes)}") {
                RawBytes.of(decodeWhole(bytes).rawConcatenated()) shouldBe RawBytes.of(bytes)
            }
        }
    }

    test("random bytes give the same events however they are split") {
        checkAll(ITERATIONS, noise, Arb.long()) { bytes, seed -> shouldBeChunkInvariant(bytes, seed) }
    }

    test("a stream of real sequences decodes as each sequence alone, however it is split") {
        checkAll(ITERATIONS, validStream, Arb.long()) { parts, seed ->
            val bytes = parts.fold(ByteArray(0)) { acc, part -> acc + part }
            val separately = parts.flatMap { decodeWhole(it) }
            withClue("input ${show(bytes)}") {
                decodeWhole(bytes) shouldBe separately
                RawBytes.of(separately.rawConcatenated()) shouldBe RawBytes.of(bytes)
            }
            shouldBeChunkInvariant(bytes, seed)
        }
    }

    test("real sequences mixed with fragments keep every byte and give the same events however split") {
        checkAll(ITERATIONS, mixedStream, Arb.long()) { bytes, seed ->
            withClue("input ${show(bytes)}") {
                RawBytes.of(decodeWhole(bytes).rawConcatenated()) shouldBe RawBytes.of(bytes)
            }
            shouldBeChunkInvariant(bytes, seed)
        }
    }

    test("in segments, the events are those decoded byte by byte, however split: bursts of printable ASCII as TypedText, nothing else") {
        // Long printable runs among real sequences and noise, a paste holding one, split anywhere.
        val burst = Arb.int(1..200).map { n -> (0 until n).map { (0x20 + (it * 7) % 95).toChar() }.joinToString("").toByteArray() }
        val stream = Arb.list(Arb.choice(Arb.element(pieces), burst, noise), 0..12)
            .map { parts -> parts.fold(ByteArray(0)) { acc, part -> acc + part } }
        var typedTexts = 0
        checkAll(ITERATIONS, stream, Arb.long()) { bytes, seed ->
            // Reads as a burst brings them: 0 to 300 bytes, so runs are cut anywhere, or not at all.
            val random = Random(seed)
            val reads = generateSequence(0) { at -> if (at == bytes.size) null else minOf(bytes.size, at + random.nextInt(0, 300)) }.toList()
            val decoder = InputDecoder()
            val segments = mutableListOf<List<InputEvent>>()
            for (i in 0 until reads.size - 1) decoder.feedSegments(bytes, reads[i], reads[i + 1] - reads[i], segments)
            typedTexts += segments.count { it is TypedText }
            withClue("input ${show(bytes)}") {
                // Byte by byte no run reaches TypedText's length: the per-byte path is the reference.
                (segments.flatten() + decoder.flush()) shouldBe Chunking.ByteByByte.decode(bytes)
                for (segment in segments) {
                    segment.isEmpty() shouldBe false
                    if (segment is TypedText) {
                        (segment.size >= 32) shouldBe true
                        segment.text.all { it.code in 0x20..0x7E } shouldBe true
                    }
                }
            }
        }
        // The property is about TypedText: the streams must make plenty of them.
        (typedTexts > ITERATIONS / 2) shouldBe true
    }

    test("a burst of typed text in one read is one TypedText whose keys are the decoder's own") {
        val decoder = InputDecoder()
        val segments = mutableListOf<List<InputEvent>>()
        val text = "echo " + "x".repeat(4_000)
        decoder.feedSegments("\u001b[A$text\r".toByteArray(), 0, text.length + 4, segments)
        segments.size shouldBe 3
        (segments[1] as TypedText).text shouldBe text
        for (i in text.indices) (segments[1][i] === InputDecoder().feed(text.substring(i, i + 1).toByteArray()).single()) shouldBe true
        segments[2] shouldBe InputDecoder().feed(byteArrayOf(13))
    }

    test("each real sequence leaves nothing pending") {
        for (piece in pieces) {
            val decoder = InputDecoder()
            decoder.feed(piece)
            withClue(show(piece)) { decoder.pending shouldBe InputDecoder.Pending.None }
        }
    }
})
