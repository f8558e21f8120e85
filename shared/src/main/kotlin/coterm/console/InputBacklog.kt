// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.TypedText
import java.util.concurrent.atomic.AtomicLong

/**
 * How many bytes of input the reader has handed over that nobody has taken yet: batches still
 * in the console's channel plus the events waiting in the [TypeAhead]. It is what the reader
 * looks at before it reads: while the backlog is at [limit] or over it, the reader stops taking
 * input from the terminal (it only scans a bounded amount for Ctrl+C, see [InputReader]), so the
 * kernel holds the rest and the sender blocks. Input is never dropped to bound memory.
 *
 * An event weighs the bytes it was decoded from ([InputEvent.raw]); a [InputEvent.Paste] at least
 * its text's length; every event at least one byte (a resize or a signal's interrupt has no
 * bytes). A key queued on its own costs about 50 bytes of heap (measured: the event, its key
 * code and its raw bytes), so a backlog of `n` bytes of keys is at most about `50 * n` bytes of
 * heap; a burst of plain ASCII text, kept as one [TypedText], costs a byte a key; a paste costs
 * its text and its bytes.
 *
 * Thread-safe: the console's loop adds and releases, the reader reads [hasRoom]. When a release
 * takes the backlog from [limit] or over to below it, [onRoom] is called on the releasing thread
 * (the reader wakes up); it must not block.
 */
internal class InputBacklog(val limit: Int) {
    init {
        require(limit > 0) { "limit must be positive: $limit" }
    }

    private val bytes = AtomicLong()

    @Volatile
    private var onRoom: () -> Unit = {}

    /** The bytes waiting now. */
    val size: Long get() = bytes.get()

    /** True while less than [limit] bytes wait: the reader may hand over more. */
    val hasRoom: Boolean get() = bytes.get() < limit

    /** Counts [n] more bytes waiting. */
    fun add(n: Long) {
        bytes.addAndGet(n)
    }

    /** Counts [n] bytes taken; calls the room listener if that made room. */
    fun release(n: Long) {
        if (n == 0L) return
        val after = bytes.addAndGet(-n)
        if (after < limit && after + n >= limit) onRoom()
    }

    /** Sets what runs when a release makes room (the reader's wake-up). */
    fun onRoom(listener: () -> Unit) {
        onRoom = listener
    }

    companion object {
        /** What [event] weighs in the backlog, in bytes. */
        fun bytesOf(event: InputEvent): Int {
            // Keys first: a burst of typing asks this of every key, and Key is a final class.
            if (event is InputEvent.Key) return maxOf(event.raw.size, 1)
            val raw = event.raw.size
            val weight = if (event is InputEvent.Paste) maxOf(raw, event.text.length) else raw
            return maxOf(weight, 1)
        }

        /** What the events of [events] from [from] until [to] weigh together. */
        fun bytesOf(events: List<InputEvent>, from: Int = 0, to: Int = events.size): Long {
            // Typed text is one byte a key: a burst is weighed at once.
            if (events is TypedText) return (to - from).toLong()
            var sum = 0L
            for (i in from until to) sum += bytesOf(events[i])
            return sum
        }

        /** What a batch of segments (see [InputReader]) weighs. */
        fun bytesOfBatch(segments: List<List<InputEvent>>): Long {
            var sum = 0L
            for (segment in segments) sum += bytesOf(segment)
            return sum
        }
    }
}
