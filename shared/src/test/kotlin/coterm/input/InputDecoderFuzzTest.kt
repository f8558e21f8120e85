// SPDX-License-Identifier: Apache-2.0
package coterm.input

import coterm.testing.Chunking
import coterm.testing.show
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import kotlin.random.Random

/**
 * Fuzzing of the decoder's three promises (see [InputDecoder]) over many short byte streams,
 * random and mutated from real input: it never throws, every byte ends up in exactly one event's
 * raw bytes in order, and the events are the same whole, byte by byte and in random splits.
 *
 * [STREAMS] streams per run (10⁶ by default; `-Dcoterm.fuzz.streams=N` scales it), mostly short
 * so the run stays within seconds, with one long stream in every [LONG_EVERY] to cross the
 * CSI and control-string length caps. Every run draws a fresh seed unless `-Dcoterm.fuzz.seed`
 * gives one; a failure names the seed and the stream's index, and the stream alone is rebuilt
 * from `seed + index`, so `-Dcoterm.fuzz.seed=S -Dcoterm.fuzz.from=I` reproduces it at once.
 */
class InputDecoderFuzzTest : FunSpec({
    timeout = 600_000L

    test("random and mutated byte streams: no exception, every byte in one event, the same events however split") {
        val seed = System.getProperty("coterm.fuzz.seed")?.toLong() ?: Random.nextLong()
        val from = System.getProperty("coterm.fuzz.from")?.toInt() ?: 0
        println("InputDecoderFuzzTest: seed $seed, streams $from until ${from + STREAMS}")
        val started = System.nanoTime()
        var bytes = 0L
        var mutated = 0
        for (index in from until from + STREAMS) {
            val random = Random(seed + index)
            val isMutated = random.nextInt(3) != 0
            val stream = if (isMutated) mutatedStream(random, long = index % LONG_EVERY == 0) else noise(random, long = index % LONG_EVERY == 0)
            if (isMutated) mutated++
            bytes += stream.size
            try {
                check(stream, random.nextLong())
            } catch (e: Throwable) {
                throw AssertionError(
                    "decoder fuzzing failed on stream $index of seed $seed " +
                        "(rerun: -Dcoterm.fuzz.seed=$seed -Dcoterm.fuzz.from=$index)\n" +
                        "input (${stream.size} bytes): ${show(stream)}\n${e.message}",
                    e,
                )
            }
        }
        val seconds = (System.nanoTime() - started) / 1e9
        println("InputDecoderFuzzTest: $STREAMS streams ($mutated mutated), $bytes bytes, each decoded 3 ways, in %.1f s".format(seconds))
        mutated shouldBeGreaterThanOrEqual STREAMS / 2
    }
})

private val STREAMS = System.getProperty("coterm.fuzz.streams")?.toInt() ?: 1_000_000

/** One stream in this many is long (up to [LONG_MAX] bytes), to reach the length caps. */
private const val LONG_EVERY = 2_000
private const val LONG_MAX = 6_000

private fun check(stream: ByteArray, splitSeed: Long) {
    val whole = Chunking.Whole.decode(stream)
    rawBytesAreTheInput(whole, stream)
    val byByte = Chunking.ByteByByte.decode(stream)
    if (byByte != whole) throw AssertionError("byte by byte:\n  ${byByte}\nwhole:\n  $whole")
    val split = Chunking.RandomSplits(splitSeed).decode(stream)
    if (split != whole) throw AssertionError("RandomSplits($splitSeed):\n  $split\nwhole:\n  $whole")
}

/** The raw bytes of [events], put together, are exactly [input]: nothing dropped, duplicated or reordered. */
private fun rawBytesAreTheInput(events: List<InputEvent>, input: ByteArray) {
    var at = 0
    for ((n, event) in events.withIndex()) {
        val raw = event.raw
        if (raw.size == 0) throw AssertionError("event $n has no raw bytes: $event\nevents: $events")
        for (i in 0 until raw.size) {
            if (at >= input.size || raw[i] != input[at]) {
                throw AssertionError("event $n ($event) does not match the input at byte $at\nevents: $events")
            }
            at++
        }
    }
    if (at != input.size) throw AssertionError("only $at of ${input.size} bytes are in events: $events")
}

