package coterm.console

import coterm.input.InputEvent
import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider
import coterm.terminal.TerminalSignal
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
import kotlinx.coroutines.launch
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
    private val events = Channel<List<InputEvent>>(Channel.UNLIMITED)
    private val typeAhead = TypeAhead(options.typeAheadLimit)
    private val supervisor = CommandSupervisor(consoleJob, commandDispatcher, options.interruptGraceMillis, clock)
    private val closed = AtomicBoolean(false)
    private var lineEditing = false

    /** True when input is a terminal in raw mode and the line editor draws on it. */
    public val isInteractive: Boolean = terminal.isInteractive && terminal.isOutputTerminal

    private val writer = ConsoleWriter(terminal, rendering = isInteractive)
    private val session = TerminalSession.install(terminal, raw = isInteractive, bracketedPaste = options.bracketedPaste)
    private val reader = InputReader(
        terminal,
        if (isInteractive) EventDecoder.Keys(options.escapeTimeoutMillis, options.pasteTimeoutMillis) else EventDecoder.Lines(),
        sink = { batch -> events.trySend(batch) },
        onFailure = { error -> events.trySend(listOf(InputEvent.EndOfInput)); reportInternalError(error) },
    )
    private val signals: AutoCloseable

    init {
        scope.launch { for (batch in events) route(batch) }
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
    public suspend fun readLineResult(prompt: String): LineResult = withContext(dispatcher) {
        val editor = coterm.editor.LineEditor()
        lineEditing = true
        writer.beginLine(prompt)
        try {
            while (true) {
                typeAhead.awaitEvents()
                var result: coterm.editor.EditResult? = null
                var changed = false
                while (result == null) {
                    val event = typeAhead.poll() ?: break
                    when (val r = editor.handle(event)) {
                        is coterm.editor.EditResult.Editing -> changed = changed || r.changed
                        else -> result = r
                    }
                }
                if (changed || result != null) writer.updateLine(editor.buffer.text, editor.buffer.cursor)
                when (result) {
                    null -> continue
                    is coterm.editor.EditResult.Submitted -> {
                        writer.endLine()
                        return@withContext LineResult.Line(result.line)
                    }
                    is coterm.editor.EditResult.Interrupted -> {
                        writer.endLine("^C")
                        return@withContext LineResult.Interrupted(result.discarded)
                    }
                    coterm.editor.EditResult.EndOfInput -> {
                        writer.endLine()
                        return@withContext LineResult.EndOfInput
                    }
                    is coterm.editor.EditResult.Editing -> error("unreachable")
                }
            }
            @Suppress("UNREACHABLE_CODE")
            error("unreachable")
        } finally {
            lineEditing = false
            writer.abandonLine()
        }
    }

    /**
     * Takes the next input event that is not an interrupt: for programs that read keys
     * themselves (inside a command, Ctrl+C still cancels the command instead).
     */
    public suspend fun readEvent(): InputEvent = withContext(dispatcher) {
        typeAhead.awaitEvents()
        typeAhead.poll()!!
    }

    /**
     * Runs [block] as the foreground command and waits for it: Ctrl+C cancels it (and interrupts
     * the threads running it) without touching the console or other commands. Returns how it
     * ended; never throws what the command threw. If the caller is cancelled, the command is too.
     */
    public suspend fun <T> runCommand(name: String, block: suspend CoroutineScope.() -> T): CommandOutcome<T> {
        val command = supervisor.start(name, block)
        withContext(dispatcher) { supervisor.enterForeground(command) }
        try {
            command.job.start()
            command.job.join()
        } catch (e: kotlinx.coroutines.CancellationException) {
            command.job.cancel()
            throw e
        } finally {
            withContext(NonCancellable + dispatcher) { supervisor.leaveForeground(command) }
        }
        @Suppress("UNCHECKED_CAST")
        val deferred = command.job as kotlinx.coroutines.Deferred<T>
        val error = deferred.getCompletionExceptionOrNull()
        return when {
            error == null -> CommandOutcome.Completed(deferred.getCompleted())
            command.interruptedByUser && error is kotlinx.coroutines.CancellationException -> CommandOutcome.Interrupted
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

    private fun route(batch: List<InputEvent>) {
        for (event in batch) {
            if (event is InputEvent.Resize) {
                writer.columns = event.columns
                writer.redraw()
            }
            val isInterrupt = event == InputEvent.Interrupt || (event is InputEvent.Key && event.isInterrupt)
            if (!isInterrupt || lineEditing) {
                typeAhead.add(event)
                continue
            }
            when (supervisor.onInterrupt()) {
                InterruptPolicy.Decision.Cancel -> {
                    if (isInteractive) typeAhead.clear()
                    writer.write(if (isInteractive) "^C\r\n" else "^C\n")
                }
                InterruptPolicy.Decision.Fold -> Unit
                InterruptPolicy.Decision.Notice -> {
                    val name = supervisor.foreground?.name ?: "the command"
                    writer.write("^C $name is still stopping; press Ctrl+C again to force exit.\r\n")
                }
                InterruptPolicy.Decision.ForceExit -> {
                    writer.write("^C\r\n")
                    shutdown(EXIT_INTERRUPTED, waitForCommands = false)
                }
                InterruptPolicy.Decision.PassOn -> typeAhead.add(event)
            }
        }
        typeAhead.signal()
    }

    private fun onSignal(signal: TerminalSignal) {
        when (signal) {
            TerminalSignal.Interrupt -> events.trySend(listOf(InputEvent.Interrupt))
            TerminalSignal.Resize -> terminal.size()?.let { events.trySend(listOf(InputEvent.Resize(it.columns, it.rows))) }
            TerminalSignal.Terminate -> shutdown(EXIT_TERMINATED, waitForCommands = true)
            TerminalSignal.Hangup -> shutdown(EXIT_HANGUP, waitForCommands = true)
            TerminalSignal.Continue -> Unit
        }
    }

    /** Cancels everything, restores the terminal and exits the process with [status]. */
    private fun shutdown(status: Int, waitForCommands: Boolean) {
        if (waitForCommands) runBlocking { supervisor.cancelAll(SHUTDOWN_WAIT_MILLIS) }
        try {
            writer.abandonLine()
        } catch (_: Exception) {
            // The terminal may be gone; restoring it is what matters.
        }
        session.restore()
        exit(status)
    }

    private fun reportInternalError(error: Throwable) {
        System.err.println("coterm: input reader failed: $error")
    }

    /**
     * Cancels every command, stops the reader and restores the terminal exactly as it was.
     * Idempotent; also done by a shutdown hook if the program exits without calling it.
     */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        supervisor.job.cancel()
        reader.close()
        signals.close()
        scope.cancel()
        session.restore()
        ownDispatcher?.close()
        terminal.close()
    }

    public companion object {
        private const val EXIT_INTERRUPTED = 130
        private const val EXIT_TERMINATED = 143
        private const val EXIT_HANGUP = 129
        private const val SHUTDOWN_WAIT_MILLIS = 1_000L

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
