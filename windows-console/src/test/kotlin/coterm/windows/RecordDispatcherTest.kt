// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import coterm.terminal.InputSink
import coterm.windows.testing.FakeConsoleApi
import coterm.windows.testing.Records
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * Who reads the console and when: the dispatcher reads only for a waiting reader, stops and
 * joins on pause (a child owns the console), and never holds up close, also when it lost the
 * race for the records to another process and sits in a blocking read.
 */
class RecordDispatcherTest : FunSpec({
    class Collected : InputSink {
        val events = mutableListOf<InputEvent>()
        override fun bytes(bytes: ByteArray, offset: Int, length: Int) = Unit
        override fun event(event: InputEvent) {
            events += event
        }
    }

    fun dispatcherThreads() = Thread.getAllStackTraces().keys.filter { it.name == RecordDispatcher.THREAD_NAME && it.isAlive }

    fun awaitTrue(what: String, condition: () -> Boolean) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (!condition()) {
            check(System.nanoTime() < deadline) { "timed out waiting for $what" }
            Thread.sleep(5)
        }
    }

    fun millisOf(block: () -> Unit): Long {
        val start = System.nanoTime()
        block()
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
    }

    test("while raw mode is paused for a child, the dispatcher thread is gone and the records stay in the console; resume reads them") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        val raw = terminal.enterRawMode()
        // A reader already waiting: the demand is there when the console is handed over.
        val waiting = CompletableFuture.supplyAsync { Collected().also { terminal.readInput(it, -1) } }
        awaitTrue("the dispatcher's wait") { api.waits >= 1 }
        raw.pause()
        dispatcherThreads() shouldBe emptyList()
        api.queue(Records.press(0x41, 'a'))
        Thread.sleep(200)
        api.queued shouldBe 2
        api.reads shouldBe 0
        raw.resume()
        waiting.get(10, TimeUnit.SECONDS).events.size shouldBe 1
        api.queued shouldBe 0
        terminal.close()
        dispatcherThreads() shouldBe emptyList()
    }

    test("with no reader waiting nothing is read: keys typed after the reader stopped (quit) stay for the shell") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        api.queue(Records.press(0x41, 'a'))
        terminal.readInput(Collected(), 10_000) shouldBe 1
        // The reader waits again; then it stops: InputReader.close wakes the terminal and reads no more.
        val waiting = CompletableFuture.supplyAsync { terminal.readInput(Collected(), -1) }
        awaitTrue("the dispatcher's second wait") { api.waits >= 2 }
        terminal.wake()
        waiting.get(10, TimeUnit.SECONDS) shouldBe 0
        api.queue(Records.press(0x42, 'b'))
        Thread.sleep(200)
        api.queued shouldBe 2
        terminal.close()
        api.queued shouldBe 2
    }

    test("one batch per request: a reader that asks once gets one batch, the next keys wait in the console") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        api.queue(Records.press(0x41, 'a'))
        terminal.readInput(Collected(), 10_000) shouldBe 1
        api.queue(Records.press(0x42, 'b'))
        Thread.sleep(200)
        api.queued shouldBe 2
        terminal.readInput(Collected(), 10_000) shouldBe 1
        api.queued shouldBe 0
        terminal.close()
    }

    test("close returns within 100 ms with no thread left, also when the dispatcher lost the race and blocks in ReadConsoleInputW") {
        val api = FakeConsoleApi().apply {
            blockingReads = true
            stealNextRead = true
        }
        val terminal = WindowsTerminal(api)
        val reader = CompletableFuture.supplyAsync { terminal.readInput(Collected(), -1) }
        awaitTrue("the dispatcher's wait") { api.waits >= 1 }
        api.queue(Records.press(0x41, 'a'))
        awaitTrue("the blocked read") { api.reads >= 1 }
        Thread.sleep(50)
        millisOf { terminal.close() } shouldBeLessThan 100L
        api.cancels shouldBe 1
        dispatcherThreads() shouldBe emptyList()
        api.closed shouldBe true
        reader.get(10, TimeUnit.SECONDS) shouldBe -1
    }

    test("pause also ends a blocked read within 100 ms, and resume reads on") {
        val api = FakeConsoleApi().apply {
            blockingReads = true
            stealNextRead = true
        }
        val terminal = WindowsTerminal(api)
        val raw = terminal.enterRawMode()
        val reader = CompletableFuture.supplyAsync { Collected().also { terminal.readInput(it, -1) } }
        awaitTrue("the dispatcher's wait") { api.waits >= 1 }
        api.queue(Records.press(0x41, 'a'))
        awaitTrue("the blocked read") { api.reads >= 1 }
        millisOf { raw.pause() } shouldBeLessThan 100L
        dispatcherThreads() shouldBe emptyList()
        api.queue(Records.press(0x42, 'b'))
        raw.resume()
        reader.get(10, TimeUnit.SECONDS).events.size shouldBe 1
        terminal.close()
        dispatcherThreads() shouldBe emptyList()
    }

    test("a non-blocking read that finds the records gone gives nothing and the dispatcher waits again, without spinning") {
        val api = FakeConsoleApi().apply { stealNextRead = true }
        val terminal = WindowsTerminal(api)
        val reader = CompletableFuture.supplyAsync { Collected().also { terminal.readInput(it, -1) } }
        awaitTrue("the dispatcher's wait") { api.waits >= 1 }
        api.queue(Records.press(0x41, 'a'))
        awaitTrue("the read that lost the race") { api.reads >= 1 }
        Thread.sleep(100)
        api.waits shouldBe 2
        api.queue(Records.press(0x42, 'b'))
        reader.get(10, TimeUnit.SECONDS).events.size shouldBe 1
        terminal.close()
    }
})
