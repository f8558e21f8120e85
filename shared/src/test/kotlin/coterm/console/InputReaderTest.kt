package coterm.console

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.testing.FakeEventTerminal
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/** The reader thread over a fake terminal: batching, the ESC timer, end of input, stopping. */
class InputReaderTest : FunSpec({
    fun reader(terminal: FakeTerminal, escapeMillis: Long): Pair<InputReader, LinkedBlockingQueue<List<InputEvent>>> {
        val batches = LinkedBlockingQueue<List<InputEvent>>()
        val reader = InputReader(terminal, EventDecoder.Keys(escapeMillis, 1_000), batches::put) { throw it }
        reader.start()
        return reader to batches
    }

    fun LinkedBlockingQueue<List<InputEvent>>.next(): List<InputEvent> =
        poll(5, TimeUnit.SECONDS) ?: error("no batch within 5 s")

    fun List<InputEvent>.keys() = map { (it as InputEvent.Key).key to it.modifiers }

    test("one read is one batch") {
        val terminal = FakeTerminal()
        val (reader, batches) = reader(terminal, 50)
        terminal.type("abc")
        batches.next().keys() shouldContainExactly listOf('a', 'b', 'c').map { KeyCode.Char(it.code) to Modifiers.None }
        reader.close()
    }

    test("a lone ESC becomes the Escape key once the escape timeout passes") {
        val terminal = FakeTerminal()
        val (reader, batches) = reader(terminal, 10)
        terminal.type("\u001b")
        batches.next().keys() shouldContainExactly listOf(KeyCode.Escape to Modifiers.None)
        reader.close()
    }

    test("an escape sequence split across reads within the timeout is one key") {
        val terminal = FakeTerminal()
        val (reader, batches) = reader(terminal, 5_000)
        terminal.type("\u001b")
        Thread.sleep(50)
        terminal.type("[A")
        batches.next().keys() shouldContainExactly listOf(KeyCode.Up to Modifiers.None)
        reader.close()
    }

    test("end of input flushes what is held and ends with EndOfInput; the thread ends by itself") {
        val terminal = FakeTerminal()
        val (reader, batches) = reader(terminal, 5_000)
        terminal.type("x\u001b")
        batches.next().keys() shouldContainExactly listOf(KeyCode.Char('x'.code) to Modifiers.None)
        terminal.endInput()
        val last = batches.next()
        last.last() shouldBe InputEvent.EndOfInput
        (last.first() as InputEvent.Key).key shouldBe KeyCode.Escape
        reader.close()
    }

    test("close wakes the blocked reader and joins its thread") {
        val terminal = FakeTerminal()
        val (reader, _) = reader(terminal, 50)
        Thread.sleep(50)
        reader.close()
        Thread.getAllStackTraces().keys.none { it.name == "coterm-input-reader" && it.isAlive } shouldBe true
    }

    context("a terminal that yields events (the Windows console's seam)") {
        fun eventReader(terminal: FakeEventTerminal, escapeMillis: Long): Pair<InputReader, LinkedBlockingQueue<List<InputEvent>>> {
            val batches = LinkedBlockingQueue<List<InputEvent>>()
            val reader = InputReader(terminal, EventDecoder.Keys(escapeMillis, 1_000), batches::put) { throw it }
            reader.start()
            return reader to batches
        }

        test("events and decoded bytes of one read are one batch, in the order they were handed over") {
            val terminal = FakeEventTerminal()
            val (reader, batches) = eventReader(terminal, 50)
            val key = InputEvent.Key(KeyCode.Up, Modifiers.Ctrl)
            terminal.deliver(key, "ab".toByteArray(), InputEvent.Resize(100, 30), "\u001b[B".toByteArray())
            batches.next() shouldContainExactly listOf(
                key,
                InputEvent.Key(KeyCode.Char('a'.code), raw = coterm.input.RawBytes.of('a'.code)),
                InputEvent.Key(KeyCode.Char('b'.code), raw = coterm.input.RawBytes.of('b'.code)),
                InputEvent.Resize(100, 30),
                InputEvent.Key(KeyCode.Down, raw = coterm.input.RawBytes.of(0x1b, '['.code, 'B'.code)),
            )
            reader.close()
        }

        test("bytes go through the shared decoder: a bracketed paste split over reads is one Paste") {
            val terminal = FakeEventTerminal()
            val (reader, batches) = eventReader(terminal, 50)
            terminal.deliver("\u001b[200~one\r".toByteArray())
            terminal.deliver("two\u001b[201~".toByteArray())
            batches.next().map { (it as InputEvent.Paste).text } shouldContainExactly listOf("one\ntwo")
            reader.close()
        }

        test("an escape sequence split across reads is one key; an event between the halves comes first") {
            val terminal = FakeEventTerminal()
            val (reader, batches) = eventReader(terminal, 5_000)
            terminal.deliver("\u001b[".toByteArray(), InputEvent.Focus(gained = true))
            batches.next() shouldContainExactly listOf(InputEvent.Focus(gained = true))
            terminal.deliver("A".toByteArray())
            batches.next().keys() shouldContainExactly listOf(KeyCode.Up to Modifiers.None)
            reader.close()
        }

        test("a lone ESC byte becomes Escape after the timeout") {
            val terminal = FakeEventTerminal()
            val (reader, batches) = eventReader(terminal, 10)
            terminal.deliver("\u001b".toByteArray())
            batches.next().keys() shouldContainExactly listOf(KeyCode.Escape to Modifiers.None)
            reader.close()
        }

        test("end of input flushes the decoder and ends with EndOfInput") {
            val terminal = FakeEventTerminal()
            val (reader, batches) = eventReader(terminal, 5_000)
            terminal.deliver("\u001b".toByteArray())
            terminal.endInput()
            batches.next().let { last ->
                last.last() shouldBe InputEvent.EndOfInput
                (last.first() as InputEvent.Key).key shouldBe KeyCode.Escape
            }
            reader.close()
        }

        test("close wakes the blocked reader and joins its thread") {
            val terminal = FakeEventTerminal()
            val (reader, _) = eventReader(terminal, 50)
            Thread.sleep(50)
            reader.close()
            Thread.getAllStackTraces().keys.none { it.name == "coterm-input-reader" && it.isAlive } shouldBe true
        }
    }
})
