// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import coterm.InternalCotermApi
import coterm.terminal.TerminalSignal
import sun.misc.Signal
import sun.misc.SignalHandler

/**
 * Process signals that matter to a console, turned into [TerminalSignal]s through the JVM's
 * `sun.misc.Signal` (no native code: the JVM already owns the process's signal handlers). Used by
 * every terminal: on Windows the JVM reports console Ctrl+C as INT and close/logoff as TERM, and
 * HUP, WINCH and CONT do not exist (they are skipped).
 *
 * | signal | becomes |
 * |---|---|
 * | SIGINT | [TerminalSignal.Interrupt] |
 * | SIGTERM | [TerminalSignal.Terminate] |
 * | SIGHUP | [TerminalSignal.Hangup] |
 * | SIGWINCH | [TerminalSignal.Resize] |
 * | SIGCONT | [TerminalSignal.Continue] |
 *
 * Once SIGINT is handled here, the JVM's default Ctrl+C exit no longer runs: that is the point
 * (DESIGN 1.1), and the console decides what an interrupt means. The previous handlers are not
 * chained to; closing the [Registration] puts them back.
 *
 * One registration at a time: [install] refuses a second one while the first is open
 * (IllegalStateException). Two would stack, and closing the first would put the JVM's default
 * handlers back under the second, whose program SIGINT would then kill.
 *
 * A signal the JVM refuses (`IllegalArgumentException`: `-Xrs` keeps INT, TERM and HUP for the
 * VM, some JVMs do not know WINCH) is skipped; [Registration.installed] says what was taken.
 *
 * [InternalCotermApi]: public so that terminals in other modules (the Windows console) route
 * the JVM's signals the same way; programs never call it (a [Terminal]'s `onSignal` does).
 */
@InternalCotermApi
public object ProcessSignals {
    private val signals = listOf(
        "INT" to TerminalSignal.Interrupt,
        "TERM" to TerminalSignal.Terminate,
        "HUP" to TerminalSignal.Hangup,
        "WINCH" to TerminalSignal.Resize,
        "CONT" to TerminalSignal.Continue,
    )

    /** The open registration, if any; guarded by this object. */
    private var current: Registration? = null

    /**
     * Routes the signals to [listener], which runs on a JVM signal-dispatch thread and must not
     * block, until the returned [Registration] is closed.
     *
     * @throws IllegalStateException when another registration is still open (another console
     *   has the process's signals): close it first.
     */
    public fun install(listener: SignalListener): Registration = synchronized(this) {
        check(current == null) {
            "the process's signals (INT, TERM, HUP, WINCH, CONT) are already routed to an open console; " +
                "close it before opening another"
        }
        val previous = ArrayList<Pair<Signal, SignalHandler>>(signals.size)
        val installed = LinkedHashSet<TerminalSignal>()
        for ((name, event) in signals) {
            try {
                val signal = Signal(name)
                previous += signal to Signal.handle(signal) { listener.onSignal(event) }
                installed += event
            } catch (_: IllegalArgumentException) {
                // Unknown here or reserved by the VM (-Xrs): not ours to take.
            }
        }
        Handlers(previous, installed).also { current = it }
    }

    private fun released(registration: Registration) = synchronized(this) {
        if (current === registration) current = null
    }

    /**
     * Handlers installed by [install]; [close] restores the previous ones, after which [install]
     * may be called again. Idempotent.
     */
    public interface Registration : AutoCloseable {
        /** The signals that were actually taken over. */
        public val installed: Set<TerminalSignal>

        /** Puts the previous handlers back. Idempotent. */
        override fun close()
    }

    private class Handlers(
        private val previous: List<Pair<Signal, SignalHandler>>,
        override val installed: Set<TerminalSignal>,
    ) : Registration {
        private var closed = false

        override fun close() {
            synchronized(this) {
                if (closed) return
                closed = true
            }
            for ((signal, handler) in previous.asReversed()) {
                try {
                    Signal.handle(signal, handler)
                } catch (_: IllegalArgumentException) {
                    // Was accepted a moment ago; nothing sensible to do if it is refused now.
                }
            }
            released(this)
        }
    }
}
