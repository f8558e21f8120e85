// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * One thing that happened at the terminal: a key, a paste, a resize, a focus change, an
 * interrupt, the end of input, or bytes that could not be understood.
 *
 * Events from bytes carry them in [raw]; events that did not come from bytes (a resize, a
 * signal) carry [RawBytes.Empty]. Every byte read from the terminal ends up in exactly one
 * event's [raw], so none is ever dropped or leaked into a line as junk.
 */
public sealed interface InputEvent {
    /** The bytes this event was decoded from; empty for events that did not come from input. */
    public val raw: RawBytes

    /**
     * A key press: [key] with [modifiers].
     *
     * Ctrl+C arrives as `Key(Char('c'), Ctrl)`; the console treats it exactly as [Interrupt].
     */
    public data class Key(
        public val key: KeyCode,
        public val modifiers: Modifiers = Modifiers.None,
        override val raw: RawBytes = RawBytes.Empty,
    ) : InputEvent {
        /** True for Ctrl+C, the key that means "interrupt". */
        public val isInterrupt: Boolean
            get() = modifiers == Modifiers.Ctrl && (key as? KeyCode.Char)?.codePoint == 'c'.code
    }

    /**
     * Text pasted in one go (bracketed paste), newlines included. A paste never submits a line
     * by itself.
     */
    public data class Paste(public val text: String, override val raw: RawBytes = RawBytes.Empty) : InputEvent

    /** The terminal now has [columns] columns and [rows] rows. */
    public data class Resize(public val columns: Int, public val rows: Int) : InputEvent {
        override val raw: RawBytes get() = RawBytes.Empty
    }

    /** The terminal window gained ([gained] true) or lost keyboard focus. */
    public data class Focus(public val gained: Boolean, override val raw: RawBytes = RawBytes.Empty) : InputEvent

    /**
     * An interrupt that did not come as a key: SIGINT from `kill -INT`, or Ctrl+C while the
     * terminal was not in raw mode. Handled exactly like a Ctrl+C key press.
     */
    public data object Interrupt : InputEvent {
        override val raw: RawBytes get() = RawBytes.Empty
    }

    /** Standard input has ended (EOF on a pipe, or the terminal has gone away). */
    public data object EndOfInput : InputEvent {
        override val raw: RawBytes get() = RawBytes.Empty
    }

    /** Bytes that form no known key or sequence, kept whole. */
    public data class Unknown(override val raw: RawBytes) : InputEvent
}
