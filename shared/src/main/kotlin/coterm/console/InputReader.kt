// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.TypedText
import coterm.input.isInterruptEvent
import coterm.terminal.EventTerminal
import coterm.terminal.InputSink
import coterm.terminal.LineTerminal
import coterm.terminal.Terminal

/**
 * The one thread that reads standard input for the whole process.
 *
 * It blocks in [Terminal.read] with no timeout while nothing is held, so an idle console costs
 * no CPU; while the decoder holds a lone ESC (or an unfinished paste) it waits only as long as
 * the decoder allows and then flushes. What it reads is decoded and handed to [sink] as one batch
 * of events, in segments as the decoder made them (a burst of plain text as one [TypedText]); with [readAhead], after a read of a burst (at least [READ_AHEAD_FROM] bytes) it
 * also takes, without waiting, whatever more the terminal already has (up to the room in
 * [backlog]), so a burst of input is handled, and redrawn, once instead of once per read
 * (readline's `_rl_optimize_typeahead` asks the same question before it redisplays; there is no
 * timer). A key typed by a person is a short read and is handed over at once, with no extra
 * system call before its echo.
 *
 * **Back-pressure.** Before it reads, the reader looks at [backlog]: the input handed over that
 * nobody has taken yet. A batch never takes it past [InputBacklog.limit] (reads are cut to the
 * room left, apart from what the decoder held over). When it is full the reader is held back:
 *
 * | state     | when                                            | what the reader does |
 * |-----------|-------------------------------------------------|----------------------|
 * | reading   | the backlog has room                            | reads, hands each batch over (first what was held) |
 * | scanning  | no room, less than [scanBytes] read since       | reads at most [scanBytes] in all, decodes it and holds the events; hands them all over at once if they hold a Ctrl+C or an interrupt |
 * | stopped   | no room, [scanBytes] read since                 | does not read: the kernel holds the rest and the sender blocks; waits for room, [pause] or [close] |
 * | parked    | [pause] was called                              | hands over what it held (and what the decoder held), then waits for [resume] |
 *
 * So a Ctrl+C typed after a burst that filled the queue still arrives at once, as long as it
 * comes within [scanBytes] of the point where the queue filled; the events held before it go
 * with it, in order, and the Ctrl+C that cancels a command discards them with the rest of the
 * type-ahead. A Ctrl+C further back waits its turn in the kernel (SIGINT from `kill -INT` comes
 * through signals and is not held). The decoder decides what is a Ctrl+C: 0x03 inside a
 * bracketed paste is text. Input handed over but not yet taken is at most
 * [InputBacklog.limit] bytes, plus at most [scanBytes] delivered or held while scanning, plus what
 * the decoder holds (an unfinished sequence, or a bracketed paste until its end marker).
 *
 * When the terminal is an [EventTerminal] (the Windows console), the reader calls
 * [EventTerminal.readInput] instead of [Terminal.read]: bytes it hands over go through [decoder]
 * as bytes from [Terminal.read] would, events are added to the batch as they are, in order. The
 * ESC timer runs only on bytes: an event that arrives while the decoder holds a lone ESC does not
 * restart its timeout. One `readInput` cannot be cut to the room left: it may overshoot by one
 * batch of records.
 *
 * Threading: [sink] runs on the reader's thread (the console may run its loop there, in place);
 * [pause], [resume] and [close] come from other threads, and the backlog's room listener from
 * whichever thread takes input. [close] stops the reader by [Terminal.wake] (and a notify while
 * it waits for room), never by closing fd 0, and joins the thread. [pause] parks it away from the terminal (a child process reads the
 * terminal meanwhile) and [resume] lets it read again; what it held when it was paused is handed
 * over first.
 *
 * @param scanBytes how much the reader reads, at most, while held back, looking for Ctrl+C; 0
 *   stops it at once (input that is not a terminal, where Ctrl+C comes as SIGINT).
 * @param readAhead whether to take what is already waiting before handing a batch over; only
 *   for terminals whose [Terminal.read] with a zero timeout does not block ([LineTerminal]'s does).
 */
