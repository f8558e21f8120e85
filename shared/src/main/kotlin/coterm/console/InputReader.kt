package coterm.console

import coterm.input.InputEvent
import coterm.terminal.EventTerminal
import coterm.terminal.InputSink
import coterm.terminal.Terminal

/**
 * The one thread that reads standard input for the whole process.
 *
 * It blocks in [Terminal.read] with no timeout while nothing is held, so an idle console costs
 * no CPU; while the decoder holds a lone ESC (or an unfinished paste) it waits only as long as
 * the decoder allows and then flushes. Each read becomes one batch of events handed to [sink],
 * so a paste or a burst of keys is handled, and redrawn, once.
 *
 * When the terminal is an [EventTerminal] (the Windows console), the reader calls
 * [EventTerminal.readInput] instead of [Terminal.read]: bytes it hands over go through [decoder]
 * as bytes from [Terminal.read] would, events are added to the batch as they are, in order. The
 * ESC timer runs only on bytes: an event that arrives while the decoder holds a lone ESC does not
 * restart its timeout.
 *
 * [close] stops it by [Terminal.wake], never by closing fd 0, and joins the thread. [pause]
 * parks it away from the terminal (a child process reads the terminal meanwhile) and [resume]
 * lets it read again; what the decoder held when it was paused is flushed first.
 */
internal class InputReader(
    private val terminal: Terminal,
    private val decoder: EventDecoder,
    private val sink: (List<InputEvent>) -> Unit,
    private val onFailure: (Throwable) -> Unit,
) : AutoCloseable {
    @Volatile
    private var stopping = false

    private val parking = Object()

    /** Guarded by [parking]: asked to pause, and whether the thread is parked now. */
    private var pauseRequested = false
    private var parked = false
    private val thread = Thread(::loop, "coterm-input-reader").apply { isDaemon = true }

    /** Non-null when input comes as records (events and bytes) rather than bytes alone. */
    private val eventTerminal = terminal as? EventTerminal

    /** What one [EventTerminal.readInput] produced; used by the reader thread only. */
    private val collected = ArrayList<InputEvent>()
    private var collectedBytes = false
    private val recordSink = object : InputSink {
        override fun bytes(bytes: ByteArray, offset: Int, length: Int) {
            collectedBytes = collectedBytes || length > 0
            collected.addAll(decoder.feed(bytes, offset, length))
        }

        override fun event(event: InputEvent) {
            collected.add(event)
        }
    }

    fun start() {
        thread.start()
    }

    private fun loop() {
        val buffer = ByteArray(BUFFER_SIZE)
        try {
            var deadline = 0L
            while (!stopping) {
                if (park()) {
                    deadline = 0L
                    continue
                }
                val timeout = decoder.flushTimeoutMillis()
                val waitMillis = if (timeout < 0) {
                    -1L
                } else {
                    if (deadline == 0L) deadline = System.nanoTime() + timeout * 1_000_000
                    ((deadline - System.nanoTime()) / 1_000_000).coerceAtLeast(0)
                }
                val n = eventTerminal?.readInput(recordSink, waitMillis) ?: terminal.read(buffer, waitMillis)
                when {
                    n > 0 && eventTerminal != null -> {
                        if (collectedBytes) deadline = 0L
                        deliver(takeCollected())
                    }
                    n > 0 -> {
                        deadline = 0L
                        deliver(decoder.feed(buffer, 0, n))
                    }
                    n < 0 -> {
                        deliver(takeCollected() + decoder.flush() + InputEvent.EndOfInput)
                        return
                    }
                    !stopping && timeout >= 0 && System.nanoTime() >= deadline -> {
                        deadline = 0L
                        deliver(decoder.flush())
                    }
                }
            }
        } catch (t: Throwable) {
            if (!stopping) onFailure(t)
        }
    }

    /** Parks while a pause is asked for; returns true if it parked. */
    private fun park(): Boolean {
        if (!synchronized(parking) { pauseRequested }) return false
        // Outside the lock: the sink may wait for room, and pause() must not wait for that.
        deliver(takeCollected() + decoder.flush())
        synchronized(parking) {
            parked = true
            parking.notifyAll()
            while (pauseRequested && !stopping) parking.wait()
            parked = false
        }
        return true
    }

    /**
     * Stops reading: returns once the reader thread no longer reads the terminal (or after
     * [JOIN_MILLIS] if it is stuck in a read no wake-up reaches). Any thread but the reader's.
     */
    fun pause() {
        synchronized(parking) { pauseRequested = true }
        terminal.wake()
        // A LineTerminal blocks in InputStream.read, which no wake-up reaches (as in close).
        if (!thread.isAlive || terminal is coterm.terminal.LineTerminal) return
        val until = System.nanoTime() + JOIN_MILLIS * 1_000_000
        synchronized(parking) {
            while (!parked && thread.isAlive) {
                val left = (until - System.nanoTime()) / 1_000_000
                if (left <= 0) break
                parking.wait(left)
            }
        }
    }

    /** Reads again after [pause]. */
    fun resume() {
        synchronized(parking) {
            pauseRequested = false
            parking.notifyAll()
        }
    }

    private fun takeCollected(): List<InputEvent> {
        collectedBytes = false
        if (collected.isEmpty()) return emptyList()
        return collected.toList().also { collected.clear() }
    }

    private fun deliver(events: List<InputEvent>) {
        if (events.isNotEmpty()) sink(events)
    }

    /** Stops the reader and waits for its thread to end. */
    override fun close() {
        stopping = true
        synchronized(parking) { parking.notifyAll() }
        terminal.wake()
        // A LineTerminal blocks in InputStream.read, which no wake-up reaches: do not wait for it.
        val wait = if (terminal is coterm.terminal.LineTerminal) 0L else JOIN_MILLIS
        if (Thread.currentThread() !== thread && wait > 0) thread.join(wait)
    }

    private companion object {
        const val BUFFER_SIZE = 64 * 1024
        const val JOIN_MILLIS = 2_000L
    }
}
