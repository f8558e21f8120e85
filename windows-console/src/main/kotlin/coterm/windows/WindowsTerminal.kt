// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import coterm.terminal.EventTerminal
import coterm.terminal.InputSink
import coterm.terminal.ProcessSignals
import coterm.terminal.RawMode
import coterm.terminal.TerminalException
import coterm.terminal.TerminalSignal
import coterm.terminal.SignalListener
import coterm.terminal.TerminalSize
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The Windows console as a coterm terminal: input records read by a [RecordDispatcher] thread
 * and translated by [KeyRecordTranslator] (the default) or, when [vtInput] is set, turned into
 * bytes for the shared decoder by [VtRecordTranslator]; output written with `WriteConsoleW`;
 * control events through `SetConsoleCtrlHandler`. All native calls go through [api].
 *
 * **Modes.** [enterRawMode] saves the input and output modes and changes them with bit operations
 * on the saved values ([ConsoleModes.rawInput], [ConsoleModes.vtOutput]); closing the [RawMode]
 * (or [close], or the console's shutdown hook) writes both saved values back. When the console
 * refuses virtual-terminal output at that point, input still goes raw and output stays as it was.
 *
 * **Ctrl+C.** In raw mode Ctrl+C is a key record (processed input is off): one source of truth.
 * [onSignal] adds a control handler that is asked before the JVM's own (handlers run last
 * registered first) and turns what still arrives as a signal into the POSIX paths: CTRL_C_EVENT
 * (cooked mode, `GenerateConsoleCtrlEvent`) and CTRL_BREAK_EVENT (Ctrl+Break is always a
 * signal) into [TerminalSignal.Interrupt]; CTRL_CLOSE/LOGOFF/SHUTDOWN_EVENT into
 * [TerminalSignal.Terminate], after which the handler waits up to [closeGraceMillis] so the
 * console can restore and exit before Windows ends the process. Should a host also queue a
 * VK_CANCEL record for Ctrl+Break, the two arrive together and the console's grace window folds
 * them into one press. JVM signals (INT, TERM) are routed through [ProcessSignals] as on POSIX.
 *
 * **Bracketed paste.** On the records path the console host would deliver the paste markers as
 * key records, so the `ESC [?2004h`/`l` writes the console makes are dropped there; the
 * translator's paste heuristic stands in. On the VT path they go out while raw mode holds the
 * output mode, and pastes arrive bracketed; giving the console back (a child under `run`, the
 * exit) switches paste off before the output mode is restored, and a switch written after that
 * is dropped, since conhost would print it as text.
 *
 * **Who reads.** The [RecordDispatcher] reads only while [readInput] waits, and not at all while
 * raw mode is paused or closed: keys typed for a child under `run`, or after the program ended,
 * stay in the console's buffer for the child or the shell.
 *
 * **Quick Edit.** While the user selects text with the mouse in conhost (Quick Edit mode, on by
 * default and left as the user set it), conhost holds every `WriteConsoleW` until the selection
 * ends (its `DoWriteConsole` waits while the console is selecting): output from any thread, a
 * command's and coterm's own echo alike, blocks meanwhile, and so does whoever waits for it.
 * Keys are still read. This is the console's behaviour, the same for every program.
 *
 * Threading: one reader calls [readInput] (or [read]); [wake], [write], [flush] and [close] may
 * come from any thread. [close] stops and joins the dispatcher thread (within 100 ms, also when
 * it sits in a read another process won the race for).
 */
