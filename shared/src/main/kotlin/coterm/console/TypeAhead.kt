// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume

/**
 * Input events waiting for a consumer: keys typed while a command runs wait here for the next
 * prompt (prompt_toolkit calls this type-ahead), and a prompt drains them before it waits.
 *
 * Nothing is ever dropped here. The queue is bounded by back-pressure instead: every event added
 * is counted in [backlog] (in bytes, see [InputBacklog.bytesOf]) and released when it leaves, and
 * the reader stops reading while the backlog is full, so the kernel holds the rest of the input.
 *
 * Events are kept as runs of the batches they came in (a batch must not change once handed
 * over), so a burst of typing, a run of tens of thousands of keys, is queued with [addAll] and
 * taken with [takeRuns] without a step per key for the queue itself.
 *
 * Confined to the console's thread: the router adds, one consumer (the line editor or a key
 * reader) takes. End of input is sticky: once seen, every later [poll] on an empty queue returns
 * [InputEvent.EndOfInput] again and [clear] keeps it, so no reader ever waits for input that can
 * no longer come.
 */
internal class TypeAhead(private val backlog: InputBacklog) {
    /**
     * A run of events waiting: [events] from [from] (moved on as they are taken) until [to],
     * which weigh [weight] bytes together.
     */
    private class Run(val events: List<InputEvent>, var from: Int, val to: Int, var weight: Long) {
        val size: Int get() = to - from
    }

    private val runs = ArrayDeque<Run>()
    private var count = 0
    private var ended = false
    private var waiter: CancellableContinuation<Unit>? = null

    /** The bytes of the events waiting here (their part of [backlog]). */
    var bytes: Long = 0
        private set

    /** Queues [event] (end of input only marks the queue as ended). */
    fun add(event: InputEvent) {
        if (event == InputEvent.EndOfInput) {
            ended = true
            return
        }
        val weight = InputBacklog.bytesOf(event).toLong()
        runs.addLast(Run(listOf(event), 0, 1, weight))
        count++
        added(weight)
    }

    /**
     * Queues the events of [batch] from [from] until [to] (none of them end of input), which
     * weigh [weight] bytes together, in order: a run of typed keys in one step. [batch] must not
     * change afterwards.
     */
    fun addAll(batch: List<InputEvent>, from: Int, to: Int, weight: Long) {
        if (from == to) return
        runs.addLast(Run(batch, from, to, weight))
        count += to - from
        added(weight)
    }

    /** Wakes the consumer waiting in [awaitEvents] or [awaitMore], if any. */
    fun signal() {
        val w = waiter ?: return
        waiter = null
        w.resume(Unit)
    }

    /** The next event, [InputEvent.EndOfInput] once input has ended and nothing is left, or null. */
    fun poll(): InputEvent? {
        val run = runs.firstOrNull() ?: return if (ended) InputEvent.EndOfInput else null
        val event = run.events[run.from++]
        val weight = InputBacklog.bytesOf(event).toLong()
        run.weight -= weight
        if (run.size == 0) runs.removeFirst()
        count--
        released(weight)
        return event
    }

    /**
     * Takes waiting events, in order, for as long as [take] accepts them: each is handed to
     * [take], and the first it refuses stays first in the queue. Returns how many were taken;
     * their bytes are released at once at the end.
     */
    fun takeWhile(take: (InputEvent) -> Boolean): Int = takeRuns { events, from, to ->
        var i = from
        while (i < to && take(events[i])) i++
        i
    }

    /**
     * Takes waiting events a run at a time: [take] is handed each run (the events of a list from
     * an index until another) and returns the index it took them up to; the first it does not
     * take stays first in the queue. Returns how many were taken; their bytes are released at
     * once at the end. A burst of typing is then one call, not one per key.
     */
    fun takeRuns(take: (events: List<InputEvent>, from: Int, to: Int) -> Int): Int {
        var taken = 0
        var weight = 0L
        try {
            while (true) {
                val run = runs.firstOrNull() ?: break
                val events = run.events
                val to = run.to
                val i = take(events, run.from, to)
                require(i in run.from..to) { "taken up to $i, outside ${run.from}..$to" }
                if (i < to) {
                    // Taken in part: weigh what was taken (a whole run's weight is known).
                    val part = InputBacklog.bytesOf(events, run.from, i)
                    run.weight -= part
                    weight += part
                    taken += i - run.from
                    run.from = i
                    break
                }
                weight += run.weight
                taken += i - run.from
                runs.removeFirst()
            }
        } finally {
            count -= taken
            released(weight)
        }
        return taken
    }

    /** How many events are waiting. */
    val size: Int get() = count

    /** True once end of input has been seen. */
    val isEnded: Boolean get() = ended

    /** True if a waiting event is one that [predicate] accepts. */
    fun contains(predicate: (InputEvent) -> Boolean): Boolean =
        runs.any { run -> (run.from until run.to).any { predicate(run.events[it]) } }

    /** Removes the first waiting event that [predicate] accepts; true if there was one. */
    fun removeFirst(predicate: (InputEvent) -> Boolean): Boolean {
        for ((r, run) in runs.withIndex()) {
            for (i in run.from until run.to) {
                val event = run.events[i]
                if (!predicate(event)) continue
                // Split the run around the event: what came before stays in place, then the rest.
                runs.removeAt(r)
                val weight = InputBacklog.bytesOf(event).toLong()
                val before = InputBacklog.bytesOf(run.events, run.from, i)
                if (i + 1 < run.to) runs.add(r, Run(run.events, i + 1, run.to, run.weight - before - weight))
                if (run.from < i) runs.add(r, Run(run.events, run.from, i, before))
                count--
                released(weight)
                return true
            }
        }
        return false
    }

    /** Suspends until more than [seen] events are waiting, or input has ended. One consumer at a time. */
    suspend fun awaitMore(seen: Int) {
        while (count <= seen && !ended) {
            suspendCancellableCoroutine { continuation ->
                waiter = continuation
                continuation.invokeOnCancellation { if (waiter === continuation) waiter = null }
            }
        }
    }

    /** Drops every waiting event (end of input stays). */
    fun clear() {
        runs.clear()
        count = 0
        released(bytes)
    }

    /**
     * If an interrupt (Ctrl+C or SIGINT) is waiting, drops it and everything before it and
     * returns true: it was pressed for the command that is starting now.
     */
    fun takeThroughFirstInterrupt(isInterrupt: (InputEvent) -> Boolean): Boolean {
        if (!contains(isInterrupt)) return false
        var found = false
        takeWhile { event ->
            if (found) {
                false
            } else {
                found = isInterrupt(event)
                true
            }
        }
        return true
    }

    /** Suspends until an event is waiting or input has ended. One consumer at a time. */
    suspend fun awaitEvents() {
        while (count == 0 && !ended) {
            suspendCancellableCoroutine { continuation ->
                waiter = continuation
                continuation.invokeOnCancellation { if (waiter === continuation) waiter = null }
            }
        }
    }

    private fun added(weight: Long) {
        bytes += weight
        backlog.add(weight)
    }

    private fun released(weight: Long) {
        bytes -= weight
        backlog.release(weight)
    }
}
