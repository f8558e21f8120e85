// SPDX-License-Identifier: Apache-2.0
package coterm.console

import kotlinx.coroutines.ThreadContextElement
import kotlin.coroutines.CoroutineContext

/**
 * Knows which threads are running a command's coroutines right now, so that a Ctrl+C can
 * interrupt a command stuck in blocking code that ignores cancellation.
 *
 * Installed as a coroutine context element: every time a coroutine of the command is resumed on
 * a thread, that thread is recorded until the coroutine suspends again. [interruptAll] interrupts
 * the recorded threads under the same lock, and a thread leaving the command clears an interrupt
 * it got from here, so a pooled thread never carries the interrupt into someone else's work.
 */
internal class CommandThreads : ThreadContextElement<Unit> {
    override val key: CoroutineContext.Key<*> get() = Key

    private val lock = Any()
    private val running = HashMap<Thread, Int>()
    private val interrupted = HashSet<Thread>()

    override fun updateThreadContext(context: CoroutineContext) {
        val thread = Thread.currentThread()
        synchronized(lock) { running[thread] = (running[thread] ?: 0) + 1 }
    }

    override fun restoreThreadContext(context: CoroutineContext, oldState: Unit) {
        val thread = Thread.currentThread()
        synchronized(lock) {
            val depth = (running[thread] ?: 1) - 1
            if (depth == 0) {
                running.remove(thread)
                if (interrupted.remove(thread)) Thread.interrupted()
            } else {
                running[thread] = depth
            }
        }
    }

    /** Interrupts every thread currently running the command. */
    fun interruptAll() {
        synchronized(lock) {
            for (thread in running.keys) {
                interrupted += thread
                thread.interrupt()
            }
        }
    }

    companion object Key : CoroutineContext.Key<CommandThreads>
}
