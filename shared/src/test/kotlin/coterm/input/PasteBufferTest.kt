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
import io.kotest.property.checkAll

private val START = "\u001b[200~".toByteArray()
private val END = "\u001b[201~".toByteArray()

private fun text(bytes: ByteArray) = PasteBuffer.text(bytes, 0, bytes.size)

/** The slow, obviously right reading: [Utf8Decoder] on every byte, then line endings. */
private fun referenceText(bytes: ByteArray): String {
    val decoded = StringBuilder()
    Utf8Decoder.decode(bytes, 0, bytes.size) { decoded.appendCodePoint(it) }
    return decoded.toString().replace("\r\n", "\n").replace('\r', '\n')
}

class PasteBufferTest : FunSpec({
    context("text") {
        withTests(
            nameFn = { (bytes, expected) -> "`$bytes` is ${expected.map { "%04X".format(it.code) }}" },
            listOf(
                "'abc'" to "abc",
                "'a' 0d 0a 'b'" to "a\nb",
                "'a' 0d 'b' 0d" to "a\nb\n",
                "0d 0d 0a" to "\n\n",
                "0a 0d" to "\n\n",
                "09 03 00 1b" to "\t\u0003\u0000\u001b",
                "c3 a9 e4 b8 ad" to "é中",
                "c3 41" to "\uFFFDA",
                // The JDK folds these into one U+FFFD; Unicode's practice is one per byte here.
                "ed a4 6f" to "\uFFFD\uFFFDo",
                "ef bf bd" to "\uFFFD",
                "ef bf bd ed a0 80" to "\uFFFD\uFFFD\uFFFD\uFFFD",
                "e4 b8" to "\uFFFD",
            ),
        ) { (bytes, expected) -> text(hex(bytes)) shouldBe expected }
    }

    test("text of random bytes is the byte-by-byte decoding with line endings normalised") {
        val bytes = Arb.element(listOf(0x0D, 0x0A, 0xED, 0xA4, 0xC3, 0xA9, 0xEF, 0xBF, 0xBD, 0xF0, 0x9F, 0x98, 0x80, 0x41).map { it.toByte() })
        checkAll(3000, Arb.byteArray(Arb.int(0..32), Arb.choice(Arb.byte(), bytes))) { input ->
            withClue(show(input)) { text(input) shouldBe referenceText(input) }
        }
    }

    test("the end marker is found however the content leads into it") {
        for (content in listOf("", "x", "\u001b", "\u001b\u001b", "\u001b[", "\u001b[20", "\u001b[201", "[201~", "\u001b[200~")) {
            val input = START + content.toByteArray() + END + "tail".toByteArray()
            val paste = PasteBuffer(input, START.size)
            val next = paste.consume(input, START.size, input.size)
            withClue(show(content.toByteArray())) {
                paste.isComplete shouldBe true
                next shouldBe input.size - 4
                paste.toEvent() shouldBe InputEvent.Paste(content, RawBytes.of(input, 0, next))
            }
        }
    }

    test("a paste cut short keeps everything after the start marker as text") {
        val input = START + "ab\u001b[20".toByteArray()
        val paste = PasteBuffer(input, START.size)
        paste.consume(input, START.size, input.size) shouldBe input.size
        paste.isComplete shouldBe false
        paste.toEvent() shouldBe InputEvent.Paste("ab\u001b[20", RawBytes.of(input))
    }
})
