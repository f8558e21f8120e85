// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

/**
 * The platform seam: one terminal (or plain standard input and output) that coterm reads bytes
 * from and writes bytes to.
 *
 * Threading: [read] is called by one reader thread only; [wake] may be called from any thread
 * and makes a blocked [read] return promptly. [write] may be called from any thread, but the
 * console serialises its own output. [close] releases native handles and restores anything the
 * terminal changed.
 *
 * Implementations: `PosixTerminal` (Linux, macOS, through JNA), the Windows console from the
 * `windows-console` module, and [LineTerminal] when nothing native is available.
 */
public interface Terminal : AutoCloseable {
    /** True when standard input is a terminal that can be put into raw mode. */
    public val isInteractive: Boolean

    /** True when standard output is a terminal (escape codes make sense there). */
    public val isOutputTerminal: Boolean

    /**
     * Puts the terminal into raw mode: no echo, no line buffering, no signals from keys.
     * Closing the returned [RawMode] restores exactly the state that was saved; pausing and
     * resuming it hands the terminal to a child and takes it back from that same saved state.
     *
     * @throws IllegalStateException when the terminal is not [isInteractive].
     * @throws TerminalException when the platform refuses the change.
     */
    public fun enterRawMode(): RawMode

    /** The current size, or null when it cannot be known (not a terminal). */
    public fun size(): TerminalSize?

    /**
     * Blocks until input is available, [wake] is called, or [timeoutMillis] passes (negative:
     * no timeout), then reads at most `buffer.size` bytes into [buffer].
     *
     * Returns the number of bytes read, 0 when woken or timed out, or -1 at end of input.
     * Never wakes up by itself while idle: an idle reader costs no CPU.
     */
    public fun read(buffer: ByteArray, timeoutMillis: Long): Int

    /** Makes a [read] that is blocked, or the next one, return 0 at once. Any thread. */
    public fun wake()

    /** Writes [bytes] to standard output, blocking until all of them are written. */
    public fun write(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size - offset)

    /** Flushes anything buffered by [write]. */
    public fun flush()

    /**
     * Registers [listener] for process signals that matter to a console (see [TerminalSignal]).
     * The listener runs on a signal-dispatch thread and must not block. Returns a handle that
     * unregisters and restores the previous handlers.
     */
    public fun onSignal(listener: SignalListener): AutoCloseable

    /**
     * Stops the process as Ctrl+Z does in a shell, SIGTSTP with its default action sent to the
     * whole process group (the job: a wrapper that started us without `exec` stops too, so the
     * shell sees the job stop), and returns once it is continued (`fg`); false where there is no
     * job control (Windows, no native access). When the kernel discards the signal (no
     * job-control shell: an orphaned process group) it returns at once. Called with the terminal
     * already given back.
     */
    public fun suspendProcess(): Boolean = false

    /** True when [suspendProcess] can stop the process and a shell can continue it (job control). */
    public val canSuspend: Boolean get() = false

    /** Releases the terminal's native resources. Idempotent. */
    override fun close()
}
