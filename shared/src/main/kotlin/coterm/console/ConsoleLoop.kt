// SPDX-License-Identifier: Apache-2.0
package coterm.console

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport

/**
 * The console's serial executor: its tasks run one at a time, in the order they were submitted,
 * either on its own `coterm-console` thread or, when the loop is idle, on the input reader's
 * thread in place ([runInPlace]).
 *
 * Running in place is what makes a keystroke cheap: the reader reads a key, routes it, edits the
 * line and writes the echo without waking another thread (on a 2-core VM a wake-up costs about
 * 100 µs at the median and more than a millisecond at the 99th percentile). Tasks submitted from
 * other threads (a command that ended, a signal) wake the loop's own thread as any executor
 * would. Either way, only one thread at a time holds the loop, so code confined to the console
 * needs no locks, exactly as on a single thread.
 *
 * A task that throws is reported to [onFailure] and the loop goes on.
 */
internal class ConsoleLoop(name: String, private val onFailure: (Throwable) -> Unit) : Executor {
    private val tasks = ConcurrentLinkedQueue<Runnable>()

    /** The thread running tasks now, or null when none is. */
    private val runner = AtomicReference<Thread?>(null)

    @Volatile
    private var closed = false

    private val thread = Thread(::loop, name).apply { isDaemon = true }

    init {
        thread.start()
    }

    /** Queues [command]; it runs after every task submitted before it. */
    override fun execute(command: Runnable) {
        if (closed) throw RejectedExecutionException("the console is closed")
        tasks.add(command)
        // Whoever holds the loop looks at the queue again before letting go (see drain).
        if (runner.get() == null) LockSupport.unpark(thread)
    }

    /**
     * Runs [block] on this thread as a task of the loop, then every task queued meanwhile, and
     * returns true; returns false without running it when another thread holds the loop or
     * tasks are already waiting for the loop's thread (they must run first).
     */
    fun runInPlace(block: () -> Unit): Boolean {
        if (closed || tasks.isNotEmpty()) return false
        val me = Thread.currentThread()
        if (!runner.compareAndSet(null, me)) return false
        run(block)
        drain(me)
        return true
    }

    private fun loop() {
        while (true) {
            when {
                tasks.isNotEmpty() && runner.compareAndSet(null, thread) -> drain(thread)
                // Queued tasks are the holder's to run; nothing new can come.
                closed -> return
                else -> LockSupport.park(this)
            }
        }
    }

    /** Runs queued tasks while holding the loop, then lets go, taking it again if a task came late. */
    private fun drain(me: Thread) {
        while (true) {
            while (true) {
                val task = tasks.poll() ?: break
                run { task.run() }
            }
            runner.set(null)
            if (tasks.isEmpty() || !runner.compareAndSet(null, me)) return
        }
    }

    private inline fun run(block: () -> Unit) {
        try {
            block()
        } catch (e: Throwable) {
            onFailure(e)
        }
    }

    /**
     * Stops the loop's thread once the tasks queued now have run, and waits up to [waitMillis]
     * for it to end, unless called from that thread. Later submissions are rejected.
     */
    fun close(waitMillis: Long) {
        closed = true
        LockSupport.unpark(thread)
        if (Thread.currentThread() !== thread && waitMillis > 0) thread.join(waitMillis)
    }
}
