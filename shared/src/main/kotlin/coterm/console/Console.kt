package coterm.console

import coterm.input.InputEvent
import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider
import coterm.terminal.TerminalSignal
import coterm.editor.EditResult
import coterm.editor.LineEditor
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.system.exitProcess

/**
 * An interactive console: asynchronous input, a line editor, commands that Ctrl+C cancels one at
 * a time, and output that never tears the line being typed.
 *
 * ```kotlin
 * Console.open().use { console ->
 *     while (true) {
 *         val line = console.readLine("# ") ?: break      // Ctrl+C here: fresh prompt
 *         console.runCommand("work") { delay(10_000) }     // Ctrl+C here: cancels only this
 *     }
 * }
 * ```
 *
 * **Ctrl+C** (DESIGN §1.1): while a line is edited it discards the line and prompts again; while
 * a command runs it cancels that command only and interrupts the threads running it; presses
 * within [ConsoleOptions.interruptGraceMillis] of the cancelling one are folded into it; if the
 * command still has not finished, the second press prints a notice and the third restores the
 * terminal and exits with status 130. `kill -INT` behaves exactly like the key. SIGTERM and
 * SIGHUP cancel every command, restore the terminal and exit with 143 and 129.
 *
 * **Threads**: one reader thread owns standard input; the console's own coroutines run on one
 * `coterm-console` thread, so a command that burns every CPU cannot delay a Ctrl+C. Every
 * method may be called from any thread or coroutine; [readLine] and [readEvent] serve one caller
 * at a time.
 *
 * **Compared with JLine**: Ctrl+C is read as a byte in raw mode and only as a byte (JLine also
 * raises a software SIGINT), and the default never kills the program during a command.
 */
