// SPDX-License-Identifier: Apache-2.0
package coterm.input

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

private val enter = InputEvent.Key(KeyCode.Enter, Modifiers.None, RawBytes.of('\n'.code))
private val enterAtEof = InputEvent.Key(KeyCode.Enter, Modifiers.None, RawBytes.Empty)

private fun bytes(vararg values: Int) = ByteArray(values.size) { values[it].toByte() }
private fun paste(text: String, vararg raw: Int) = InputEvent.Paste(text, RawBytes.of(*raw))
private fun paste(text: String) = InputEvent.Paste(text, RawBytes.of(text.toByteArray()))

/** Feeds [input] in pieces ending at [cuts] (sorted offsets) and then flushes. */
private fun decode(input: ByteArray, cuts: List<Int> = emptyList()): List<InputEvent> {
    val decoder = LineModeDecoder()
    val events = ArrayList<InputEvent>()
    var start = 0
    for (end in cuts + input.size) {
        events += decoder.feed(input, start, end - start)
        start = end
    }
    return events + decoder.flush()
}

class LineModeDecoderTest : FunSpec({
    data class Case(val name: String, val input: ByteArray, val events: List<InputEvent>)

    withData(
        nameFn = { it.name },
        ts = listOf(
            Case("one line", "ls -l\n".toByteArray(), listOf(paste("ls -l"), enter)),
            Case("two lines", "a\nbc\n".toByteArray(), listOf(paste("a"), enter, paste("bc"), enter)),
            Case("an empty line is Enter alone", "\n".toByteArray(), listOf(enter)),
            Case("CRLF drops the CR from the text, not from the bytes", "ab\r\n".toByteArray(), listOf(paste("ab", 'a'.code, 'b'.code, 0x0d), enter)),
            Case("a lone CR line keeps its byte", "\r\n".toByteArray(), listOf(paste("", 0x0d), enter)),
            Case("a CR inside a line is text", "a\rb\n".toByteArray(), listOf(paste("a\rb"), enter)),
            Case("control bytes are text", "a\u0003\u001b[A\n".toByteArray(), listOf(paste("a\u0003\u001b[A"), enter)),
            Case("UTF-8", "héllo 世界 😀\n".toByteArray(), listOf(paste("héllo 世界 😀"), enter)),
            Case("an invalid byte becomes U+FFFD", bytes(0x61, 0xFF, 0x62, 0x0A), listOf(paste("a\uFFFDb", 0x61, 0xFF, 0x62), enter)),
            Case(
                "a truncated sequence does not eat the next byte",
                bytes(0xE2, 0x28, 0xA1, 0x0A),
                listOf(paste("\uFFFD(\uFFFD", 0xE2, 0x28, 0xA1), enter),
            ),
            Case("a last line without LF comes out on flush", "a\nlast".toByteArray(), listOf(paste("a"), enter, paste("last"), enterAtEof)),
            Case("a last line with only CR", "x\r".toByteArray(), listOf(paste("x", 'x'.code, 0x0d), enterAtEof)),
            Case("no input, no events", ByteArray(0), emptyList()),
        ),
    ) { case ->
        decode(case.input) shouldBe case.events
    }

    test("feed returns nothing until a line is complete, and flush empties the decoder") {
        val decoder = LineModeDecoder()
        decoder.feed("ab".toByteArray(), 0, 2) shouldBe emptyList()
        decoder.feed("c\nd".toByteArray(), 0, 3) shouldBe listOf(paste("abc"), enter)
        decoder.flush() shouldBe listOf(paste("d"), enterAtEof)
        decoder.flush() shouldBe emptyList()
    }

    test("feed honours offset and length") {
        val decoder = LineModeDecoder()
        decoder.feed("xxab\nyy".toByteArray(), 2, 3) shouldBe listOf(paste("ab"), enter)
        decoder.flush() shouldBe emptyList()
    }

    /** Input made of lines of text, CRs, LFs, multi-byte and invalid bytes, with random cut points. */
    val pieces = listOf("a", "bc", " ", "\n", "\n", "\r", "\r\n", "é", "世", "😀", "\u0003")
    val inputs: Arb<Pair<ByteArray, List<Int>>> = arbitrary { rs ->
        val r: Random = rs.random
        val out = java.io.ByteArrayOutputStream()
        repeat(r.nextInt(30)) {
            if (r.nextInt(10) == 0) out.write(r.nextInt(0x80, 0x100)) else out.write(pieces.random(r).toByteArray())
        }
        val input = out.toByteArray()
        val cuts = (0..input.size).filter { r.nextInt(4) == 0 }.sorted()
        input to cuts
    }

    test("any split of the input gives the same events") {
        checkAll(1000, inputs) { (input, cuts) ->
            decode(input, cuts) shouldBe decode(input)
            decode(input, (0..input.size).toList()) shouldBe decode(input)
        }
    }

    test("the raw bytes of all events concatenate to the input") {
        checkAll(1000, inputs) { (input, cuts) ->
            val raw = java.io.ByteArrayOutputStream()
            for (event in decode(input, cuts)) raw.write(event.raw.toByteArray())
            raw.toByteArray().toList() shouldBe input.toList()
        }
    }

    test("each line is one paste of its text (CR before LF dropped) and one Enter") {
        checkAll(1000, inputs) { (input, cuts) ->
            val text = String(input, Charsets.UTF_8)
            val lines = text.split('\n').let { if (text.endsWith('\n') || text.isEmpty()) it.dropLast(1) else it }
            val expected = lines.flatMap { line ->
                val body = line.removeSuffix("\r")
                listOfNotNull(body.takeIf { line.isNotEmpty() }, "<Enter>")
            }
            val actual = decode(input, cuts).map { if (it is InputEvent.Paste) it.text else "<Enter>".also { _ -> (it as InputEvent.Key).key shouldBe KeyCode.Enter } }
            actual shouldBe expected
        }
    }
})
