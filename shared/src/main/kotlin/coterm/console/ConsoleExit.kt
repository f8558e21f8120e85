// SPDX-License-Identifier: Apache-2.0
package coterm.console

import kotlinx.coroutines.runBlocking

/**
 * How a console ends the process (a forced exit on the third Ctrl+C, SIGTERM, SIGHUP, a reader
 * that died of an [Error]): cancels everything, restores the terminal and calls [exit]. The exit
 * happens whatever fails on the way, and within a bounded time whatever the terminal does:
 *
 * 1. commands are cancelled; for SIGTERM and SIGHUP (`waitForCommands`) their `finally` blocks
 *    get up to [SHUTDOWN_WAIT_MILLIS];
 * 2. child processes ([Console.runProcess]) still running get SIGTERM and, if not gone
 *    [PROCESS_GRACE_MILLIS] after the start of the shutdown (at once for a forced exit),
 *    SIGKILL: a child in the foreground is never left behind holding the terminal;
 * 3. lines still queued for the history file get up to [SHUTDOWN_HISTORY_MILLIS] (SIGTERM,
 *    SIGHUP; none for a forced exit);
 * 4. the last writes (`^C`, bracketed paste off, a message) get [FINAL_WRITE_MILLIS], on a thread
 *    of their own ([FinalWrite]): they may block in `write`, or on the writer's lock held by a
 *    command blocked in `write`. They go out while raw mode still holds, since the Windows
 *    console prints escape sequences as text once its output mode is restored;
 * 5. termios goes back to the state from before the start (done by step 4 unless its writes
 *    blocked): no write, so a terminal that takes no output (a stalled ssh session) cannot stop
 *    it;
 * 6. exit.
 *
 * A signal's shutdown runs on a thread of its own ([onSignal]): the signal listener returns at
 * once, as [coterm.terminal.Terminal.onSignal] asks, while steps 1 and 3 wait up to a second each.
 */
internal class ConsoleExit(
    private val supervisor: CommandSupervisor,
    private val children: ChildProcesses,
    private val session: TerminalSession,
    /** Writes the lines still queued for the history file, waiting at most the given milliseconds. */
    private val closeHistory: (waitMillis: Long) -> Unit,
    private val writer: ConsoleWriter,
    private val exit: (Int) -> Unit,
    private val report: (String, Throwable) -> Unit,
) {
    /**
     * SIGTERM or SIGHUP: [now] with the commands waited for, on a thread of its own, not the
     * signal listener's. The thread is not a daemon: the JVM must not end (status 0) before it
     * calls [exit]; it ends there.
     */
    fun onSignal(status: Int) {
        Thread({ now(status, waitForCommands = true) }, "coterm-shutdown").start()
    }

    /** Shuts down and exits with [status] on this thread; see the class KDoc. */
    fun now(status: Int, waitForCommands: Boolean) {
        val start = System.nanoTime()
        var failure: Exception? = null
        try {
            if (waitForCommands) runBlocking { supervisor.cancelAll(SHUTDOWN_WAIT_MILLIS) }
            children.stopAll(if (waitForCommands) start + PROCESS_GRACE_MILLIS * 1_000_000 else start)
        } catch (e: Exception) {
            failure = e
        } finally {
            try {
                // Lines still queued for the history file get a short, bounded wait.
                try {
                    if (waitForCommands) closeHistory(SHUTDOWN_HISTORY_MILLIS)
                } catch (e: Exception) {
                    failure = failure ?: e
                }
                // The last writes go out before the modes are restored: the Windows console prints
                // escape sequences as text once its output mode is given back.
                FinalWrite.within(FINAL_WRITE_MILLIS) {
                    if (status == EXIT_INTERRUPTED) writer.writeLine("^C") else writer.abandonLine()
                    session.restore()
                    failure?.let { report("shutting down", it) }
                }
                session.restoreModes()
            } finally {
                exit(status)
            }
        }
    }

    /**
     * The reader thread failed: with an exception, input ends ([endInput]: readers get end of
     * input); with an [Error], see [readerDied].
     */
    fun readerFailed(error: Throwable, endInput: () -> Unit) {
        if (error is Error) {
            readerDied(error)
        } else {
            report("the input reader failed", error)
            endInput()
        }
    }

    /**
     * The reader thread died of an [Error] (out of memory, a stack overflow, a native binding
     * that failed to link): no key, Ctrl+C included, can be read again, and the JVM may be in no
     * state to go on, so ending input and letting the program exit 0 as if the user had typed
     * Ctrl+D would hide it. Moves below the line being edited, says so in one line (never a stack
     * trace), and shuts down: commands cancelled, the terminal restored, exit status
     * [EXIT_INTERNAL_ERROR].
     */
    fun readerDied(error: Error) {
        try {
            writer.abandonLine()
        } catch (_: Throwable) {
            // The terminal may be what failed; the message and the exit come all the same.
        }
        report("the input reader failed", error)
        now(EXIT_INTERNAL_ERROR, waitForCommands = true)
    }

    companion object {
        const val EXIT_INTERRUPTED = 130
        const val EXIT_TERMINATED = 143
        const val EXIT_HANGUP = 129

        /** The input reader died of an [Error]: 70, `EX_SOFTWARE` in BSD's sysexits.h, "internal software error". */
        const val EXIT_INTERNAL_ERROR = 70
        private const val SHUTDOWN_WAIT_MILLIS = 1_000L
        const val PROCESS_GRACE_MILLIS = 1_000L
        private const val FINAL_WRITE_MILLIS = 500L
        private const val SHUTDOWN_HISTORY_MILLIS = 1_000L
    }
}

/** One line on standard error, never a stack trace; what it says of [error] is its class and message. */
@JvmSynthetic
internal fun reportInternalError(what: String, error: Throwable) {
    try {
        System.err.println("coterm: $what: $error")
    } catch (_: Throwable) {
        // Out of memory even for the message: nothing more can be said.
    }
}