public class Console internal constructor(
    private val terminal: Terminal,
    private val options: ConsoleOptions,
    private val exit: (Int) -> Unit,
    commandDispatcher: CoroutineDispatcher = Dispatchers.Default,
    consoleDispatcher: CoroutineDispatcher? = null,
    clock: () -> Long = System::nanoTime,
    startReader: Boolean = true,
) : AutoCloseable {
    private val ownDispatcher: ExecutorCoroutineDispatcher? = if (consoleDispatcher != null) null else
        Executors.newSingleThreadExecutor { r -> Thread(r, "coterm-console").apply { isDaemon = true } }
            .asCoroutineDispatcher()
    private val dispatcher: CoroutineDispatcher = consoleDispatcher ?: ownDispatcher!!
    private val consoleJob = SupervisorJob()
    private val scope = CoroutineScope(consoleJob + dispatcher + CoroutineName("coterm-console"))

    /** Batches from the reader; bounded, so a fast pipe waits in the OS instead of in memory. */
    private val events = Channel<List<InputEvent>>(EVENT_BATCHES)
    private val typeAhead = TypeAhead(options.typeAheadLimit)
    private val supervisor = CommandSupervisor(consoleJob, commandDispatcher, options.interruptGraceMillis, clock)
    private val closed = AtomicBoolean(false)

    /** True when input is a terminal in raw mode and the line editor draws on it. */
    public val isInteractive: Boolean = terminal.isInteractive && terminal.isOutputTerminal

    private val writer = ConsoleWriter(terminal, rendering = isInteractive, onTerminalGone = { endInput() })
    private val router = EventRouter(
        typeAhead, supervisor, writer, isInteractive,
        forceExit = { shutdown(EXIT_INTERRUPTED, waitForCommands = false) },
    )
    private val session = TerminalSession.install(terminal, raw = isInteractive, bracketedPaste = options.bracketedPaste)
    private val reader = InputReader(
        terminal,
        if (isInteractive) EventDecoder.Keys(options.escapeTimeoutMillis, options.pasteTimeoutMillis) else EventDecoder.Lines(),
        sink = { batch -> events.trySendBlocking(batch) },
        onFailure = { error ->
            reportInternalError("the input reader failed", error)
            endInput()
        },
    )
    private var signals: AutoCloseable = AutoCloseable { }

    init {
        try {
            start(startReader)
        } catch (e: Throwable) {
            // Half-opened: give the terminal back before reporting the failure.
            close()
            throw e
        }
    }

    private fun start(startReader: Boolean) {
        scope.launch {
            for (batch in events) {
                try {
                    router.route(batch)
                } catch (e: CancellationException) {
                    throw e
                } catch (e: Exception) {
                    // The router must survive anything, or Ctrl+C would stop working.
                    reportInternalError("routing input failed", e)
                }
                if (!isInteractive) typeAhead.awaitRoom() else if (router.lineEditing) yield()
            }
        }
        signals = terminal.onSignal(::onSignal)
        if (startReader) reader.start()
    }

    /** Feeds a batch of events as if the reader had decoded them; for tests. */
    internal fun inject(batch: List<InputEvent>) {
        events.trySend(batch)
    }

    /**
     * Reads one line with the line editor, showing [prompt]. Ctrl+C discards what was typed,
     * shows `^C` and prompts again; returns null at end of input (Ctrl+D on an empty line, or
     * standard input closed). Keys typed while a command ran are already in the line.
     *
     * @throws IllegalStateException when the console is closed.
     */
    public suspend fun readLine(prompt: String): String? {
        while (true) {
            when (val result = readLineResult(prompt)) {
                is LineResult.Line -> return result.text
                is LineResult.Interrupted -> continue
                LineResult.EndOfInput -> return null
            }
        }
    }

    /** Reads one line like [readLine] but reports Ctrl+C as [LineResult.Interrupted]. */
    public suspend fun readLineResult(prompt: String): LineResult = onConsoleThread {
        val editor = LineEditor()
        router.lineEditing = true
        writer.beginLine(prompt)
        try {
            var result: EditResult? = null
            while (result == null) {
                typeAhead.awaitEvents()
                var changed = false
                while (result == null) {
                    val event = typeAhead.poll() ?: break
                    when (val r = editor.handle(event)) {
                        is EditResult.Editing -> changed = changed || r.changed
                        else -> result = r
                    }
                }
                if (changed || result != null) writer.updateLine(editor.buffer.text, editor.buffer.cursor)
            }
            when (result) {
                is EditResult.Submitted -> LineResult.Line(result.line).also { writer.endLine() }
                is EditResult.Interrupted -> LineResult.Interrupted(result.discarded).also { writer.endLine("^C") }
                else -> LineResult.EndOfInput.also { writer.endLine() }
            }
        } finally {
            router.lineEditing = false
            writer.abandonLine()
        }
    }

    /**
     * Takes the next input event: for programs that read keys themselves. Inside a command,
     * Ctrl+C cancels the command instead of arriving here; outside one it arrives as a key.
     * Returns [InputEvent.EndOfInput] (again and again) once input has ended.
     */
    public suspend fun readEvent(): InputEvent = onConsoleThread {
        typeAhead.awaitEvents()
        typeAhead.poll() ?: InputEvent.EndOfInput
    }

    /**
     * Runs [block] as the foreground command and waits for it: Ctrl+C cancels it (and interrupts
     * the threads running it) without touching the console or other commands. Returns how it
     * ended; never throws what the command threw. If the caller is cancelled, the command is too.
     * A Ctrl+C typed after the line that started it, before it started, is aimed at it.
     */
    public suspend fun <T> runCommand(name: String, block: suspend CoroutineScope.() -> T): CommandOutcome<T> {
        val command = supervisor.start(name, block)
        onConsoleThread {
            supervisor.enterForeground(command)
            router.onCommandStarting()
        }
        try {
            command.job.start()
            command.job.join()
        } catch (e: CancellationException) {
            command.job.cancel()
            throw e
        } finally {
            withContext(NonCancellable + dispatcher) { supervisor.leaveForeground(command) }
        }
        @Suppress("UNCHECKED_CAST")
        val deferred = command.job as Deferred<T>
        val error = deferred.getCompletionExceptionOrNull()
        return when {
            error == null -> CommandOutcome.Completed(deferred.getCompleted())
            command.cancelledByConsole && error is CancellationException -> CommandOutcome.Interrupted
            else -> CommandOutcome.Failed(error)
        }
    }

    /**
     * Prints [text] as whole lines; while a line is being edited it appears above the prompt,
     * which is redrawn with the half-typed line intact. Safe from any thread.
     */
    public fun printAbove(text: String) {
        writer.printAbove(text)
    }

    /** Prints [text] and a newline; the same as [printAbove]. */
    public fun println(text: String = "") {
        writer.printAbove(text)
    }

    /**
     * A Mordant terminal whose output goes through this console: styled text, tables and
     * widgets print above the prompt, with colour only where the output is a terminal and
     * `NO_COLOR` is not set, unless [ConsoleOptions.color] says otherwise. Output only: read
     * input through this console.
     */
    public val mordant: com.github.ajalt.mordant.terminal.Terminal by lazy {
        com.github.ajalt.mordant.terminal.Terminal(
            terminalInterface = MordantOutput(writer, rows = { terminal.size()?.rows ?: DEFAULT_ROWS }, color = options.color),
        )
    }

    private suspend fun <T> onConsoleThread(block: suspend CoroutineScope.() -> T): T {
        check(!closed.get()) { "the console is closed" }
        return withContext(dispatcher, block)
    }

    private fun onSignal(signal: TerminalSignal) {
        when (signal) {
            TerminalSignal.Interrupt -> scope.launch { router.route(listOf(InputEvent.Interrupt)) }
            TerminalSignal.Resize -> terminal.size()?.let { size ->
                scope.launch { router.route(listOf(InputEvent.Resize(size.columns, size.rows))) }
            }
            TerminalSignal.Terminate -> shutdown(EXIT_TERMINATED, waitForCommands = true)
            TerminalSignal.Hangup -> shutdown(EXIT_HANGUP, waitForCommands = true)
            TerminalSignal.Continue -> Unit
        }
    }

    /** Input can no longer come (reader failed, terminal gone): readers get end of input. */
    private fun endInput() {
        scope.launch { router.endInput() }
    }

    /**
     * Cancels everything, restores the terminal and exits the process with [status]. The exit
     * happens whatever fails on the way.
     */
    private fun shutdown(status: Int, waitForCommands: Boolean) {
        try {
            if (waitForCommands) runBlocking { supervisor.cancelAll(SHUTDOWN_WAIT_MILLIS) }
            session.restore()
            if (status == EXIT_INTERRUPTED) writer.writeLine("^C") else writer.abandonLine()
        } catch (e: Exception) {
            reportInternalError("shutting down", e)
        } finally {
            exit(status)
        }
    }

    private fun reportInternalError(what: String, error: Throwable) {
        System.err.println("coterm: $what: $error")
    }

    /**
     * Cancels every command (waiting briefly for their `finally` blocks), stops the reader and
     * restores the terminal exactly as it was. Readers still waiting get end of input.
     * Idempotent; also done by a shutdown hook if the program exits without calling it.
     */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        val steps = listOf(
            { runBlocking { supervisor.cancelAll(CLOSE_WAIT_MILLIS) } },
            {
                events.close()
                reader.close()
            },
            { signals.close() },
            {
                runBlocking {
                    withTimeoutOrNull(CLOSE_WAIT_MILLIS) {
                        scope.launch { router.endInput() }.join()
                    }
                }
            },
            { scope.cancel() },
            { session.restore() },
            { ownDispatcher?.close() },
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
        }
    }

    public companion object {
        private const val EXIT_INTERRUPTED = 130
        private const val EXIT_TERMINATED = 143
        private const val EXIT_HANGUP = 129
        private const val SHUTDOWN_WAIT_MILLIS = 1_000L
        private const val CLOSE_WAIT_MILLIS = 500L
        private const val EVENT_BATCHES = 16
        private const val DEFAULT_ROWS = 24

        /**
         * Opens the console on the process's terminal (or plain standard input and output when
         * they are not terminals), entering raw mode when input and output are terminals.
         */
        @JvmStatic
        @JvmOverloads
        public fun open(options: ConsoleOptions = ConsoleOptions()): Console =
            Console(TerminalProvider.discover(), options, exit = { status -> exitProcess(status) })
    }
}