private const val E = "\u001b"

/** Real input: keys, replies, strings and pastes as terminals send them, including long ones. */
private val corpus: List<ByteArray> = listOf(
    "a", "Z", " ", "é", "中", "😀", "\r", "\t", "\n", "\u0000", "\u0003", "\u0004", "\u0008", "\u007f",
    E, "$E$E", "${E}a", "$E\u0003", "$E\u007f", "$E[A", "$E[1;5C", "${E}OB", "${E}O5A", "$E[[A", "$E[3~",
    "$E[15;2~", "$E[Z", "$E[1;2R", "$E[12;40R", "$E[I", "$E[O", "$E[97;5u", "$E[27;5;13~", "$E$E[A",
    "$E[?1;2c", "$E[<0;10;20M", "$E[201~", "$E]11;rgb:0000/0000/0000\u0007", "$E]0;title$E\\",
    "$E]52;c;aGVsbG8=\u0007", "${E}P1\$r0m$E\\", "${E}_Gi=1;OK$E\\", "$E[2J", "$E[200~", "$E[200~hi\r\nthere$E[201~",
    "$E[200~$E]0;pwned\u0007$E[2J$E[201~", "$E[200~$E[200~x$E[201~",
    "$E[" + "1;".repeat(200) + "A", "$E]" + "x".repeat(4100) + "\u0007", "$E[200~" + "y".repeat(3000) + "$E[201~",
).map { it.toByteArray(Charsets.UTF_8) } + listOf(
    byteArrayOf(0xFF.toByte()), byteArrayOf(0xC3.toByte()), byteArrayOf(0xE4.toByte(), 0xB8.toByte()),
    byteArrayOf(0xF0.toByte(), 0x9F.toByte(), 0x98.toByte()), byteArrayOf(0xED.toByte(), 0xA0.toByte(), 0x80.toByte()),
    byteArrayOf(0xC0.toByte(), 0x80.toByte()), byteArrayOf(0x9B.toByte()), byteArrayOf(0x1B, 0xC3.toByte(), 0xA9.toByte()),
)

/** Bytes that start, continue or end sequences, so random input often looks almost like input. */
private val interesting: ByteArray =
    (listOf(0x1B, 0x1B, 0x1B, 0x07, 0x03, 0x0D, 0x18, 0x1A, 0x7F, 0x80, 0x9B, 0x9F, 0xBF, 0xC3, 0xE4, 0xED, 0xF0, 0xF4, 0xFF) +
        "[[O];:P_^X\\012059~ARu?<".map { it.code }).map { it.toByte() }.toByteArray()

private fun randomByte(random: Random): Byte =
    if (random.nextBoolean()) interesting[random.nextInt(interesting.size)] else random.nextInt(256).toByte()

private fun noise(random: Random, long: Boolean): ByteArray =
    ByteArray(if (long) random.nextInt(LONG_MAX) else random.nextInt(25)) { randomByte(random) }

/** A few corpus pieces put together, then damaged: bytes flipped, inserted, deleted, cut, repeated. */
private fun mutatedStream(random: Random, long: Boolean): ByteArray {
    val out = ArrayList<Byte>()
    repeat(if (long) 20 + random.nextInt(40) else 1 + random.nextInt(5)) {
        val piece = corpus[random.nextInt(corpus.size)]
        if (!long && piece.size > 64) return@repeat // the long pieces are for the long streams
        piece.forEach { out += it }
    }
    repeat(random.nextInt(5)) {
        if (out.isEmpty()) return@repeat
        val at = random.nextInt(out.size)
        when (random.nextInt(6)) {
            0 -> out[at] = randomByte(random)
            1 -> out.add(at, randomByte(random))
            2 -> out.removeAt(at)
            3 -> while (out.size > at) out.removeAt(out.size - 1)
            4 -> out.addAll(at, out.subList(at, minOf(out.size, at + 1 + random.nextInt(8))).toList())
            else -> out[at] = (out[at].toInt() xor (1 shl random.nextInt(8))).toByte()
        }
    }
    return out.toByteArray()
}
