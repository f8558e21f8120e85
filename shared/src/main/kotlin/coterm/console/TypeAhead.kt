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
 * Confined to the console's thread: the router adds, one consumer (the line editor or a key
 * reader) takes. End of input is sticky: once seen, every later [poll] on an empty queue returns
 * [InputEvent.EndOfInput] again and [clear] keeps it, so no reader ever waits for input that can
 * no longer come.
 */
internal class TypeAhead(private val backlog: InputBacklog) {
    private val events = ArrayDeque<InputEvent>()
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
        events.addLast(event)
        val weight = InputBacklog.bytesOf(event).toLong()
        bytes += weight
        backlog.add(weight)
    }

    /** Wakes the consumer waiting in [awaitEvents] or [awaitMore], if any. */
    fun signal() {
        val w = waiter ?: return
        waiter = null
        w.resume(Unit)
    }

    /** The next event, [InputEvent.EndOfInput] once input has ended and nothing is left, or null. */
    fun poll(): InputEvent? {
        val event = events.removeFirstOrNull() ?: return if (ended) InputEvent.EndOfInput else null
        released(InputBacklog.bytesOf(event).toLong())
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
        released(InputBacklog.bytesOf(events.removeAt(index)).toLong())
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
        released(bytes)
    }

    /**
     * If an interrupt (Ctrl+C or SIGINT) is waiting, drops it and everything before it and
     * returns true: it was pressed for the command that is starting now.
     */
    fun takeThroughFirstInterrupt(isInterrupt: (InputEvent) -> Boolean): Boolean {
        val index = events.indexOfFirst(isInterrupt)
        if (index < 0) return false
        var weight = 0L
        repeat(index + 1) { weight += InputBacklog.bytesOf(events.removeFirst()) }
        released(weight)
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

    private fun released(weight: Long) {
        bytes -= weight
        backlog.release(weight)
    }
}
