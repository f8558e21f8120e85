// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.EditMode
import coterm.history.HistoryOptions
import coterm.input.InputEvent
import coterm.terminal.Terminal
import coterm.terminal.TerminalSignal
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.asExecutor
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The parts of one [Console], wired together, and their life: built here in the order they need
 * each other, started by [start], stopped by [close]. The console is the public face; the work is
 * the parts', one job per file (README, "How it fits together").
 *
 * Threading as the console's KDoc says: the console's coroutines run in [scope], on [dispatcher]
 * (its own [ConsoleLoop] unless a test gives one), one at a time.
 */
internal class ConsoleParts(
    private val terminal: Terminal,
    options: ConsoleOptions,
    exit: (Int) -> Unit,
    seams: ConsoleSeams,
    /** Held while open when the console owns the process's terminal; released by [close]. */
    private val processClaim: AutoCloseable?,
    /** True when input is a terminal in raw mode and the line editor draws on it. */
    val isInteractive: Boolean,
) {
    /**
     * The console's own loop (the `coterm-console` thread, and the reader's thread in place),
     * when no dispatcher was given; [close] waits for its thread to end.
     */
    private val loop: ConsoleLoop? = if (seams.consoleDispatcher != null) null else
        ConsoleLoop("coterm-console") { e -> reportInternalError("internal error", e) }
    val dispatcher: CoroutineDispatcher = seams.consoleDispatcher ?: loop!!.asCoroutineDispatcher()
    private val consoleJob = SupervisorJob()
    private val scope = CoroutineScope(
        consoleJob + dispatcher + CoroutineName("coterm-console") +
            CoroutineExceptionHandler { _, e -> reportInternalError("internal error", e) },
    )
    private val closed = AtomicBoolean(false)

    /**
     * Input handed over and not taken yet, in bytes: the reader stops reading while it is full,
     * so a fast typist or a pipe waits in the kernel instead of in memory, and nothing is dropped.
     */
    private val backlog = InputBacklog(options.typeAheadBytes)
    val typeAhead = TypeAhead(backlog)
    val inputEvents = ConsoleEvents(typeAhead) { block -> confined(block) }
    private val children = ChildProcesses()
    val writer = ConsoleWriter(terminal, rendering = isInteractive, onTerminalGone = { endInput() })
    val supervisor = CommandSupervisor(
        consoleJob, seams.commandDispatcher, options.interruptGraceMillis, seams.clock, typeAhead, writer, isInteractive,
        forceExit = { shutdown.now(ConsoleExit.EXIT_INTERRUPTED, waitForCommands = false) },
    )
    private val stopProcess = seams.stopProcess ?: terminal::suspendProcess
    private val canSuspend = seams.canSuspend ?: { terminal.canSuspend }
    private val router = EventRouter(typeAhead, supervisor, writer, isInteractive) {
        // Without job control nobody could continue us: Ctrl+Z is then an ignored key.
        if (canSuspend()) session.suspendProcess(stopProcess)
    }
    private val completions = seams.commandDispatcher
    private val historyOwner = loop ?: dispatcher.asExecutor()

    /** The options [linePrompt] is made with: the console's, with the history [useHistory] gave. Guarded by [promptLock]. */
    private var promptOptions = options
    private val promptLock = Any()

    @Volatile
    private var prompt: LinePrompt? = null

    /**
     * The prompt, made at its first use (a line read, or the history asked for), which is also
     * when it opens the history: until then [useHistory] may change the history it keeps.
     */
    val linePrompt: LinePrompt
        get() = prompt ?: synchronized(promptLock) {
            prompt ?: LinePrompt(
                promptOptions, writer, typeAhead, supervisor, completions, historyOwner, environment,
                editInEditor = ::editInEditor, cursorShape = session::setCursorShape,
            ).also { prompt = it }
        }
    private val pump = EventPump(backlog, router, loop, supervisor, ::reportInternalError)
    private val session: TerminalSession = TerminalSession.install(
        terminal, writer, raw = isInteractive, bracketedPaste = options.bracketedPaste,
        cursorShapes = options.editMode == EditMode.Vi && CursorShape.supported(System.getenv("TERM")),
    )
    private val shutdown: ConsoleExit = ConsoleExit(supervisor, children, session, { wait -> prompt?.closeHistory(wait) }, writer, exit, ::reportInternalError)
    private val reader = InputReader(
        terminal,
        if (isInteractive) EventDecoder.Keys(options.escapeTimeoutMillis, options.pasteTimeoutMillis, escapeAtReadEnd = options.editMode == EditMode.Vi) else EventDecoder.Lines(),
        backlog,
        // Held back, a terminal is still scanned for Ctrl+C; piped input gets SIGINT instead.
        scanBytes = if (isInteractive) options.typeAheadBytes else 0,
        readAhead = isInteractive,
        sink = pump::deliver,
        onFailure = { error -> shutdown.readerFailed(error, ::endInput) },
    )
    private val handOffs = HandOff(reader, session, router, children, dispatcher)
    private var signals: AutoCloseable = AutoCloseable { }
    private val input = seams.input
    private val environment = seams.environment
    private val maxLineLength = options.maxLineLength
    private val color = options.color

    /** Starts the event pump, the signal listener and the reader (or the test's [ConsoleSeams.input]). */
    fun start() {
        pump.start(scope)
        signals = terminal.onSignal(::onSignal)
        if (input == null) reader.start() else input(pump::deliver)
    }

    /** Runs [block] on [dispatcher], as the console's own coroutines run; see `Console.confined`. */
    suspend fun <T> confined(block: suspend CoroutineScope.() -> T): T {
        check(!closed.get()) { "the console is closed" }
        return withContext(dispatcher, block)
    }

    /** Gives the terminal to [block] and takes it back: see `Console.handOff`. */
    suspend fun <T> handOff(block: suspend () -> T): T {
        confined {
            router.handedOff = true
            writer.leaveLine()
        }
        return handOffs.run(block)
    }

    /**
     * Ctrl+X Ctrl+E at the prompt: [text] in the user's editor, which gets the terminal as a
     * child process does ([handOff]); what it saved, or why nothing. On the console's thread.
     */
    private suspend fun editInEditor(text: String): ExternalEditor.Outcome =
        ExternalEditor().edit(text, maxLineLength) { command -> handOff { handOffs.process(command) } }

    /** Runs [command] as a child process that has the terminal, inside [handOff]: see `Console.runProcess`. */
    suspend fun runProcess(command: List<String>): Int = handOff { handOffs.process(command) }

    /**
     * Makes the prompt keep [history] instead of what the console's options say: see
     * `Console.useHistory`.
     *
     * @throws IllegalStateException when the prompt exists already with other history options.
     */
    fun useHistory(history: HistoryOptions) {
        synchronized(promptLock) {
            if (promptOptions.history == history) return
            check(prompt == null) {
                "the console's history is in use already (a line was read, or history() asked for): set the history before"
            }
            promptOptions = promptOptions.toBuilder().history(history).build()
        }
    }

    /** The Mordant terminal behind `Console.mordant`: output through [writer], rows from the terminal. */
    fun mordant(): com.github.ajalt.mordant.terminal.Terminal =
        com.github.ajalt.mordant.terminal.Terminal(
            terminalInterface = MordantOutput(writer, rows = { terminal.size()?.rows ?: DEFAULT_ROWS }, color = color),
        )

    /** Runs on the signal-dispatch thread: starts work elsewhere and returns at once. */
    private fun onSignal(signal: TerminalSignal) {
        when (signal) {
            TerminalSignal.Interrupt -> scope.launch { router.route(InputEvent.Interrupt) }
            TerminalSignal.Resize -> terminal.size()?.let { size ->
                scope.launch { router.route(InputEvent.Resize(size.columns, size.rows)) }
            }
            TerminalSignal.Terminate -> shutdown.onSignal(ConsoleExit.EXIT_TERMINATED)
            TerminalSignal.Hangup -> shutdown.onSignal(ConsoleExit.EXIT_HANGUP)
            TerminalSignal.Continue -> scope.launch { if (!router.handedOff) session.onContinued() }
        }
    }

    /** Input can no longer come (reader failed, terminal gone): readers get end of input. */
    private fun endInput() {
        scope.launch { router.endInput() }
    }

    /** Stops everything, in the order `Console.close` gives; idempotent. */
    fun close() {
        if (!closed.compareAndSet(false, true)) return
        val steps = listOf(
            { runBlocking { supervisor.cancelAll(CLOSE_WAIT_MILLIS) } },
            // What a cancelled runProcess has not stopped yet (its grace runs on): no child outlives us.
            { children.stopAll(System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000) },
            {
                pump.close()
                reader.close()
            },
            { signals.close() },
            { runBlocking { withTimeoutOrNull(CLOSE_WAIT_MILLIS) { scope.launch { router.endInput() }.join() } } },
            { scope.cancel() },
            { session.restore() },
            // Lines still queued for the history file are written (a lock held elsewhere: bounded).
            { prompt?.closeHistory(HISTORY_CLOSE_WAIT_MILLIS) },
            // No thread outlives its console (unless close runs on that very thread).
            { loop?.close(CLOSE_WAIT_MILLIS) },
        )
        for (step in steps) {
            try {
                step()
            } catch (e: Exception) {
                reportInternalError("closing", e)
            }
        }
        try {
            terminal.close()
        } catch (_: Exception) {
            // Flushing into a closed pipe (`coterm | head`): the reader has gone, nothing to tell.
        } finally {
            processClaim?.close()
        }
    }

    private companion object {
        const val CLOSE_WAIT_MILLIS = 500L
        const val DEFAULT_ROWS = 24
        val HISTORY_CLOSE_WAIT_MILLIS = coterm.history.HistoryFile.DEFAULT_LOCK_TIMEOUT_MILLIS
    }
}
