// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

/**
 * Receives the process signals a console turns into behaviour (see [Terminal.onSignal]).
 *
 * A plain functional interface, so Java passes a lambda: `terminal.onSignal(signal -> ...)`.
 * It is called on a signal-dispatch thread and must not block.
 */
public fun interface SignalListener {
    /** [signal] has arrived. */
    public fun onSignal(signal: TerminalSignal)
}

/** A process signal that a console turns into behaviour. */
public enum class TerminalSignal {
    /** SIGINT (`kill -INT`, or Ctrl+C outside raw mode): handled exactly like a Ctrl+C key. */
    Interrupt,

    /** SIGTERM: cancel everything, restore the terminal, exit with status 143. */
    Terminate,

    /** SIGHUP: the terminal went away; like [Terminate] with status 129. */
    Hangup,

    /** SIGWINCH: the window size changed. */
    Resize,

    /** SIGCONT: the process was resumed after a stop; raw mode and the screen need restoring. */
    Continue,
}
