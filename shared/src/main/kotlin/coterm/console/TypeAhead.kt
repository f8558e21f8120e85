package coterm.console

import coterm.input.InputEvent
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume

/**
 * Input events waiting for a consumer: keys typed while a command runs wait here for the next
 * prompt (prompt_toolkit calls this type-ahead), and a prompt drains them before it waits.
 *
 * Confined to the console's thread: the router appends, the line editor or a key reader takes.
 * Bounded by [capacity] events; past it new events are dropped (a full keyboard buffer).
 */
internal class TypeAhead(private val capacity: Int) {
    private val events = ArrayDeque<InputEvent>()
    private var waiter: CancellableContinuation<Unit>? = null

    val size: Int get() = events.size

    fun add(event: InputEvent) {
        if (events.size < capacity || event == InputEvent.EndOfInput) events.addLast(event)
    }

    /** Puts back events that a consumer took but did not use, in front, in order. */
    fun putBack(unused: List<InputEvent>) {
        for (i in unused.indices.reversed()) events.addFirst(unused[i])
    }

    /** Wakes the consumer waiting in [awaitEvents], if any. */
    fun signal() {
        val w = waiter ?: return
        waiter = null
        w.resume(Unit)
    }

    fun poll(): InputEvent? = events.removeFirstOrNull()

    fun clear() {
        events.clear()
    }

    /** Suspends until at least one event is waiting. */
    suspend fun awaitEvents() {
        while (events.isEmpty()) {
            suspendCancellableCoroutine { continuation ->
                waiter = continuation
                continuation.invokeOnCancellation { if (waiter === continuation) waiter = null }
            }
        }
    }
}
