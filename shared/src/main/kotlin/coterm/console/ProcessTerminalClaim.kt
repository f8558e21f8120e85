// SPDX-License-Identifier: Apache-2.0
package coterm.console

/**
 * The one claim on the process's own terminal and signals, held by the console [Console.open]
 * opened until it is closed. A second [Console.open] meanwhile is refused with an
 * IllegalStateException that says so. Two would both save the terminal's state (the second
 * saving the first's raw mode as the state to restore) and both route the JVM's signals
 * (closing the first would put the JVM's default handlers back, and SIGINT would then kill the
 * program under the second).
 *
 * Consoles on terminals that are not the process's (a test's fake terminal, a pseudo-terminal
 * of the program's own) take no claim: any number of them may be open.
 */
internal object ProcessTerminalClaim {
    /** The thread that took the claim, for the error; null when free. Guarded by this. */
    private var holder: String? = null

    /**
     * Takes the claim; closing the result gives it back (idempotent).
     *
     * @throws IllegalStateException when a console holding it is still open.
     */
    fun take(): AutoCloseable {
        synchronized(this) {
            check(holder == null) {
                "a Console is already open on this process's terminal (opened on thread $holder); close it before opening another"
            }
            holder = Thread.currentThread().name
        }
        var released = false
        return AutoCloseable {
            synchronized(this) {
                if (!released) {
                    released = true
                    holder = null
                }
            }
        }
    }

    /**
     * Opens a console that owns the process's terminal ([Console.open]): takes the claim before
     * [terminal] is even opened, so a refused second console changes nothing.
     */
    fun open(options: ConsoleOptions, terminal: () -> coterm.terminal.Terminal, exit: (Int) -> Unit): Console {
        val claim = take()
        try {
            return Console(terminal(), options, exit, processClaim = claim)
        } catch (e: Throwable) {
            claim.close()
            throw e
        }
    }
}
