// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/**
 * The console's input as a [Flow]: what [Console.events] returns.
 *
 * Each collection takes events from the console's type-ahead, as [Console.readEvent] does, until
 * [InputEvent.EndOfInput], which it emits last before it completes. An event is *looked at* on the
 * console's thread, *emitted* in the collector's context, and *taken* (removed from the
 * type-ahead) only once the collector has received it, so a collection cancelled while it waits
 * takes nothing and loses nothing: the event is there for whoever reads next.
 *
 * Collectors of one console take turns through [readers] (fair: first come, first served), so
 * two collectors share the events between them, each event going to one of them, never both;
 * this also keeps the type-ahead's one waiter (it serves one consumer at a time) to one.
 *
 * One per console, made with it: [Console.events] returns its [flow].
 *
 * @param typeAhead the console's queue, confined to its thread.
 * @param confined runs a block on the console's thread (throws [IllegalStateException] once the
 *   console is closed).
 */
internal class ConsoleEvents(
    private val typeAhead: TypeAhead,
    private val confined: suspend (suspend CoroutineScope.() -> Unit) -> Unit,
) {
    /** Collectors of this console take turns: one looks, is handed an event and takes it, then the next. */
    private val readers = Mutex()

    /** The flow [Console.events] hands out. */
    val flow: Flow<InputEvent> = flow {
        while (true) {
            val ended = readers.withLock {
                val next = look()
                try {
                    emit(next.event)
                } finally {
                    // Received, whatever the collector does with it now (take(1) ends by throwing here).
                    if (next.event != InputEvent.EndOfInput) withContext(NonCancellable) { take(next) }
                }
                next.event == InputEvent.EndOfInput
            }
            if (ended) return@flow
        }
    }

    /** The first event waiting and where it waits, without taking it. */
    private class Next(val event: InputEvent, val run: List<InputEvent>?, val index: Int)

    /** Waits on the console's thread for an event, and looks at it without taking it. */
    private suspend fun look(): Next {
        var next: Next? = null
        confined {
            typeAhead.awaitEvents()
            typeAhead.takeRuns { events, from, _ ->
                next = Next(events[from], events, from)
                from // nothing taken
            }
            if (next == null) next = Next(InputEvent.EndOfInput, null, -1)
        }
        return next!!
    }

    /**
     * Takes [next] off the type-ahead if it is still first there. A Ctrl+C that cancelled the
     * command may have cleared it meanwhile: the run's list and index, not the event (typed ASCII
     * shares one instance per byte), say whether it is the same one.
     */
    private suspend fun take(next: Next) {
        try {
            confined {
                typeAhead.takeRuns { events, from, _ -> if (events === next.run && from == next.index) from + 1 else from }
            }
        } catch (_: IllegalStateException) {
            // Closed meanwhile: nothing is left to take from.
        }
    }
}
