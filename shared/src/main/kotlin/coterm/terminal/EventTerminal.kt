// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import coterm.InternalCotermApi
import coterm.input.InputEvent

/**
 * A [Terminal] whose input is not only bytes: it reads records, most of which are events
 * already (the Windows console's key, resize and focus records), while some carry bytes that
 * still need the console's decoder (virtual-terminal input on Windows).
 *
 * The console's reader calls [readInput] instead of [Terminal.read] when its terminal is an
 * `EventTerminal`. Bytes handed to [InputSink.bytes] go through the same decoder as bytes read
 * from a POSIX terminal (so escape sequences, bracketed paste and the ESC timeout behave the
 * same); events handed to [InputSink.event] are delivered as they are, in the order they were
 * handed over. An event handed over while the decoder still holds an unfinished sequence comes
 * out before the key that sequence becomes.
 *
 * Threading and waking are those of [Terminal.read]: one reader thread calls [readInput];
 * [Terminal.wake] makes a blocked call return 0 at once; an idle call never wakes by itself.
 */
@InternalCotermApi
public interface EventTerminal : Terminal {
    /**
     * Blocks until input is available, [Terminal.wake] is called, or [timeoutMillis] passes
     * (negative: no timeout), then hands everything one read produced to [sink], in order, on
     * the calling thread.
     *
     * Returns the number of items handed to [sink] (positive), 0 when woken or timed out with
     * nothing handed over, or -1 at end of input (with nothing handed over).
     *
     * @throws TerminalException when the platform read fails; the console then ends input.
     */
    public fun readInput(sink: InputSink, timeoutMillis: Long): Int
}

/** Where an [EventTerminal] puts what one read produced; called on the reader's thread only. */
@InternalCotermApi
public interface InputSink {
    /** Bytes for the console's decoder, exactly as if a POSIX terminal had sent them. */
    public fun bytes(bytes: ByteArray, offset: Int, length: Int)

    /** An event that needs no decoding (a key from a key record, a resize, a focus change). */
    public fun event(event: InputEvent)
}
