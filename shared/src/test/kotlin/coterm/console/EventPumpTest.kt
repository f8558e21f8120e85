// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.testing.FakeTerminal
import coterm.testing.keys
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** [EventPump] over a real [ConsoleLoop], router and type-ahead: where each batch is routed, and in which order. */
class EventPumpTest : FunSpec({
    class Fixture {
        val failures = CopyOnWriteArrayList<Throwable>()
        val loop = ConsoleLoop("coterm-console-pump-test") { failures += it }
        val backlog = InputBacklog(1 shl 20)
        val typeAhead = TypeAhead(backlog)
        val writer = ConsoleWriter(FakeTerminal(), rendering = true)
        val supervisor = CommandSupervisor(
            Job(), Dispatchers.Default, graceMillis = 500, typeAhead = typeAhead, writer = writer, interactive = true,
            forceExit = { },
        )
        val router = EventRouter(typeAhead, supervisor, writer, interactive = true)
        val pump = EventPump(backlog, router, loop, supervisor) { _, e -> failures += e }
        val scope = CoroutineScope(Job() + loop.asCoroutineDispatcher())

        init {
            supervisor.promptShowing = true
            pump.start(scope)
        }

        /** Runs [block] on the loop and waits for it: the type-ahead is the loop's. */
        fun <T> onLoop(block: () -> T): T {
            var result: Result<T>? = null
            val done = CountDownLatch(1)
            loop.execute {
                result = runCatching(block)
                done.countDown()
            }
            done.await(5, TimeUnit.SECONDS) shouldBe true
            return result!!.getOrThrow()
        }

        /** The characters of the keys waiting in the type-ahead, taken. */
        fun typed(): String = onLoop {
            generateSequence { typeAhead.poll()?.takeIf { it != InputEvent.EndOfInput } }
                .joinToString("") { Character.toString(((it as InputEvent.Key).key as coterm.input.KeyCode.Char).codePoint) }
        }

        /**
         * Waits until the loop has run everything queued so far and is idle: its own thread lets
         * go of it a moment after its last task, and until then a delivery cannot run in place.
         */
        fun settle() {
            onLoop { }
            val until = System.nanoTime() + 5_000_000_000L
            while (!loop.runInPlace { }) {
                check(System.nanoTime() < until) { "the loop never became idle" }
                Thread.yield()
            }
        }

        fun close() {
            scope.cancel()
            loop.close(1_000)
            if (failures.isNotEmpty()) throw AssertionError("the loop or the pump failed: ${failures.toList()}", failures.first())
        }
    }

    /** Runs [block] on a fresh [Fixture], closed afterwards whatever happens. */
    suspend fun withFixture(block: suspend (Fixture) -> Unit) {
        val f = Fixture()
        try {
            block(f)
        } finally {
            f.close()
        }
    }

    test("a key delivered to an idle loop is routed directly, not through the routing coroutine") {
        withFixture { f ->
            f.settle()
            f.pump.deliver(listOf(keys("a")))
            f.pump.routedDirectly shouldBe 1L
            f.typed() shouldBe "a"
            f.pump.deliver(listOf(keys("b")))
            f.pump.deliver(listOf(keys("c")))
            f.pump.routedDirectly shouldBe 3L
            f.typed() shouldBe "bc"
            f.backlog.size shouldBe 0L
        }
    }

    test("batches that wait for a busy loop are routed in order, before a later key routed directly") {
        withFixture { f ->
            f.settle()
            val release = CountDownLatch(1)
            val busy = CountDownLatch(1)
            f.loop.execute {
                busy.countDown()
                release.await(5, TimeUnit.SECONDS)
            }
            busy.await(5, TimeUnit.SECONDS) shouldBe true
            // The loop is held: a burst (too big to run in place) and a key both wait in the channel.
            val burst = "x".repeat(5_000)
            f.pump.deliver(listOf(keys(burst)))
            f.pump.deliver(listOf(keys("b")))
            f.pump.routedDirectly shouldBe 0L
            release.countDown()
            f.settle()
            f.pump.deliver(listOf(keys("c")))
            f.pump.routedDirectly shouldBe 1L
            f.typed() shouldBe burst + "bc"
            f.backlog.size shouldBe 0L
        }
    }

    test("after close, a batch delivered in place is dropped as the closed channel drops it, not routed") {
        withFixture { f ->
            f.settle()
            f.pump.deliver(listOf(keys("a")))
            f.pump.close()
            f.pump.deliver(listOf(keys("b")))
            f.settle()
            f.pump.routedDirectly shouldBe 1L
            f.typed() shouldBe "a"
        }
    }
})
