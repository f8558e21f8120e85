// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import java.util.concurrent.atomic.AtomicInteger

/**
 * Carries the reader's batches of events to the [EventRouter], on the console's loop: [deliver]
 * is the reader's sink. A batch is routed in place on the reader's thread when the loop is idle
 * (a key is then echoed with no thread woken, see [ConsoleLoop]), else it waits in a channel for
 * the loop's thread, counted in the [backlog] until routed.
 *
 * In place, with no batch waiting in the channel, the batch is routed directly, not sent to the
 * routing coroutine: nothing can be ahead of it (this thread holds the loop, so no routing runs,
 * and none is queued), and a key is then one coroutine resumption (the line editor's) instead
 * of three (the routing coroutine's on the send and on its yield, then the editor's).
 *
 * Every batch already waiting is routed before the line editor runs ([CommandSupervisor.promptShowing]), so it
 * applies them all and redraws once (DESIGN §1.3), however many reads they took.
 *
 * Threading: [deliver] runs on the reader's thread and never blocks (the reader itself stops
 * when the [backlog] is full); routing runs on the console's loop.
 */
internal class EventPump(
    private val backlog: InputBacklog,
    private val router: EventRouter,
    private val loop: ConsoleLoop?,
    private val supervisor: CommandSupervisor,
    private val report: (String, Throwable) -> Unit,
) {
    /**
     * Batches from the reader, counted in [backlog] until routed: unlimited here because the
     * reader bounds them, and so that handing a batch over never blocks the reader (a pause or a
     * close must always reach it).
     */
    private val events = Channel<Batch>(Channel.UNLIMITED)

    /**
     * A batch of events from the reader, and what it weighs in the [backlog] while it waits in
     * [events] for the loop's thread (0 when it is routed in place: nothing waits then).
     */
    private class Batch(val events: List<List<InputEvent>>, val weight: Long)

    /** Batches sent to [events] and not routed yet: a batch is routed directly only when there are none. */
    private val queued = AtomicInteger()

    /** Set by [close]: batches delivered afterwards are dropped, as the closed channel drops them. */
    @Volatile
    private var closed = false

    /** How many batches were routed directly, in place ([deliver]); for tests. */
    @Volatile
    internal var routedDirectly: Long = 0
        private set

    /** Starts routing in [scope] (the console's), until [close]. */
    fun start(scope: CoroutineScope) {
        scope.launch {
            for (batch in events) {
                routeQueued(batch)
                while (true) routeQueued(events.tryReceive().getOrNull() ?: break)
                if (supervisor.promptShowing) yield()
            }
        }
    }

    /**
     * Hands a batch from the reader to the router: in place when the console's loop is idle,
     * else through [events] to the loop's thread.
     */
    fun deliver(events: List<List<InputEvent>>) {
        val weight = InputBacklog.bytesOfBatch(events)
        // A few keys are routed, edited and echoed in place: no thread is woken. In place, the
        // loop routes the batch on this thread before runInPlace returns, and the reader reads
        // nothing meanwhile, so it is not weighed. Were the router not waiting for it, it would
        // wait in the channel uncounted: one batch, no larger than the room the reader had.
        // A burst goes to the loop's thread instead, so that the reader reads the next part of
        // it while this one is edited and drawn, on the other core.
        if (weight < OVERLAP_FROM && loop?.runInPlace { routeInPlace(events) } == true) return
        val batch = Batch(events, weight)
        backlog.add(weight)
        send(batch)
    }

    /** On the loop, held by the reader's thread: routes [events] now, or behind the batches still queued. */
    private fun routeInPlace(events: List<List<InputEvent>>) {
        if (queued.get() == 0 && !closed) {
            routedDirectly++
            route(Batch(events, 0))
        } else {
            send(Batch(events, 0))
        }
    }

    private fun send(batch: Batch) {
        queued.incrementAndGet()
        if (events.trySend(batch).isFailure) queued.decrementAndGet()
    }

    /** No more batches: the routing coroutine ends once those sent are routed. */
    fun close() {
        closed = true
        events.close()
    }

    private fun routeQueued(batch: Batch) {
        try {
            route(batch)
        } finally {
            queued.decrementAndGet()
        }
    }

    /** Routes one batch taken from [events], then counts it out of the [backlog]. */
    private fun route(batch: Batch) {
        try {
            router.route(batch.events)
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            // The router must survive anything, Errors too (a native binding's
            // UnsatisfiedLinkError), or no key, Ctrl+C included, would be read again.
            report("routing input failed", e)
        } finally {
            // After routing: what went to the type-ahead is counted there already, so the
            // backlog never dips below the truth and wakes the reader for nothing.
            backlog.release(batch.weight)
        }
    }

    private companion object {
        /**
         * Batches of at least this many bytes are handed to the loop's thread rather than run in
         * place: a burst, where overlapping reading with editing pays for the wake-up (about
         * 100 µs); a person's keys are a few bytes a read.
         */
        const val OVERLAP_FROM = 4_096L
    }
}