internal class InputReader(
    private val terminal: Terminal,
    private val decoder: EventDecoder,
    private val backlog: InputBacklog,
    private val scanBytes: Int,
    private val readAhead: Boolean,
    private val sink: (List<List<InputEvent>>) -> Unit,
    private val onFailure: (Throwable) -> Unit,
) : AutoCloseable {
    @Volatile
    private var stopping = false

    private val parking = Object()

    /** Guarded by [parking]: asked to pause, and whether the thread is parked now. */
    private var pauseRequested = false
    private var parked = false

    /** True while the reader is held back and reading to scan: room must then wake its read. */
    @Volatile
    private var scanning = false

    private val thread = Thread(::loop, "coterm-input-reader").apply { isDaemon = true }

    /** Non-null when input comes as records (events and bytes) rather than bytes alone. */
    private val eventTerminal = terminal as? EventTerminal

    /** Decoded events not handed over yet, in segments (none empty); used by the reader thread only. */
    private var held = ArrayList<List<InputEvent>>()

    /** Bytes read while held back since the backlog last had room with nothing held; reader thread only. */
    private var scanned = 0L

    /** What the last [readOnce] on an [EventTerminal] handed over: bytes, and events apart from bytes. */
    private var recordBytes = 0
    private var recordEvents = 0
    private val recordSink = object : InputSink {
        override fun bytes(bytes: ByteArray, offset: Int, length: Int) {
            recordBytes += length
            decoder.feed(bytes, offset, length, held)
        }

        override fun event(event: InputEvent) {
            recordEvents++
            held.add(listOf(event))
        }
    }

    /** Read buffers of 2^k bytes, made when first needed, so a read cut to the room left allocates nothing. */
    private val buffers = arrayOfNulls<ByteArray>(BUFFER_SHIFT + 1)

    /** True when the last [readOnce] read bytes (not only events): the ESC timer starts again. */
    private var readBytes = false

    fun start() {
        backlog.onRoom(::onRoom)
        thread.start()
    }

    private fun loop() {
        try {
            var deadline = 0L
            while (!stopping) {
                deadline = step(deadline)
                if (deadline == ENDED) return
            }
        } catch (t: Throwable) {
            if (!stopping) onFailure(t)
        }
    }

    /**
     * One turn of [loop]: waits for input (or room, or a resume), reads and hands over.
     * [flushAt] is when a held lone ESC is flushed (0: none set); returns the next turn's, or [ENDED] at end
     * of input. A method of its own, not the body of [loop]: the JIT compiles a method after a few
     * calls, but a loop that runs once per key only after thousands of turns (until then each
     * key paid for an interpreted turn, about 5 % of the reader's CPU per key).
     */
    private fun step(flushAt: Long): Long {
        var deadline = flushAt
        if (park()) return 0L
        val room = backlog.limit - backlog.size
        if (room > 0) {
            // Room again: what was held while scanning goes first, in order. The scan
            // starts afresh only once that is in and room is left: queued and held
            // input together stay within the limit plus scanBytes.
            if (held.isNotEmpty()) {
                deliverHeld()
                return deadline
            }
            scanned = 0
        } else if (scanned >= scanBytes) {
            awaitRoom()
            return deadline
        }
        val scan = room <= 0
        // Set before the last look at the backlog; onRoom reads it after its release, so
        // either this look sees the room or onRoom sees the flag and wakes the read.
        scanning = scan
        if (scan && backlog.hasRoom) {
            scanning = false
            return deadline
        }
        val timeout = decoder.flushTimeoutMillis()
        val waitMillis = if (timeout < 0) {
            -1L
        } else {
            if (deadline == 0L) deadline = System.nanoTime() + timeout * 1_000_000
            ((deadline - System.nanoTime()) / 1_000_000).coerceAtLeast(0)
        }
        val limit = if (scan) scanBytes - scanned else room
        val from = held.size
        val first = readOnce(waitMillis, limit)
        scanning = false
        var n = first
        if (first > 0) {
            if (readBytes) deadline = 0L
            if (scan) {
                scanned += first
                if (containsInterrupt(from)) deliverHeld()
                return deadline
            }
            // Whatever the terminal already has joins this batch: one redraw for all of it.
            // A short read is a person typing: the terminal had no more, and the key's echo
            // must not wait for a system call that says so.
            var taken = first.toLong()
            while (readAhead && first >= READ_AHEAD_FROM && taken < limit && !stopping) {
                n = readOnce(0, limit - taken)
                if (n <= 0) break
                taken += n
                if (readBytes) deadline = 0L
            }
        }
        when {
            n < 0 -> {
                flushDecoder()
                held.add(listOf(InputEvent.EndOfInput))
                deliverHeld()
                return ENDED
            }
            first == 0 && !stopping && timeout >= 0 && System.nanoTime() >= deadline -> {
                deadline = 0L
                flushDecoder()
            }
        }
        if (!scan) deliverHeld()
        return deadline
    }

    /**
     * One read of at most [limit] bytes (an [EventTerminal] reads what it has), decoded into
     * [held]. Returns how much was read (bytes, plus one for each event that came without
     * bytes), 0 when woken or timed out, -1 at end of input.
     */
    private fun readOnce(waitMillis: Long, limit: Long): Int {
        eventTerminal?.let { terminal ->
            recordBytes = 0
            recordEvents = 0
            val n = terminal.readInput(recordSink, waitMillis)
            readBytes = recordBytes > 0
            return if (n > 0) maxOf(recordBytes + recordEvents, 1) else n
        }
        val buffer = bufferFor(limit)
        val n = terminal.read(buffer, waitMillis)
        readBytes = n > 0
        if (n > 0) decoder.feed(buffer, 0, n, held)
        return n
    }

    /** Forces out what the decoder holds, into [held]. */
    private fun flushDecoder() {
        val events = decoder.flush()
        if (events.isNotEmpty()) held.add(events)
    }

    /** The largest read buffer that is not larger than [limit] (and at least one byte). */
    private fun bufferFor(limit: Long): ByteArray {
        val shift = if (limit >= BUFFER_SIZE) BUFFER_SHIFT else 63 - java.lang.Long.numberOfLeadingZeros(limit.coerceAtLeast(1))
        return buffers[shift] ?: ByteArray(1 shl shift).also { buffers[shift] = it }
    }

    /** True when an event in the segments of [held] from index [from] on is a Ctrl+C or an interrupt. */
    private fun containsInterrupt(from: Int): Boolean {
        for (i in from until held.size) {
            val segment = held[i]
            if (segment !is TypedText && segment.any(::isInterruptEvent)) return true
        }
        return false
    }

    /** Waits, not reading, until the backlog has room, a pause is asked for, or the reader stops. */
    private fun awaitRoom() {
        synchronized(parking) {
            while (!backlog.hasRoom && !pauseRequested && !stopping) parking.wait()
        }
    }

    /** The backlog has room again (any thread): wake the reader, waiting or scanning. */
    private fun onRoom() {
        synchronized(parking) { parking.notifyAll() }
        if (scanning) terminal.wake()
    }

    /** Parks while a pause is asked for; returns true if it parked. */
    private fun park(): Boolean {
        if (!synchronized(parking) { pauseRequested }) return false
        // Outside the lock: handing over runs the console's loop, and pause() must not wait for that.
        flushDecoder()
        deliverHeld()
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
        synchronized(parking) {
            pauseRequested = true
            parking.notifyAll()
        }
        terminal.wake()
        // A LineTerminal blocks in InputStream.read, which no wake-up reaches (as in close).
        if (!thread.isAlive || terminal is LineTerminal) return
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

    private fun deliverHeld() {
        if (held.isEmpty()) return
        val batch = held
        held = ArrayList()
        sink(batch)
    }

    /** Stops the reader and waits for its thread to end. */
    override fun close() {
        stopping = true
        synchronized(parking) { parking.notifyAll() }
        terminal.wake()
        // A LineTerminal blocks in InputStream.read, which no wake-up reaches: do not wait for it.
        val wait = if (terminal is LineTerminal) 0L else JOIN_MILLIS
        if (Thread.currentThread() !== thread && wait > 0) thread.join(wait)
    }

    private companion object {
        /**
         * Reads at least this long are followed by reads that do not wait. A key is 1 to about
         * 10 bytes and a person types a few a second; a pseudo-terminal hands a burst over 4 KB
         * at a time.
         */
        const val READ_AHEAD_FROM = 256
        const val BUFFER_SHIFT = 16
        const val BUFFER_SIZE = 1 shl BUFFER_SHIFT
        const val JOIN_MILLIS = 2_000L

        /** What [step] returns at end of input: the reader stops. */
        const val ENDED = Long.MIN_VALUE
    }
}
