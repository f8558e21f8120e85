// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.terminal.TerminalSize

/**
 * The few Windows console calls coterm makes, behind an interface so that everything above them
 * (modes, the dispatcher, translation, signals) runs against a fake on any OS. [JnaConsoleApi]
 * is the real one. Handles stay inside: callers name the standard stream they mean.
 *
 * Threading: [awaitInput], [pendingRecords] and [readRecords] are called by the dispatcher
 * thread only; [wake] and [cancelRead] from any thread; the rest from whoever owns the terminal.
 */
internal interface ConsoleApi {
    /** Standard input or output. */
    enum class Stream { Input, Output }

    /** What [awaitInput] saw. */
    enum class Wait { Input, Woken, Failed }

    /** `GetConsoleMode`: the mode, or null when [stream] is not a console (a pipe, a file, mintty). */
    fun getMode(stream: Stream): Int?

    /** `SetConsoleMode`; false when the console refuses the mode. */
    fun setMode(stream: Stream, mode: Int): Boolean

    /**
     * `WaitForMultipleObjects` on the wake event and the console input handle with an INFINITE
     * timeout: returns when input records are queued ([Wait.Input]) or [wake] was called
     * ([Wait.Woken]; the wake event is auto-reset).
     */
    fun awaitInput(): Wait

    /** Sets the wake event, so that [awaitInput] returns [Wait.Woken]. Any thread. */
    fun wake()

    /** `GetNumberOfConsoleInputEvents`: records queued now (never blocks); -1 on failure. */
    fun pendingRecords(): Int

    /**
     * Reads at most [maxRecords] queued records into [into] from record index [firstRecord] (20
     * bytes each, laid out as [InputRecordLayout] says). Returns the number read, 0 when nothing
     * is queued (another process read the records after [pendingRecords] counted them), or -1 on
     * failure. Call it only after [pendingRecords] said there is something.
     *
     * Meant never to block: the real console reads with `ReadConsoleInputExW` and
     * `CONSOLE_READ_NOWAIT`. Where that export is missing it falls back to `ReadConsoleInputW`,
     * which blocks if another reader won that race; [cancelRead] then ends the read.
     */
    fun readRecords(into: ByteArray, firstRecord: Int, maxRecords: Int): Int

    /**
     * Ends a [readRecords] blocked in the calling dispatcher's read (`CancelSynchronousIo` on the
     * thread that is reading); the read returns -1 or 0. Nothing when no read is blocked. Any thread.
     */
    fun cancelRead()

    /**
     * The size to lay out for: columns are the screen buffer's width (`dwSize.X`), where the
     * console wraps; rows are the visible window's height (`srWindow`). Null when unknown. Wide
     * buffers (a horizontal scroll bar) thus give lines as wide as the buffer, as libuv does.
     */
    fun layoutSize(): TerminalSize?

    /** `WriteConsoleW` of all of [text] to the console output; false on failure. */
    fun write(text: String): Boolean

    /**
     * `SetConsoleCtrlHandler`: [handler] gets each control event (CTRL_C_EVENT ...) on a thread
     * the system creates, and returns true when it handled it. Returns the registration (closing
     * it removes the handler), or null when the system refused.
     */
    fun addCtrlHandler(handler: (Int) -> Boolean): AutoCloseable?

    /** `GetLastError` after a failed call, for messages. */
    fun lastError(): Int

    /** Releases the wake event. */
    fun close()

    companion object {
        /**
         * The size to lay out for from `GetConsoleScreenBufferInfo`: columns from the buffer's
         * width `dwSize.X` (conhost wraps there, not at the window's edge, when the buffer is
         * wider than the window), rows from the window `srWindow` (the buffer's height is the
         * scroll-back). Null when either is not positive.
         */
        fun layoutSizeOf(bufferColumns: Int, windowTop: Int, windowBottom: Int): TerminalSize? {
            val rows = windowBottom - windowTop + 1
            return if (bufferColumns > 0 && rows > 0) TerminalSize(bufferColumns, rows) else null
        }

        const val CTRL_C_EVENT: Int = 0
        const val CTRL_BREAK_EVENT: Int = 1
        const val CTRL_CLOSE_EVENT: Int = 2
        const val CTRL_LOGOFF_EVENT: Int = 5
        const val CTRL_SHUTDOWN_EVENT: Int = 6
    }
}