internal class WindowsTerminal(
    private val api: ConsoleApi,
    private val vtInput: Boolean = false,
    private val closeGraceMillis: Long = CLOSE_GRACE_MILLIS,
) : EventTerminal {
    private val keys = KeyRecordTranslator()
    private val vt = VtRecordTranslator()
    private val dispatcher = RecordDispatcher(api) { records, more ->
        if (vtInput) {
            vt.translate(records)
        } else {
            keys.translate(records, more).map(ConsoleInput::Event)
        }
    }
    private val output = ConsoleOutput(api)
    private val lock = Any()
    private var rawMode: WindowsRawMode? = null

    /** Whether the console was last told to turn bracketed paste on (VT path); guarded by [lock]. */
    private var pasteOn = false

    @Volatile
    private var closed = false

    /** Bytes [read] took from a batch but had no room for; reader thread only. */
    private var leftover = ByteArray(0)

    override val isInteractive: Boolean get() = true

    override val isOutputTerminal: Boolean get() = true

    override fun enterRawMode(): RawMode = synchronized(lock) {
        check(!closed) { "terminal is closed" }
        check(rawMode == null) { "raw mode is already active; close it before entering it again" }
        val savedInput = api.getMode(ConsoleApi.Stream.Input) ?: throw failure("GetConsoleMode(input)")
        val savedOutput = api.getMode(ConsoleApi.Stream.Output) ?: throw failure("GetConsoleMode(output)")
        if (!api.setMode(ConsoleApi.Stream.Input, ConsoleModes.rawInput(savedInput, vtInput))) {
            throw failure("SetConsoleMode(input)")
        }
        // Refused VT output is not fatal: input is raw, output stays as the user had it.
        val outputChanged = api.setMode(ConsoleApi.Stream.Output, ConsoleModes.vtOutput(savedOutput))
        WindowsRawMode(savedInput, if (outputChanged) savedOutput else null).also { rawMode = it }
    }

    override fun size(): TerminalSize? = api.layoutSize()

    override fun readInput(sink: InputSink, timeoutMillis: Long): Int {
        if (closed) return -1
        dispatcher.start()
        return when (val next = dispatcher.next(timeoutMillis)) {
            is RecordDispatcher.Next.Batch -> {
                for (item in next.items) {
                    when (item) {
                        is ConsoleInput.Bytes -> sink.bytes(item.bytes, 0, item.bytes.size)
                        // Both paths report the buffer's size; the window's is what is seen.
                        is ConsoleInput.Event -> sink.event(layoutSized(item.event))
                    }
                }
                next.items.size
            }
            RecordDispatcher.Next.Woken -> 0
            RecordDispatcher.Next.End -> -1
            is RecordDispatcher.Next.Failed -> throw next.error as? TerminalException
                ?: TerminalException("reading the console failed: ${next.error}", next.error)
        }
    }

    /**
     * The input as bytes, for callers that use [read] rather than [readInput]: the VT path's
     * bytes as they are; on the records path each key's character (its `raw`, so Ctrl+C is
     * 0x03 and Enter CR) and each paste's text; keys without a character and other events are
     * dropped. The console's reader always uses [readInput].
     */
    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        require(buffer.isNotEmpty()) { "buffer must not be empty" }
        while (leftover.isEmpty()) {
            val collected = java.io.ByteArrayOutputStream()
            val n = readInput(object : InputSink {
                override fun bytes(bytes: ByteArray, offset: Int, length: Int) {
                    collected.write(bytes, offset, length)
                }

                override fun event(event: InputEvent) {
                    collected.write(event.raw.toByteArray())
                }
            }, timeoutMillis)
            if (n <= 0) return n
            leftover = collected.toByteArray()
            if (leftover.isEmpty() && timeoutMillis >= 0) return 0
        }
        val n = minOf(buffer.size, leftover.size)
        leftover.copyInto(buffer, 0, 0, n)
        leftover = leftover.copyOfRange(n, leftover.size)
        return n
    }

    override fun wake() {
        dispatcher.wakeReader()
    }

    override fun write(bytes: ByteArray, offset: Int, length: Int) {
        val toggle = bracketedPasteToggle(bytes, offset, length)
        if (toggle != null) {
            // Records path: the markers would come back as keys. VT path: outside raw mode the
            // output mode is the user's again and would print the sequence (raw mode switched
            // paste off itself before giving the modes back, see WindowsRawMode.giveBack).
            if (!vtInput || !inVtOutput()) return
            synchronized(lock) { pasteOn = toggle }
        }
        output.write(bytes, offset, length)
    }

    /** True while raw mode holds the output in virtual-terminal mode. */
    private fun inVtOutput(): Boolean = synchronized(lock) { rawMode }?.holdsVtOutput == true

    override fun flush() {
        output.flush()
    }

    override fun onSignal(listener: SignalListener): AutoCloseable {
        val jvm = ProcessSignals.install(listener)
        val handler = api.addCtrlHandler { type -> onControlEvent(type, listener::onSignal) }
        return AutoCloseable {
            try {
                handler?.close()
            } finally {
                jvm.close()
            }
        }
    }

    private fun onControlEvent(type: Int, listener: (TerminalSignal) -> Unit): Boolean = when (type) {
        ConsoleApi.CTRL_C_EVENT, ConsoleApi.CTRL_BREAK_EVENT -> {
            listener(TerminalSignal.Interrupt)
            true
        }
        ConsoleApi.CTRL_CLOSE_EVENT, ConsoleApi.CTRL_LOGOFF_EVENT, ConsoleApi.CTRL_SHUTDOWN_EVENT -> {
            listener(TerminalSignal.Terminate)
            // Windows ends the process when this returns: give the console time to restore and exit.
            try {
                Thread.sleep(closeGraceMillis)
            } catch (_: InterruptedException) {
                Thread.currentThread().interrupt()
            }
            true
        }
        else -> false
    }

    /**
     * A resize from a buffer-size record: the record's columns (the buffer's width, where conhost
     * wraps), and the visible window's rows where they are known (the buffer's height is the
     * scroll-back, often 9001 rows).
     */
    private fun layoutSized(event: InputEvent): InputEvent {
        if (event !is InputEvent.Resize) return event
        val rows = api.layoutSize()?.rows ?: return event
        return InputEvent.Resize(event.columns, rows)
    }

    override fun close() {
        synchronized(lock) {
            if (closed) return
            closed = true
        }
        var failure: RuntimeException? = null
        try {
            rawMode?.close()
        } catch (e: TerminalException) {
            failure = e
        }
        try {
            output.flush()
        } catch (e: TerminalException) {
            failure = failure ?: e
        }
        dispatcher.close()
        failure?.let { throw it }
    }

    /** True while the dispatcher thread runs; for tests. */
    internal val dispatcherAlive: Boolean get() = dispatcher.isAlive

    private fun failure(call: String) = TerminalException("$call failed: Windows error ${api.lastError()}")

    /**
     * Raw mode: restores the saved input mode and, when it was changed, the output mode; [resume]
     * computes both raw modes from the saved values again, whatever a child process left.
     *
     * Giving the console back ([pause], [close]) first stops and joins the dispatcher thread, so
     * records not read yet stay in the console's buffer for the child or the shell; then writes
     * what is buffered and, on the VT path, switches bracketed paste off, both while the output
     * mode still interprets escape sequences (after it, conhost prints them: `←[?2004l`); then
     * writes the saved modes. [resume] sets the raw modes, then starts the dispatcher again.
     */
    private inner class WindowsRawMode(private val savedInput: Int, private val savedOutput: Int?) : RawMode {
        private val restored = AtomicBoolean(false)

        /** Guarded by this. */
        private var paused = false

        /** True while the output mode is coterm's virtual-terminal mode. */
        val holdsVtOutput: Boolean get() = savedOutput != null && synchronized(this) { !paused && !restored.get() }

        override fun pause() {
            synchronized(this) {
                if (restored.get() || paused) return
                try {
                    giveBack()
                } finally {
                    paused = true
                }
            }
        }

        override fun resume() {
            synchronized(this) {
                if (restored.get() || !paused) return
                if (!api.setMode(ConsoleApi.Stream.Input, ConsoleModes.rawInput(savedInput, vtInput))) {
                    throw failure("SetConsoleMode(input)")
                }
                if (savedOutput != null) api.setMode(ConsoleApi.Stream.Output, ConsoleModes.vtOutput(savedOutput))
                paused = false
            }
            dispatcher.resume()
        }

        override fun close() {
            synchronized(this) {
                if (restored.get()) return
                val wasPaused = paused
                paused = true
                restored.set(true)
                synchronized(lock) { if (rawMode === this) rawMode = null }
                if (wasPaused) writeSaved() else giveBack()
            }
        }

        /**
         * Dispatcher stopped, pending output and paste-off written in VT mode, then the saved
         * modes. The writes get [GIVE_BACK_WRITE_MILLIS] on a thread of their own: conhost holds
         * every write while a Quick Edit selection lasts, and the modes (the shutdown hook's
         * restoreModes among others) must not wait for that.
         */
        private fun giveBack() {
            dispatcher.pause()
            val off = synchronized(lock) { pasteOn.also { pasteOn = false } }
            val writes = Thread({
                try {
                    output.flush()
                    if (off && savedOutput != null) {
                        output.write(PASTE_OFF, 0, PASTE_OFF.size)
                        output.flush()
                    }
                } catch (_: TerminalException) {
                    // The console took no output: the modes go back all the same.
                }
            }, "coterm-windows-give-back").apply {
                isDaemon = true
                start()
            }
            writes.join(GIVE_BACK_WRITE_MILLIS)
            writeSaved()
        }

        private fun writeSaved() {
            val inputBack = api.setMode(ConsoleApi.Stream.Input, savedInput)
            val outputBack = savedOutput == null || api.setMode(ConsoleApi.Stream.Output, savedOutput)
            if (!inputBack || !outputBack) throw failure("SetConsoleMode (restoring ${if (inputBack) "output" else "input"})")
        }
    }

    internal companion object {
        const val CLOSE_GRACE_MILLIS: Long = 4_000

        /** How long giving the console back waits for its last writes before restoring the modes anyway. */
        const val GIVE_BACK_WRITE_MILLIS: Long = 500
        private val PASTE_ON = "\u001b[?2004h".toByteArray()
        private val PASTE_OFF = "\u001b[?2004l".toByteArray()

        /** True for the bracketed-paste switch on, false for off, null for any other write. */
        fun bracketedPasteToggle(bytes: ByteArray, offset: Int, length: Int): Boolean? {
            if (length != PASTE_ON.size) return null
            val slice = bytes.copyOfRange(offset, offset + length)
            return when {
                slice.contentEquals(PASTE_ON) -> true
                slice.contentEquals(PASTE_OFF) -> false
                else -> null
            }
        }
    }
}
