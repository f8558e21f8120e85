// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.LockSupport

/**
 * Runs tasks one after another on one thread, [thread], and never touches its interrupt status:
 * an interrupt left set by one task is seen by the next. That is how a pooled thread can carry an
 * interrupt into someone else's work (`Dispatchers.Default` clears it only when a worker parks);
 * `ThreadPoolExecutor` would hide it, since it clears the status before every task.
 */
class OneThreadExecutor(name: String) : Executor, AutoCloseable {
    private val tasks = ConcurrentLinkedQueue<Runnable>()

    @Volatile
    private var closed = false

    val thread: Thread = Thread(::loop, name).apply {
        isDaemon = true
        start()
    }

    override fun execute(command: Runnable) {
        if (closed) throw RejectedExecutionException("closed")
        tasks.add(command)
        LockSupport.unpark(thread)
    }

    /** Runs [block] as the next task and returns its value. */
    fun <T> call(block: () -> T): T {
        val result = CompletableFuture<T>()
        execute { runCatching(block).fold(result::complete, result::completeExceptionally) }
        return result.get(10, TimeUnit.SECONDS)
    }

    private fun loop() {
        while (!closed) {
            val task = tasks.poll()
            if (task == null) {
                // Returns at once while the interrupt status is set: a leaked interrupt spins
                // here until the next task, which then sees it.
                LockSupport.park(this)
                continue
            }
            try {
                task.run()
            } catch (e: Throwable) {
                e.printStackTrace()
            }
        }
    }

    override fun close() {
        closed = true
        LockSupport.unpark(thread)
        thread.join(5_000)
    }
}
