// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputDecoder
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.windows.testing.Records
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The VT input path: characters of key-down records become bytes for the shared decoder. */
class VtRecordTranslatorTest : FunSpec({
    fun decoded(items: List<ConsoleInput>): List<InputEvent> {
        val decoder = InputDecoder()
        return items.flatMap { if (it is ConsoleInput.Bytes) decoder.feed(it.bytes) else listOf((it as ConsoleInput.Event).event) } + decoder.flush()
    }

    fun vt(text: String) = text.map { Records.key(0, it) }

    test("escape sequences sent as key records decode like a POSIX terminal's bytes") {
        val events = decoded(VtRecordTranslator().translate(Records.decode(vt("\u001b[1;5Aa\u0003"))))
        events.map { (it as InputEvent.Key).key to it.modifiers } shouldBe
            listOf(KeyCode.Up to Modifiers.Ctrl, KeyCode.Char('a'.code) to Modifiers.None, KeyCode.Char('c'.code) to Modifiers.Ctrl)
    }

    test("bracketed paste arrives as one Paste") {
        val events = decoded(VtRecordTranslator().translate(Records.decode(vt("\u001b[200~one\rtwo\u001b[201~"))))
        events shouldBe listOf(events.single()).also { (it.single() as InputEvent.Paste).text shouldBe "one\ntwo" }
    }

    test("key-ups carry nothing; repeat counts repeat; surrogates join across batches; resize and Ctrl+Break are events") {
        val translator = VtRecordTranslator()
        val first = translator.translate(Records.decode(listOf(Records.key(0, 'x', repeat = 2), Records.key(0, 'x', down = false), Records.key(0, '\uD83D'))))
        val second = translator.translate(Records.decode(listOf(Records.key(0, '\uDE00'), Records.bufferSize(80, 25), Records.key(0x03))))
        first.map { (it as ConsoleInput.Bytes).bytes.toString(Charsets.UTF_8) } shouldBe listOf("xx")
        (second[0] as ConsoleInput.Bytes).bytes.toString(Charsets.UTF_8) shouldBe "😀"
        second.drop(1) shouldBe listOf(ConsoleInput.Event(InputEvent.Resize(80, 25)), ConsoleInput.Event(InputEvent.Interrupt))
        translator.translate(Records.decode(listOf(Records.key(0, '\uD83D'))))
        (translator.flush().single() as ConsoleInput.Bytes).bytes.toString(Charsets.UTF_8) shouldBe "\uFFFD"
    }
})
