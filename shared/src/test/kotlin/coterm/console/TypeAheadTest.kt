// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.isInterruptEvent
import coterm.input.KeyCode
import coterm.input.RawBytes
import coterm.testing.ctrlC
import coterm.testing.keys
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/** The type-ahead queue: nothing dropped, every byte counted in the backlog, end of input sticky. */
class TypeAheadTest : FunSpec({
    val isInterrupt: (InputEvent) -> Boolean = { isInterruptEvent(it) }

    fun drain(queue: TypeAhead): List<InputEvent> = generateSequence { queue.poll()?.takeIf { it != InputEvent.EndOfInput } }.toList()

    data class Weight(val what: String, val event: InputEvent, val bytes: Int)

    context("an event weighs its raw bytes, a paste at least its text, anything at least one byte") {
        withData(
            nameFn = { "${it.what}: ${it.bytes}" },
            ts = listOf(
                Weight("a letter", keys("a").single(), 1),
                Weight("a two-byte letter", keys("é").single(), 2),
                Weight("an arrow key", InputEvent.Key(KeyCode.Up, raw = RawBytes.of(0x1b, '['.code, 'A'.code)), 3),
                Weight("a bracketed paste, markers included", InputEvent.Paste("hello", RawBytes.of(*"\u001b[200~hello\u001b[201~".toByteArray().map { it.toInt() }.toIntArray())), 17),
                Weight("a paste without bytes", InputEvent.Paste("injected without bytes"), 22),
                Weight("a resize", InputEvent.Resize(100, 30), 1),
                Weight("SIGINT", InputEvent.Interrupt, 1),
            ),
        ) { (_, event, bytes) ->
            InputBacklog.bytesOf(event) shouldBe bytes
        }
    }

    test("nothing is dropped: far more than the limit is kept, in order, and counted") {
        val backlog = InputBacklog(limit = 10)
        val queue = TypeAhead(backlog)
        val typed = keys("y".repeat(100_000) + "\r")
        typed.forEach(queue::add)
        queue.size shouldBe typed.size
        queue.bytes shouldBe 100_001L
        backlog.size shouldBe 100_001L
        backlog.hasRoom shouldBe false
        drain(queue) shouldContainExactly typed
        backlog.size shouldBe 0L
        backlog.hasRoom shouldBe true
    }

    test("a run added at once is kept in order and counted like the same events added one by one") {
        val backlog = InputBacklog(limit = 10)
        val queue = TypeAhead(backlog)
        val batch = keys("ab") + InputEvent.Key(KeyCode.Up, raw = RawBytes.of(0x1b, '['.code, 'A'.code)) + keys("écd")
        queue.add(batch[0])
        queue.addAll(batch, 1, 4, 6)
        queue.bytes shouldBe 1L + 1 + 3 + 2
        backlog.size shouldBe 7L
        queue.addAll(batch, 4, batch.size, 2)
        backlog.size shouldBe 9L
        drain(queue) shouldContainExactly batch
        backlog.size shouldBe 0L
    }

    data class Exit(val how: String, val take: (TypeAhead) -> Unit, val bytesLeft: Long)

    context("every way out of the queue gives its bytes back to the backlog") {
        val a = keys("a").single()
        val up = InputEvent.Key(KeyCode.Up, raw = RawBytes.of(0x1b, '['.code, 'A'.code))
        withData(
            nameFn = { "${it.how} leaves ${it.bytesLeft} of 6 bytes" },
            ts = listOf(
                Exit("poll", { q -> q.poll() }, 5L),
                Exit("removeFirst of the Up key", { q -> q.removeFirst { it == up } }, 3L),
                Exit("takeThroughFirstInterrupt", { q -> q.takeThroughFirstInterrupt(isInterrupt) }, 1L),
                Exit("clear", { q -> q.clear() }, 0L),
            ),
        ) { (_, take, left) ->
            val backlog = InputBacklog(limit = 100)
            val queue = TypeAhead(backlog)
            listOf(a, up, ctrlC, a).forEach(queue::add)
            backlog.size shouldBe 6L
            take(queue)
            queue.bytes shouldBe left
            backlog.size shouldBe left
        }
    }

    test("back-pressure: the room listener runs once, when the backlog drops below the limit") {
        val backlog = InputBacklog(limit = 3)
        val queue = TypeAhead(backlog)
        var woken = 0
        backlog.onRoom { woken++ }
        keys("abcde").forEach(queue::add)
        queue.poll()
        queue.poll()
        woken shouldBe 0 // 3 bytes wait: still full
        queue.poll()
        woken shouldBe 1 // 2 bytes: room
        queue.poll()
        woken shouldBe 1 // still room: no second wake-up
        keys("xyz").forEach(queue::add)
        queue.clear()
        woken shouldBe 2
    }

    test("the backlog always equals the bytes of what is still queued (random adds, runs, polls, takes, removes, clears)") {
        val events = keys("aé\r") + listOf(ctrlC, InputEvent.Paste("pasted"), InputEvent.Resize(80, 24))
        checkAll(500, Arb.list(Arb.int(0..12), 0..200)) { script ->
            val backlog = InputBacklog(limit = 8)
            val queue = TypeAhead(backlog)
            val model = ArrayDeque<InputEvent>()
            for (op in script) {
                when (op) {
                    in 0..5 -> events[op].let { queue.add(it); model.addLast(it) }
                    6, 7 -> queue.poll() shouldBe model.removeFirstOrNull()
                    8 -> queue.takeThroughFirstInterrupt(isInterrupt).let { taken ->
                        val index = model.indexOfFirst(isInterrupt)
                        taken shouldBe (index >= 0)
                        repeat(index + 1) { model.removeFirst() }
                    }
                    9 -> { queue.clear(); model.clear() }
                    10 -> {
                        // A run of a batch, as the router queues typed keys.
                        val batch = events + events
                        val from = model.size % 3
                        val to = from + model.size % 7
                        queue.addAll(batch, from, to, batch.subList(from, to).sumOf { InputBacklog.bytesOf(it).toLong() })
                        model.addAll(batch.subList(from, to))
                    }
                    11 -> {
                        // Takes events until the third letter or a Ctrl+C, as the editor takes typed keys.
                        var letters = 0
                        val taken = mutableListOf<InputEvent>()
                        val n = queue.takeWhile { event ->
                            val ok = letters < 3 && !isInterrupt(event)
                            if (ok) taken += event
                            if (event is InputEvent.Key) letters++
                            ok
                        }
                        n shouldBe taken.size
                        taken shouldContainExactly model.take(n)
                        repeat(n) { model.removeFirst() }
                    }
                    else -> queue.removeFirst { it is InputEvent.Resize } shouldBe model.remove(InputEvent.Resize(80, 24))

                }
                val expected = model.sumOf { InputBacklog.bytesOf(it).toLong() }
                queue.bytes shouldBe expected
                queue.size shouldBe model.size
                backlog.size shouldBe expected
                backlog.hasRoom shouldBe (expected < 8)
            }
        }
    }

    test("takeThroughFirstInterrupt drops the first interrupt and what came before it, keeps the rest") {
        val queue = TypeAhead(InputBacklog(limit = 100))
        (keys("ab") + ctrlC + keys("cd") + InputEvent.Interrupt + keys("e")).forEach(queue::add)
        queue.takeThroughFirstInterrupt(isInterrupt) shouldBe true
        drain(queue) shouldContainExactly keys("cd") + InputEvent.Interrupt + keys("e")
        queue.takeThroughFirstInterrupt(isInterrupt) shouldBe false
    }

    test("end of input is sticky: after what is left, poll says EndOfInput again and again, and clear keeps it") {
        val queue = TypeAhead(InputBacklog(limit = 100))
        keys("ab").forEach(queue::add)
        queue.add(InputEvent.EndOfInput)
        queue.isEnded shouldBe true
        queue.poll() shouldBe keys("a").single()
        queue.clear()
        repeat(3) { queue.poll() shouldBe InputEvent.EndOfInput }
        queue.size shouldBe 0
    }

    test("awaitEvents waits until signalled with an event, and returns at once once input has ended") {
        runTest {
            val queue = TypeAhead(InputBacklog(limit = 100))
            val waiting = async { queue.awaitEvents() }
            runCurrent()
            waiting.isActive shouldBe true
            queue.add(keys("a").single())
            queue.signal()
            runCurrent()
            waiting.isCompleted shouldBe true
            queue.poll()
            queue.add(InputEvent.EndOfInput)
            queue.awaitEvents() // would hang the test if end of input were not sticky
        }
    }
})
