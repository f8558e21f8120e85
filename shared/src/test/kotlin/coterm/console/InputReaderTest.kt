// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.testing.FakeEventTerminal
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * Hands each batch to [batches] and counts it in [backlog] as the console does; nothing takes it
 * out of the backlog until a test calls [taken].
 */
private class Sink(val backlog: InputBacklog) : (List<List<InputEvent>>) -> Unit {
    val batches = LinkedBlockingQueue<List<InputEvent>>()

    override fun invoke(segments: List<List<InputEvent>>) {
        segments.forEach { it.shouldNotBeEmpty() }
        val batch = segments.flatten()
        backlog.add(InputBacklog.bytesOfBatch(segments))
        batches.put(batch)
    }

    /** The console took [batch]: its bytes leave the backlog. */
    fun taken(batch: List<InputEvent>) = backlog.release(InputBacklog.bytesOf(batch))
}

/** The reader thread over a fake terminal: batching, the ESC timer, end of input, back-pressure, stopping. */
class InputReaderTest : FunSpec({
    fun reader(terminal: FakeTerminal, escapeMillis: Long): Pair<InputReader, LinkedBlockingQueue<List<InputEvent>>> {
        val sink = Sink(InputBacklog(1 shl 20))
        val reader = InputReader(terminal, EventDecoder.Keys(escapeMillis, 1_000), sink.backlog, 1 shl 20, readAhead = true, sink) { throw it }
        reader.start()
        return reader to sink.batches
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

    test("a sequence split across a burst's read is one key: reading ahead after the burst does not flush what is held") {
        val terminal = FakeTerminal()
        val (reader, batches) = reader(terminal, 5_000)
        terminal.type("\u001b")
        Thread.sleep(50)
        terminal.type("x".repeat(300) + "\u001b") // a burst, read ahead after, ending in a lone ESC
        Thread.sleep(50)
        terminal.type("[A")
        val keys = ArrayList<Pair<KeyCode, Modifiers>>()
        while (keys.size < 301) keys += batches.next().keys()
        keys shouldContainExactly listOf(KeyCode.Char('x'.code) to Modifiers.Alt) +
            List(299) { KeyCode.Char('x'.code) to Modifiers.None } + (KeyCode.Up to Modifiers.None)
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

    context("back-pressure: a full backlog stops the reader, and the kernel keeps the rest") {
        /** A reader whose backlog holds [limit] bytes and which scans [scanBytes] more for Ctrl+C. */
        fun heldReader(terminal: FakeTerminal, limit: Int, scanBytes: Int): Pair<InputReader, Sink> {
            val sink = Sink(InputBacklog(limit))
            val reader = InputReader(terminal, EventDecoder.Keys(50, 1_000), sink.backlog, scanBytes, readAhead = true, sink) { throw it }
            reader.start()
            return reader to sink
        }

        fun Sink.next(): List<InputEvent> = batches.poll(5, TimeUnit.SECONDS) ?: error("no batch within 5 s")
        fun text(events: List<InputEvent>) = events.joinToString("") { event ->
            when (event) {
                is InputEvent.Key -> if (event.isInterrupt) "^C" else String(Character.toChars((event.key as KeyCode.Char).codePoint))
                is InputEvent.Paste -> "[${event.text}]"
                else -> "?"
            }
        }

        /** Waits (up to 5 s) until the terminal has [bytes] left unread, then checks it stays so a little longer. */
        fun FakeTerminal.awaitUnread(bytes: Int) {
            val until = System.nanoTime() + 5_000_000_000L
            while (unread != bytes && System.nanoTime() < until) Thread.sleep(5)
            Thread.sleep(100)
            unread shouldBe bytes
        }

        test("a batch is cut to the room left; with no room the reader stops until the console takes input; nothing is lost or reordered") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 16, scanBytes = 0)
            val typed = (0 until 100).map { 'a' + it % 26 }.joinToString("")
            terminal.type(typed)
            val first = sink.next()
            text(first) shouldBe typed.take(16)
            terminal.awaitUnread(84)
            sink.batches.size shouldBe 0
            val seen = StringBuilder(text(first))
            sink.taken(first)
            while (seen.length < 100) {
                val batch = sink.next()
                InputBacklog.bytesOf(batch) shouldBe minOf(16L, 100L - seen.length)
                seen.append(text(batch))
                sink.taken(batch)
            }
            seen.toString() shouldBe typed
            reader.close()
        }

        test("held back, a Ctrl+C within the scan is handed over at once, with the keys before it; then the reader stops") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 16, scanBytes = 32)
            terminal.type("a".repeat(16) + "b".repeat(10) + "\u0003" + "c".repeat(40))
            text(sink.next()) shouldBe "a".repeat(16)
            // Nothing has been taken: the backlog is full, and still the Ctrl+C comes through.
            text(sink.next()) shouldBe "b".repeat(10) + "^C" + "c".repeat(21)
            terminal.awaitUnread(19)
            sink.batches.size shouldBe 0
            sink.backlog.release(sink.backlog.size)
            text(sink.next()) shouldBe "c".repeat(16)
            reader.close()
        }

        test("a Ctrl+C beyond the scan waits its turn in the kernel, and the scanned keys wait for room") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 16, scanBytes = 16)
            terminal.type("a".repeat(16) + "b".repeat(20) + "\u0003")
            text(sink.next()) shouldBe "a".repeat(16)
            terminal.awaitUnread(5)
            sink.batches.size shouldBe 0
            sink.backlog.release(sink.backlog.size)
            // First what was held, then the rest: in order.
            text(sink.next()) shouldBe "b".repeat(16)
            sink.backlog.release(sink.backlog.size)
            text(sink.next()) shouldBe "b".repeat(4) + "^C"
            reader.close()
        }

        test("0x03 inside a bracketed paste is text: it does not end the hold") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 16, scanBytes = 64)
            terminal.type("a".repeat(16) + "\u001b[200~x\u0003y\u001b[201~" + "z")
            text(sink.next()) shouldBe "a".repeat(16)
            terminal.awaitUnread(0)
            sink.batches.size shouldBe 0
            sink.backlog.release(sink.backlog.size)
            text(sink.next()) shouldBe "[x\u0003y]z"
            reader.close()
        }

        test("pause reaches a reader that waits for room: what it held is handed over before pause returns; resume and room let it read on") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 16, scanBytes = 8)
            terminal.type("a".repeat(16) + "b".repeat(8) + "c".repeat(10))
            text(sink.next()) shouldBe "a".repeat(16)
            terminal.awaitUnread(10)
            reader.pause()
            // Handed over on the way to parking: had pause not reached the waiting reader, it would be missing.
            text(sink.batches.poll() ?: emptyList()) shouldBe "b".repeat(8)
            reader.resume()
            terminal.awaitUnread(10)
            sink.backlog.release(sink.backlog.size)
            text(sink.next()) shouldBe "c".repeat(10)
            reader.close()
        }

        test("close reaches a reader that waits for room and joins its thread") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 4, scanBytes = 0)
            terminal.type("abcdefgh")
            sink.next()
            terminal.awaitUnread(4)
            reader.close()
            Thread.getAllStackTraces().keys.none { it.name == "coterm-input-reader" && it.isAlive } shouldBe true
        }

        test("after a burst's read, input already waiting joins its batch; without read-ahead each read is a batch") {
            val burst = "x".repeat(256)
            for (readAhead in listOf(true, false)) {
                val terminal = FakeTerminal()
                val sink = Sink(InputBacklog(1 shl 20))
                val reader = InputReader(terminal, EventDecoder.Keys(50, 1_000), sink.backlog, 1 shl 20, readAhead, sink) { throw it }
                listOf(burst, "cd", "ef").forEach(terminal::type)
                reader.start()
                if (readAhead) {
                    text(sink.next()) shouldBe burst + "cdef"
                } else {
                    listOf(burst, "cd", "ef").forEach { text(sink.next()) shouldBe it }
                }
                reader.close()
            }
        }

        test("a short read (keys a person types) is handed over at once, without reading ahead") {
            val terminal = FakeTerminal()
            val (reader, sink) = heldReader(terminal, limit = 1 shl 20, scanBytes = 0)
            listOf("ab", "cd").forEach(terminal::type)
            text(sink.next()) shouldBe "ab"
            text(sink.next()) shouldBe "cd"
            reader.close()
        }

        test("read-ahead stops at the room left: a batch never takes the backlog past its limit") {
            val terminal = FakeTerminal()
            // Both are waiting before the reader starts, so the read after the burst finds the y's.
            listOf("x".repeat(256), "y".repeat(100)).forEach(terminal::type)
            val (reader, sink) = heldReader(terminal, limit = 300, scanBytes = 0)
            text(sink.next()) shouldBe "x".repeat(256) + "y".repeat(44)
            sink.backlog.size shouldBe 300L
            terminal.awaitUnread(56)
            reader.close()
        }
    }

    context("a terminal that yields events (the Windows console's seam)") {
        fun eventReader(terminal: FakeEventTerminal, escapeMillis: Long): Pair<InputReader, LinkedBlockingQueue<List<InputEvent>>> {
            val sink = Sink(InputBacklog(1 shl 20))
            val reader = InputReader(terminal, EventDecoder.Keys(escapeMillis, 1_000), sink.backlog, 1 shl 20, readAhead = true, sink) { throw it }
            reader.start()
            return reader to sink.batches
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
