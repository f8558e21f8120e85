// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.testing.OneThreadExecutor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * [CommandThreads] on real one-thread pools, so that "the next task on the same thread" is
 * certain: which threads a command is running on, and that an interrupt meant for a command never
 * reaches the pool's next task.
 */
class CommandThreadsTest : FunSpec({
    /** Runs [body] with a one-thread pool and a scope on it, and shuts both down. */
    fun withPool(body: suspend CoroutineScope.(ExecutorService, CoroutineScope) -> Unit) {
        val pool = Executors.newSingleThreadExecutor { Thread(it, "pooled") }
        val scope = CoroutineScope(Job() + pool.asCoroutineDispatcher())
        try {
            runBlocking { withTimeout(20_000) { body(pool, scope) } }
        } finally {
            scope.cancel()
            pool.shutdownNow()
        }
    }

    test("interruptAll interrupts a thread blocked in the command") {
        withPool { _, scope ->
            val threads = CommandThreads()
            val sleeping = CountDownLatch(1)
            val interrupted = CompletableDeferred<Boolean>()
            scope.launch(threads) {
                sleeping.countDown()
                try {
                    Thread.sleep(60_000)
                    interrupted.complete(false)
                } catch (e: InterruptedException) {
                    interrupted.complete(true)
                }
            }
            sleeping.await(10, TimeUnit.SECONDS) shouldBe true
            threads.interruptAll()
            interrupted.await() shouldBe true
        }
    }

    test("a thread the command has left (it suspended) is not interrupted: it is running someone else's task") {
        withPool { pool, scope ->
            val threads = CommandThreads()
            val suspended = CompletableDeferred<Unit>()
            val command = scope.launch(threads) {
                suspended.complete(Unit)
                awaitCancellation()
            }
            suspended.await()
            val otherStarted = CountDownLatch(1)
            val release = CountDownLatch(1)
            val other = pool.submit<Boolean> {
                otherStarted.countDown()
                release.await(10, TimeUnit.SECONDS)
                Thread.currentThread().isInterrupted
            }
            otherStarted.await(10, TimeUnit.SECONDS) shouldBe true
            threads.interruptAll()
            release.countDown()
            other.get(10, TimeUnit.SECONDS) shouldBe false
            command.cancel()
        }
    }

    test("an interrupt the command kept (it restored the status, as Java code does) does not leak to the next task on the thread") {
        // A pool that leaves the interrupt status alone between tasks, as Dispatchers.Default's
        // busy workers do; ThreadPoolExecutor would clear it and hide a leak.
        OneThreadExecutor("pooled").use { pool ->
            val scope = CoroutineScope(Job() + pool.asCoroutineDispatcher())
            val threads = CommandThreads()
            val sleeping = CountDownLatch(1)
            val commandThread = CompletableDeferred<Thread>()
            val command = scope.launch(threads) {
                commandThread.complete(Thread.currentThread())
                sleeping.countDown()
                try {
                    Thread.sleep(60_000)
                } catch (e: InterruptedException) {
                    // The usual Java idiom: keep the interrupt status for whoever runs next.
                    Thread.currentThread().interrupt()
                }
            }
            sleeping.await(10, TimeUnit.SECONDS) shouldBe true
            threads.interruptAll()
            runBlocking {
                withTimeout(10_000) { command.join() }
                pool.call { Thread.currentThread() to Thread.currentThread().isInterrupted } shouldBe (commandThread.await() to false)
            }
            scope.cancel()
        }
    }

    test("a command resumed in a nested coroutine on the same thread is still tracked when the nested one suspends") {
        withPool { _, scope ->
            val threads = CommandThreads()
            val sleeping = CountDownLatch(1)
            val interrupted = CompletableDeferred<Boolean>()
            scope.launch(threads) {
                // Runs at once on this thread, inside this resumption, and suspends: the thread
                // leaves the child, but not the command.
                launch(Dispatchers.Unconfined) { awaitCancellation() }
                sleeping.countDown()
                try {
                    Thread.sleep(60_000)
                    interrupted.complete(false)
                } catch (e: InterruptedException) {
                    interrupted.complete(true)
                }
                coroutineContext[Job]!!.cancel()
            }
            sleeping.await(10, TimeUnit.SECONDS) shouldBe true
            threads.interruptAll()
            interrupted.await() shouldBe true
        }
    }
})
