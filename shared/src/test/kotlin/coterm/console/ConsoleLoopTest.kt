// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.repl.Repl
import coterm.terminal.Terminal
import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import coterm.testing.stripCsi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class ConsoleLoopTest : FunSpec({
    // The loop reports what a task throws to onFailure and goes on, so an assertion inside a task
    // cannot fail a test by itself: every test reads the failures (or asserts outside the tasks).
    val failures = CopyOnWriteArrayList<Throwable>()
    beforeTest { failures.clear() }

    fun newLoop() = ConsoleLoop("coterm-console-test") { failures += it }

    /** Fails with what the loop's tasks threw, if anything. */
    fun assertNoTaskFailed() {
        if (failures.isNotEmpty()) throw AssertionError("a task on the loop threw: ${failures.toList()}", failures.first())
    }

    test("a task submitted from another thread runs on the loop's own thread") {
        val loop = newLoop()
        try {
            val ran = CountDownLatch(1)
            var name = ""
            loop.execute {
                name = Thread.currentThread().name
                ran.countDown()
            }
            ran.await(5, TimeUnit.SECONDS) shouldBe true
            name shouldBe "coterm-console-test"
            assertNoTaskFailed()
        } finally {
            loop.close(1_000)
        }
    }

    test("runInPlace on an idle loop runs the block and what it submits on the calling thread, in order") {
        val loop = newLoop()
        try {
            val seen = mutableListOf<Pair<String, Thread>>()
            val me = Thread.currentThread()
            val ran = loop.runInPlace {
                seen += "block" to Thread.currentThread()
                loop.execute { seen += "first" to Thread.currentThread() }
                loop.execute { seen += "second" to Thread.currentThread() }
            }
            ran shouldBe true
            seen.map { it.first }.shouldContainExactly("block", "first", "second")
            seen.map { it.second.name }.shouldContainExactly(List(3) { me.name })
            seen.all { it.second === me } shouldBe true
            assertNoTaskFailed()
        } finally {
            loop.close(1_000)
        }
    }

    test("runInPlace refuses while the loop's thread holds the loop, and the work stays in order there") {
        val loop = newLoop()
        try {
            val holding = CountDownLatch(1)
            val release = CountDownLatch(1)
            val order = CopyOnWriteArrayList<String>()
            loop.execute {
                holding.countDown()
                release.await()
                order += "held"
            }
            holding.await(5, TimeUnit.SECONDS) shouldBe true
            loop.runInPlace { order += "in place" } shouldBe false
            val done = CountDownLatch(1)
            loop.execute { order += "after"; done.countDown() }
            release.countDown()
            done.await(5, TimeUnit.SECONDS) shouldBe true
            order.shouldContainExactly("held", "after")
            assertNoTaskFailed()
        } finally {
            loop.close(1_000)
        }
    }

    test("tasks from many threads and a reader running in place all run once, one at a time, each thread's in order") {
        val loop = newLoop()
        try {
            val submitters = 4
            val perThread = 5_000
            val inside = AtomicInteger()
            val overlaps = AtomicInteger()
            val lastSeen = IntArray(submitters) { -1 }
            val outOfOrder = AtomicInteger()
            val total = AtomicInteger()
            val allDone = CountDownLatch(submitters * perThread)
            fun task(thread: Int, index: Int) = Runnable {
                if (inside.incrementAndGet() != 1) overlaps.incrementAndGet()
                // Confined: plain fields, as console code uses them.
                if (lastSeen[thread] != index - 1) outOfOrder.incrementAndGet()
                lastSeen[thread] = index
                total.incrementAndGet()
                inside.decrementAndGet()
                allDone.countDown()
            }
            val threads = (0 until submitters).map { t ->
                Thread {
                    for (i in 0 until perThread) {
                        val work = task(t, i)
                        // Thread 0 plays the reader: in place when it can, queued otherwise.
                        if (t != 0 || !loop.runInPlace { work.run() }) loop.execute(work)
                    }
                }
            }
            threads.forEach { it.start() }
            threads.forEach { it.join(30_000) }
            allDone.await(30, TimeUnit.SECONDS) shouldBe true
            total.get() shouldBe submitters * perThread
            overlaps.get() shouldBe 0
            outOfOrder.get() shouldBe 0
            assertNoTaskFailed()
        } finally {
            loop.close(1_000)
        }
    }

    test("a task that throws is reported and the loop goes on") {
        val loop = newLoop()
        try {
            val done = CountDownLatch(1)
            loop.execute { throw IllegalStateException("boom") }
            loop.execute { done.countDown() }
            done.await(5, TimeUnit.SECONDS) shouldBe true
            failures.map { it.message }.shouldContainExactly("boom")
            // The loop's thread may still hold the loop for a moment after the task that counted
            // down: running in place is then refused, as documented, and tried again.
            val until = System.nanoTime() + 5_000_000_000L
            while (!loop.runInPlace { throw UnsatisfiedLinkError("in place") }) {
                (System.nanoTime() < until) shouldBe true
                Thread.sleep(1)
            }
            failures.map { it.message }.shouldContainExactly("boom", "in place")
        } finally {
            loop.close(1_000)
        }
    }

    test("close runs what is queued, ends the thread and rejects later tasks") {
        val loop = newLoop()
        val ran = AtomicInteger()
        val gate = CountDownLatch(1)
        loop.execute { gate.await() }
        repeat(3) { loop.execute { ran.incrementAndGet() } }
        gate.countDown()
        loop.close(5_000)
        ran.get() shouldBe 3
        assertNoTaskFailed()
        Thread.getAllStackTraces().keys.none { it.name == "coterm-console-test" && it.isAlive } shouldBe true
        shouldThrow<RejectedExecutionException> { loop.execute { } }
        loop.runInPlace { } shouldBe false
    }

    /** A fake terminal that also records which thread wrote each chunk. */
    class RecordingTerminal(val fake: FakeTerminal = FakeTerminal()) : Terminal by fake {
        val writers = CopyOnWriteArrayList<String>()

        override fun write(bytes: ByteArray, offset: Int, length: Int) {
            // Without the " @coroutine#N" that coroutine debugging adds in tests.
            writers += Thread.currentThread().name.substringBefore(" @")
            fake.write(bytes, offset, length)
        }
    }

    suspend fun awaitOutput(terminal: RecordingTerminal, text: String) = withTimeout(5_000) {
        while (!stripCsi(terminal.fake.output).contains(text)) delay(5)
    }

    test("a key typed at an idle prompt is echoed by the reader's thread itself: no thread is woken for it") {
        val terminal = RecordingTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(), exit = noExit)
        try {
            runBlocking {
                val line = async { console.readLine("# ") }
                awaitOutput(terminal, "# ")
                delay(50)
                terminal.writers.clear()
                terminal.fake.type("a")
                awaitOutput(terminal, "# a")
                terminal.writers.toSet() shouldBe setOf("coterm-input-reader")
                terminal.fake.type("\r")
                withTimeout(5_000) { line.await() } shouldBe "a"
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
    }

    test("under a Repl, Ctrl+C at a half-typed line draws the next prompt from the reader's thread") {
        val terminal = RecordingTerminal()
        val noExit = NoExit()
        val console = Console(terminal, ConsoleOptions(history = coterm.history.HistoryOptions.disabled()), exit = noExit)
        try {
            runBlocking {
                val repl = async { Repl(console).run() }
                awaitOutput(terminal, "# ")
                terminal.fake.type("half")
                awaitOutput(terminal, "# half")
                delay(50)
                terminal.writers.clear()
                terminal.fake.type("\u0003")
                awaitOutput(terminal, "# half^C\r\n\r# ")
                terminal.writers.toSet() shouldBe setOf("coterm-input-reader")
                terminal.fake.type("quit\r")
                withTimeout(5_000) { repl.await() } shouldBe 0
            }
        } finally {
            console.close()
        }
        noExit.assertNone()
    }
})
