package coterm.console

import coterm.input.InputEvent
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume

/**
 * Input events waiting for a consumer: keys typed while a command runs wait here for the next
 * prompt (prompt_toolkit calls this type-ahead), and a prompt drains them before it waits.
 *
 * Confined to the console's thread: the router adds, one consumer (the line editor or a key
 * reader) takes. End of input is sticky: once seen, every later [poll] on an empty queue returns
 * [InputEvent.EndOfInput] again and [clear] keeps it, so no reader ever waits for input that can
 * no longer come.
 */
internal class TypeAhead(val capacity: Int) {
    private val events = ArrayDeque<InputEvent>()
    private var ended = false
    private var waiter: CancellableContinuation<Unit>? = null
    private var roomWaiter: CancellableContinuation<Unit>? = null

    /**
     * Queues [event]; when [bounded] and [capacity] events are already waiting it is dropped (a
     * full keyboard buffer) and false is returned. End of input is never dropped.
     */
    fun add(event: InputEvent, bounded: Boolean): Boolean {
        if (event == InputEvent.EndOfInput) {
            ended = true
            return true
        }
        if (bounded && events.size >= capacity) return false
        events.addLast(event)
        return true
    }

    /** Wakes the consumer waiting in [awaitEvents], if any. */
    fun signal() {
        val w = waiter ?: return
        waiter = null
        w.resume(Unit)
    }

    /** The next event, [InputEvent.EndOfInput] once input has ended and nothing is left, or null. */
    fun poll(): InputEvent? {
        val event = events.removeFirstOrNull() ?: return if (ended) InputEvent.EndOfInput else null
        if (events.size < capacity) roomWaiter?.let { roomWaiter = null; it.resume(Unit) }
        return event
    }

    /** How many events are waiting. */
    val size: Int get() = events.size

    /** True once end of input has been seen. */
    val isEnded: Boolean get() = ended

    /** True if a waiting event is one that [predicate] accepts. */
    fun contains(predicate: (InputEvent) -> Boolean): Boolean = events.any(predicate)

    /** Removes the first waiting event that [predicate] accepts; true if there was one. */
    fun removeFirst(predicate: (InputEvent) -> Boolean): Boolean {
        val index = events.indexOfFirst(predicate)
        if (index < 0) return false
        events.removeAt(index)
        return true
    }

    /** Suspends until more than [seen] events are waiting, or input has ended. One consumer at a time. */
    suspend fun awaitMore(seen: Int) {
        while (events.size <= seen && !ended) {
            suspendCancellableCoroutine { continuation ->
                waiter = continuation
                continuation.invokeOnCancellation { if (waiter === continuation) waiter = null }
            }
        }
    }

    /** Drops every waiting event (end of input stays). */
    fun clear() {
        events.clear()
        roomWaiter?.let { roomWaiter = null; it.resume(Unit) }
    }

    /**
     * If an interrupt (Ctrl+C or SIGINT) is waiting, drops it and everything before it and
     * returns true: it was pressed for the command that is starting now.
     */
    fun takeThroughFirstInterrupt(isInterrupt: (InputEvent) -> Boolean): Boolean {
        val index = events.indexOfFirst(isInterrupt)
        if (index < 0) return false
        repeat(index + 1) { events.removeFirst() }
        return true
    }

    /** Suspends until an event is waiting or input has ended. One consumer at a time. */
    suspend fun awaitEvents() {
        while (events.isEmpty() && !ended) {
            suspendCancellableCoroutine { continuation ->
                waiter = continuation
                continuation.invokeOnCancellation { if (waiter === continuation) waiter = null }
            }
        }
    }

    /** Suspends while [capacity] events or more are waiting (back-pressure for piped input). */
    suspend fun awaitRoom() {
        while (events.size >= capacity) {
            suspendCancellableCoroutine { continuation ->
                roomWaiter = continuation
                continuation.invokeOnCancellation { if (roomWaiter === continuation) roomWaiter = null }
            }
        }
    }
}
