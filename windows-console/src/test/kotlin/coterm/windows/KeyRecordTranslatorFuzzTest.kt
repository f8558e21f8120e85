// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.windows.testing.Records
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * At least 10^6 random and mutated record streams per run (`-Dcoterm.fuzz.streams=N` to change,
 * `-Dcoterm.fuzz.seed=S` to replay; the seed is printed, and named in any failure). For each:
 * the translator never throws, and
 * - with paste detection off, any split into batches gives exactly the events of one batch;
 * - with it on (the heuristic is batch-based by definition), any split gives the same sequence of
 *   non-text events (everything but plain Char/Tab/Enter keys and pastes) and the same text
 *   (plain characters, Tabs, Enters as `\n` and paste text) as the whole stream with detection off.
 *
 * Mutated streams are recorded fixtures encoded to bytes with random bit flips, decoded again:
 * the layout decoder is fuzzed too. Repeat counts stay below 256 so a run keeps to its time
 * budget (`-Dcoterm.fuzz.seconds`, 300 by default); the largest count has a test of its own.
 */
class KeyRecordTranslatorFuzzTest : FunSpec({
    test("random and mutated record streams: no exception, chunk invariance") {
        val streams = System.getProperty("coterm.fuzz.streams")?.toInt() ?: 1_000_000
        val seconds = System.getProperty("coterm.fuzz.seconds")?.toLong() ?: 300
        val seed = System.getProperty("coterm.fuzz.seed")?.toLong() ?: System.nanoTime()
        val random = Random(seed)
        val start = System.nanoTime()
        val deadline = start + seconds * 1_000_000_000
        var done = 0
        var records = 0L
        try {
            while (done < streams && System.nanoTime() < deadline) {
                val stream = RecordStreams.next(random)
                records += stream.size
                check(stream, random)
                done++
            }
        } catch (e: Throwable) {
            throw AssertionError("stream $done failed; replay with -Dcoterm.fuzz.seed=$seed", e)
        }
        val millis = (System.nanoTime() - start) / 1_000_000
        println("KeyRecordTranslatorFuzzTest: $done streams, $records records in $millis ms (seed $seed)")
        done shouldBe streams
    }
})

private fun check(stream: List<InputRecord>, random: Random) {
    val reference = translate(stream, listOf(stream.size), detectPaste = false, random = null)
    val cuts = randomCuts(stream.size, random)
    val split = translate(stream, cuts, detectPaste = false, random = null)
    if (split != reference) throw AssertionError("split $cuts changed the events:\n$reference\n$split\nfrom $stream")
    val pasted = translate(stream, cuts, detectPaste = true, random = random)
    if (nonText(pasted) != nonText(reference) || text(pasted) != text(reference)) {
        throw AssertionError("with paste detection, split $cuts changed the non-text events or the text:\n$reference\n$pasted\nfrom $stream")
    }
}

/** Translates [stream] cut at [cuts] (batch ends) by one translator, then flushes it. */
private fun translate(stream: List<InputRecord>, cuts: List<Int>, detectPaste: Boolean, random: Random?): List<InputEvent> {
    val translator = KeyRecordTranslator(detectPaste)
    val out = ArrayList<InputEvent>()
    var from = 0
    for (to in cuts) {
        out += translator.translate(stream.subList(from, to), moreWaiting = random?.nextInt(4) == 0)
        from = to
    }
    out += translator.flush()
    return out
}

private fun randomCuts(size: Int, random: Random): List<Int> {
    val cuts = (1 until size).filter { random.nextInt(3) == 0 }
    return cuts + size
}

private fun isText(event: InputEvent) = event is InputEvent.Paste ||
    (event is InputEvent.Key && event.modifiers.isEmpty && (event.key is KeyCode.Char || event.key == KeyCode.Enter || event.key == KeyCode.Tab))

private fun nonText(events: List<InputEvent>) = events.filterNot(::isText)

private fun text(events: List<InputEvent>): String = buildString {
    for (event in events.filter(::isText)) {
        when {
            event is InputEvent.Paste -> append(event.text)
            (event as InputEvent.Key).key == KeyCode.Enter -> append('\n')
            event.key == KeyCode.Tab -> append('\t')
            else -> appendCodePoint((event.key as KeyCode.Char).codePoint)
        }
    }
}

/** Random record streams, biased towards the cases that matter. */
internal object RecordStreams {
    private val chars = charArrayOf(
        '\u0000', 'a', 'A', 'z', '0', ' ', '\r', '\n', '\t', '\u0003', '\b', '\u001b', '\u007f', '\u001c',
        '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '€', 'é', '日', '@', '\uFFFD',
    )
    private val keys = intArrayOf(
        0x03, 0x08, 0x09, 0x0D, 0x10, 0x11, 0x12, 0x1B, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
        0x28, 0x2D, 0x2E, 0x32, 0x41, 0x43, 0x48, 0x5A, 0x60, 0x69, 0x70, 0x87, 0xDB, 0xE7, 0x0C,
    )
    private val fixtures: List<ByteArray> = Records.typing("ab\rC d\t😀é") +
        Records.press(0x43, '\u0003', Records.LEFT_CTRL) + Records.press(0x03, state = Records.RIGHT_CTRL) +
        Records.press(0x51, '@', Records.RIGHT_ALT or Records.LEFT_CTRL) + Records.press(0x26, state = Records.ENHANCED) +
        listOf(Records.key(0x12, 'é', down = false), Records.bufferSize(120, 30), Records.focus(true), Records.mouse(1, 2, 3))

    fun next(random: Random): List<InputRecord> = List(1 + random.nextInt(12)) { record(random) }

    private fun record(random: Random): InputRecord = when (random.nextInt(20)) {
        0, 1 -> mutated(random)
        2 -> InputRecordLayout.decode(fixtures[random.nextInt(fixtures.size)], 0)
        3 -> InputRecord.WindowBufferSize(random.nextInt(-5, 500), random.nextInt(-5, 10_000))
        4 -> InputRecord.Focus(random.nextBoolean())
        else -> InputRecord.Key(
            keyDown = random.nextInt(4) != 0,
            repeatCount = if (random.nextInt(8) == 0) random.nextInt(0, 5) else 1,
            virtualKeyCode = if (random.nextInt(6) == 0) random.nextInt(0, 0x10000) else keys[random.nextInt(keys.size)],
            virtualScanCode = random.nextInt(0, 0x100),
            char = if (random.nextInt(8) == 0) random.nextInt(0, 0x10000).toChar() else chars[random.nextInt(chars.size)],
            controlKeyState = if (random.nextBoolean()) 0 else random.nextInt(0, 0x200),
        )
    }

    private fun mutated(random: Random): InputRecord {
        val bytes = fixtures[random.nextInt(fixtures.size)].copyOf()
        repeat(1 + random.nextInt(3)) {
            val bit = random.nextInt(bytes.size * 8)
            bytes[bit / 8] = (bytes[bit / 8].toInt() xor (1 shl (bit % 8))).toByte()
        }
        if (bytes[0].toInt() and 0xff == 0x01 && bytes[1].toInt() == 0) bytes[9] = 0 // repeat count < 256
        return InputRecordLayout.decode(bytes, 0)
    }
}
