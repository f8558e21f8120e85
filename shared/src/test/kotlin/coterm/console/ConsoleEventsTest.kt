// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.util.Collections

/** [Console.events]: what collectors get, cancellation, back-pressure (see its KDoc). */
class ConsoleEventsTest : FunSpec({
    fun withConsole(body: suspend (Console, FakeTerminal) -> Unit) = runBlocking(Dispatchers.Default) {
        val terminal = FakeTerminal(isInteractive = true, isOutputTerminal = true)
        val console = Console(terminal, ConsoleOptions(), exit = { })
        try {
            withTimeout(20_000) { body(console, terminal) }
        } finally {
            console.close()
        }
    }

    fun char(event: InputEvent): Char = ((event as InputEvent.Key).key as KeyCode.Char).codePoint.toChar()

    test("a collector gets the keys in order, then end of input, and completes") {
        withConsole { console, terminal ->
            terminal.type("abc")
            terminal.endInput()
            val events = console.events().toList()
            events.dropLast(1).map(::char) shouldContainExactly listOf('a', 'b', 'c')
            events.last() shouldBe InputEvent.EndOfInput
        }
    }

    test("two collectors share the events: each key goes to exactly one of them") {
        withConsole { console, terminal ->
            val typed = (0 until 200).map { 'a' + it % 26 }
            val got = Collections.synchronizedList(ArrayList<Char>())
            val seenBy = Array(2) { Collections.synchronizedList(ArrayList<Char>()) }
            val collectors = (0..1).map { n ->
                launch {
                    console.events().collect { event ->
                        if (event is InputEvent.Key) {
                            got.add(char(event))
                            seenBy[n].add(char(event))
                        }
                        delay(1) // both get a turn
                    }
                }
            }
            delay(100)
            terminal.type(typed.joinToString(""))
            while (got.size < typed.size) delay(10)
            delay(100) // a duplicate would show now
            collectors.forEach { it.cancelAndJoin() }
            got.size shouldBe typed.size
            got.sorted() shouldContainExactly typed.sorted()
            (seenBy[0].size > 0 && seenBy[1].size > 0) shouldBe true
        }
    }

    test("a collection cancelled while it waits takes nothing: the next key is there for the next reader") {
        withConsole { console, terminal ->
            val collector = launch { console.events().collect { error("got $it") } }
            delay(100)
            collector.cancelAndJoin()
            terminal.type("x")
            delay(200) // a reader left behind by the collection would take x now
            char(console.readEvent()) shouldBe 'x'
        }
    }

    test("take(1) takes one key and leaves the rest in the type-ahead") {
        withConsole { console, terminal ->
            terminal.type("abc")
            char(console.events().first()) shouldBe 'a'
            char(console.readEvent()) shouldBe 'b'
            console.events().take(1).toList().map(::char) shouldContainExactly listOf('c')
        }
    }

    test("back-pressure: a slow collector takes nothing ahead; what it received is taken even if it is then cancelled") {
        withConsole { console, terminal ->
            val received = CompletableDeferred<Char>()
            val collector = launch {
                console.events().collect { event ->
                    received.complete(char(event))
                    CompletableDeferred<Unit>().await() // busy with it for ever
                }
            }
            terminal.type("a")
            received.await() shouldBe 'a'
            terminal.type("bc")
            delay(200) // a collector that read ahead would take b now
            collector.cancelAndJoin()
            char(console.readEvent()) shouldBe 'b'
            char(console.readEvent()) shouldBe 'c'
        }
    }
})
