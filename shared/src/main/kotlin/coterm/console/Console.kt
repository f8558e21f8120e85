// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider
import coterm.terminal.TerminalSignal
import coterm.editor.CandidateColumns
import coterm.editor.Candidate
import coterm.editor.Completer
import coterm.editor.CompletionRequest
import coterm.editor.EditResult
import coterm.editor.LineEditor
import coterm.history.HistoryStore
import kotlinx.coroutines.async
import kotlinx.coroutines.asExecutor
import kotlinx.coroutines.future.asDeferred
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
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
 * a command runs it cancels that command only and interrupts the threads running it; if the
 * command still has not finished, the second press prints a notice and the third restores the
 * terminal and exits with status 130. Presses less than [ConsoleOptions.interruptGraceMillis]
 * apart (a held key, a storm of 0x03) are one press, except that a command's first press always
 * cancels it, however soon after an earlier cancel it comes. `kill -INT` behaves exactly like
 * the key. SIGTERM and SIGHUP cancel every command, restore the terminal and exit with 143 and 129.
 *
 * **Failures**: if the reader thread fails with an exception, input ends (readers get end of
 * input); if it dies of an [Error] (out of memory, a stack overflow, a native binding that cannot
 * link), commands are cancelled, the terminal is restored, one line on standard error says why
 * (never a stack trace) and the process exits with status 70.
 *
 * **Threads**: one reader thread owns standard input; the console's own coroutines run one at
 * a time, on its `coterm-console` thread or, when that is idle, in place on the reader's thread
 * (a key is echoed without waking another thread), never on the threads that run commands, so a
 * command that burns every CPU cannot delay a Ctrl+C. Every
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
    private val commandDispatcher: CoroutineDispatcher = Dispatchers.Default,
    consoleDispatcher: CoroutineDispatcher? = null,
    clock: () -> Long = System::nanoTime,
    startReader: Boolean = true,
    private val stopProcess: () -> Boolean = terminal::suspendProcess,
    private val canSuspend: () -> Boolean = { terminal.canSuspend },
    /** Held while open when this console owns the process's terminal ([open]); released by [close]. */
    private val processClaim: AutoCloseable? = null,
) : AutoCloseable {
    /**
     * The console's own loop (the `coterm-console` thread, and the reader's thread in place),
     * when no dispatcher was given; [close] waits for its thread to end.
     */
    private val loop: ConsoleLoop? = if (consoleDispatcher != null) null else
        ConsoleLoop("coterm-console") { e -> reportInternalError("internal error", e) }
    private val dispatcher: CoroutineDispatcher = consoleDispatcher ?: loop!!.asCoroutineDispatcher()
    private val consoleJob = SupervisorJob()
    private val scope = CoroutineScope(
        consoleJob + dispatcher + CoroutineName("coterm-console") +
            CoroutineExceptionHandler { _, e -> reportInternalError("internal error", e) },
    )

    /**
     * Input handed over and not taken yet, in bytes: the reader stops reading while it is full,
     * so a fast typist or a pipe waits in the kernel instead of in memory, and nothing is dropped.
     */
    private val backlog = InputBacklog(options.typeAheadBytes)

    /**
     * Batches from the reader, counted in [backlog] until routed: unlimited here because the
     * reader bounds them, and so that handing a batch over never blocks the reader (a pause or a
     * close must always reach it).
     */
    private val events = Channel<Batch>(Channel.UNLIMITED)
    private val typeAhead = TypeAhead(backlog)
    private val supervisor = CommandSupervisor(consoleJob, commandDispatcher, options.interruptGraceMillis, clock)
    private val children = ChildProcesses()
    private val closed = AtomicBoolean(false)

    /** Opened by the first prompt, on the console thread. */
    @Volatile
    private var history: HistoryStore? = null
    private val historyLock = Any()

    /** True when input is a terminal in raw mode and the line editor draws on it. */
    public val isInteractive: Boolean = terminal.isInteractive && terminal.isOutputTerminal

    private val writer = ConsoleWriter(terminal, rendering = isInteractive, onTerminalGone = { endInput() })
    private val router = EventRouter(
        typeAhead, supervisor, writer, isInteractive,
        forceExit = { shutdown(EXIT_INTERRUPTED, waitForCommands = false) },
        suspendProcess = ::suspendProcess,
    )
    private val session = TerminalSession.install(terminal, raw = isInteractive, bracketedPaste = options.bracketedPaste)
    private val reader = InputReader(
        terminal,
        if (isInteractive) EventDecoder.Keys(options.escapeTimeoutMillis, options.pasteTimeoutMillis) else EventDecoder.Lines(),
        backlog,
        // Held back, a terminal is still scanned for Ctrl+C; piped input gets SIGINT instead.
        scanBytes = if (isInteractive) options.typeAheadBytes else 0,
        readAhead = isInteractive,
        sink = ::deliver,
        onFailure = { error ->
            if (error is Error) {
                readerDied(error)
            } else {
                reportInternalError("the input reader failed", error)
                endInput()
            }
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
                route(batch)
                // Every batch already waiting is routed before the line editor runs, so it
                // applies them all and redraws once (DESIGN §1.3), however many reads they took.
                while (true) route(events.tryReceive().getOrNull() ?: break)
                if (router.lineEditing) yield()
            }
        }
        signals = terminal.onSignal(::onSignal)
        if (startReader) reader.start()
    }

    /**
     * A batch of events from the reader, and what it weighs in the [backlog] while it waits in
     * [events] for the loop's thread (0 when it is routed in place: nothing waits then).
     */
    private class Batch(val events: List<InputEvent>, val weight: Long)

    /** Routes one batch taken from [events], then counts it out of the [backlog]. */
    private fun route(batch: Batch) {
        try {
            router.route(batch.events)
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            // The router must survive anything, Errors too (a native binding's
            // UnsatisfiedLinkError), or no key, Ctrl+C included, would be read again.
            reportInternalError("routing input failed", e)
        } finally {
            // After routing: what went to the type-ahead is counted there already, so the
            // backlog never dips below the truth and wakes the reader for nothing.
            backlog.release(batch.weight)
        }
    }

    /**
     * Hands a batch from the reader to the router: in place on the reader's thread when the
     * console's loop is idle (a key is then echoed with no thread woken), else through [events]
     * to the loop's thread. Never blocks: the reader itself stops when the [backlog] is full.
     */
    private fun deliver(events: List<InputEvent>) {
        // In place, the loop routes the batch on this thread before runInPlace returns, and the
        // reader reads nothing meanwhile, so it is not weighed (a burst is 32 K events). Were the
        // router not waiting for it, it would wait in the channel uncounted: one batch, no larger
        // than the room the reader had.
        if (loop?.runInPlace { this.events.trySend(Batch(events, 0)) } == true) return
        val batch = Batch(events, InputBacklog.bytesOf(events))
        backlog.add(batch.weight)
        this.events.trySend(batch)
    }

    /** Feeds a batch of events as if the reader had decoded them; for tests. */
    internal fun inject(events: List<InputEvent>) {
        val batch = Batch(events, InputBacklog.bytesOf(events))
        backlog.add(batch.weight)
        this.events.trySend(batch)
    }

    /**
     * Reads one line with the line editor, showing [prompt]. Ctrl+C discards what was typed,
     * shows `^C` and prompts again; returns null at end of input (Ctrl+D on an empty line, or
     * standard input closed). Keys typed while a command ran are already in the line. A line
     * submitted is added to the history (see [ConsoleOptions.history]) unless [options] say not.
     *
     * @throws IllegalStateException when the console is closed.
     */
    @JvmOverloads
    public suspend fun readLine(prompt: String, options: LineOptions = LineOptions.Default): String? {
        while (true) {
            when (val result = readLineResult(prompt, options)) {
                is LineResult.Line -> return result.text
                is LineResult.Interrupted -> continue
                LineResult.EndOfInput -> return null
            }
        }
    }

    /** Reads one line like [readLine] but reports Ctrl+C as [LineResult.Interrupted]. */
    @JvmOverloads
    public suspend fun readLineResult(prompt: String, options: LineOptions = LineOptions.Default): LineResult = onConsoleThread {
        router.lineEditing = true
        // The prompt first, the history after it: its file is read in the background from the
        // first prompt on, and the prompt shows as early as it can.
        writer.beginLine(prompt, options.continuationPrompt ?: continuationFor(prompt))
        try {
            val store = historyStore()
            val check = options.isInputComplete
            val editor = LineEditor(
                keyMap = this@Console.options.keyMap,
                history = store?.history,
                isInputComplete = if (check == null) ({ true }) else check::isComplete,
                completion = options.completer != null,
                maxLength = this@Console.options.maxLineLength,
            )
            val result = edit(editor, options, store)
            when (result) {
                is EditResult.Submitted -> {
                    writer.endLine(editor.buffer.text)
                    if (options.addToHistory) store?.add(result.line)
                    LineResult.Line(result.line)
                }
                is EditResult.Interrupted -> LineResult.Interrupted(result.discarded).also { writer.endLine(editor.buffer.text, "^C") }
                else -> LineResult.EndOfInput.also { writer.endLine(editor.buffer.text) }
            }
        } finally {
            router.lineEditing = false
            writer.abandonLine()
        }
    }

    /** Feeds events to [editor] until the input is submitted, interrupted or ended; redraws once per batch. */
    private suspend fun edit(editor: LineEditor, options: LineOptions, store: HistoryStore?): EditResult {
        var limitNoticeShown = false
        fun noticeOverLimit() {
            if (!editor.overLimit || limitNoticeShown) return
            limitNoticeShown = true
            writer.printAbove("coterm: the line is limited to ${this.options.maxLineLength} characters; the rest was not inserted")
        }
        // Plain characters typed in a row: inserted together, once something else comes or the batch ends.
        val typed = StringBuilder()
        while (true) {
            typeAhead.awaitEvents()
            var changed = false
            while (true) {
                typeAhead.takeRuns { run, from, to -> editor.appendTyped(run, from, to, typed) }
                val event = typeAhead.poll()
                if (typed.isNotEmpty()) {
                    changed = editor.typeText(typed).changed || changed
                    typed.setLength(0)
                    noticeOverLimit()
                }
                if (event == null) break
                if (store != null && !store.loaded.isDone && walksHistory(event)) {
                    // Up or Ctrl+R right after start: show what was typed, then wait for the file.
                    if (changed) writer.updateLine(editor.buffer.text, editor.buffer.cursor, editor.promptOverride)
                    changed = false
                    awaitHistory(store)
                }
                var r = editor.handle(event)
                noticeOverLimit()
                if (r is EditResult.Complete) {
                    // Show what was typed before the Tab, then ask the completer.
                    if (changed) writer.updateLine(editor.buffer.text, editor.buffer.cursor, editor.promptOverride)
                    changed = false
                    val candidates = complete(options.completer!!, r.request) ?: continue
                    r = editor.complete(r.request, candidates)
                }
                when (r) {
                    is EditResult.Editing -> changed = changed || r.changed
                    EditResult.ClearScreen -> {
                        writer.clearScreen()
                        changed = true
                    }
                    is EditResult.ShowCandidates -> {
                        writer.printAbove(CandidateColumns.format(r.candidates, writer.columns).joinToString("\n"))
                    }
                    is EditResult.Complete -> Unit
                    // The final state is drawn once, by endLine.
                    else -> return r
                }
            }
            if (changed) writer.updateLine(editor.buffer.text, editor.buffer.cursor, editor.promptOverride)
        }
    }

    /**
     * Runs [completer] for [request] off the console thread and waits for its answer. Keys typed
     * meanwhile wait, as they would for readline's completion, and are handled after it; a
     * Ctrl+C (or the end of input) cancels the completion and returns null, the Ctrl+C consumed:
     * what it stopped was the completion, and the line stays. A completer that throws gives nothing.
     */
    private suspend fun complete(completer: Completer, request: CompletionRequest): List<Candidate>? = coroutineScope {
        val answer = async(commandDispatcher) {
            try {
                completer.complete(request)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                emptyList()
            }
        }
        try {
            awaitUnlessInterrupted(answer)
        } finally {
            answer.cancel()
        }
    }

    /** [answer]'s value, or null as soon as a Ctrl+C (taken from the type-ahead) or the end of input comes first. */
    private suspend fun CoroutineScope.awaitUnlessInterrupted(answer: Deferred<List<Candidate>>): List<Candidate>? {
        while (true) {
            if (typeAhead.removeFirst(router::isInterrupt) || typeAhead.isEnded) return null
            val seen = typeAhead.size
            val more = async { typeAhead.awaitMore(seen) }
            val candidates = select<List<Candidate>?> {
                answer.onAwait { it }
                more.onAwait { null }
            }
            more.cancel()
            if (candidates != null) return candidates
        }
    }

    /**
     * The history, opened on first use (its file, if any, is then read in the background and its
     * entries handed to the console's loop); null when history is disabled.
     */
    private fun historyStore(): HistoryStore? {
        if (!options.history.isEnabled) return null
        history?.let { return it }
        return synchronized(historyLock) {
            history ?: HistoryStore.open(options.history, owner = loop ?: dispatcher.asExecutor()) { message ->
                writer.printAbove(message)
            }.also { history = it }
        }
    }

    /** True for a key that walks the history (Up, Ctrl+R...), which the file's entries must reach first. */
    private fun walksHistory(event: InputEvent): Boolean =
        event is InputEvent.Key && options.keyMap.commandFor(event.key, event.modifiers) in HISTORY_COMMANDS

    /**
     * Waits until [store] has read its file (at most about a second, the lock's wait, plus the
     * read), unless a Ctrl+C or the end of input is waiting: they must never wait for a file.
     * Keys typed meanwhile wait in the type-ahead and are handled after it, in order.
     */
    private suspend fun awaitHistory(store: HistoryStore) = coroutineScope {
        val loaded = store.loaded.asDeferred()
        while (!loaded.isCompleted) {
            if (typeAhead.contains(router::isInterrupt) || typeAhead.isEnded) return@coroutineScope
            val seen = typeAhead.size
            val more = async { typeAhead.awaitMore(seen) }
            select<Unit> {
                loaded.onAwait { }
                more.onAwait { }
            }
            more.cancel()
        }
    }

    /**
     * The lines in the history, oldest first: this session's and, with a history file, earlier
     * sessions'. Empty when history is disabled. Safe from any thread.
     */
    public fun history(): List<String> = historyStore()?.entries ?: emptyList()

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
     * ended; never throws what the command threw. A Ctrl+C typed after the line that started it,
     * before it started, is aimed at it.
     *
     * **Returns only once the command has ended**, its `finally` blocks and its children too,
     * whichever way it ends. If the caller is cancelled, the command is cancelled (its threads
     * interrupted, as by a Ctrl+C) and this waits for it before rethrowing the caller's
     * cancellation, as every coroutine scope waits for its children. Meanwhile the command stays
     * in the foreground: a Ctrl+C still reaches it, and on a command that ignores cancellation the
     * second press prints the notice and the third forces the exit.
     */
    public suspend fun <T> runCommand(name: String, block: suspend CoroutineScope.() -> T): CommandOutcome<T> {
        val command = supervisor.start(name, block)
        try {
            onConsoleThread {
                supervisor.enterForeground(command)
                router.onCommandStarting()
            }
            command.job.start()
            command.job.join()
        } catch (e: CancellationException) {
            supervisor.cancelForCaller(command, e)
            withContext(NonCancellable) { command.job.join() }
            throw e
        } catch (e: Throwable) {
            // The console is closed: the command never started, and never will.
            command.job.cancel()
            throw e
        } finally {
            withContext(NonCancellable + dispatcher) {
                supervisor.leaveForeground(command)
                writer.setStatus(null)
            }
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
     * Gives the terminal to [block] (typically to wait for a child process that uses it, as
     * [runProcess] does), and takes it back afterwards: the reader stops reading, raw mode and
     * bracketed paste are switched off (the terminal is in its state from before the console
     * started), and Ctrl+C reaches the child from the terminal instead of cancelling the command
     * (the console ignores the SIGINT it also gets). When [block] returns or throws, raw mode
     * comes back, entered from that same state whatever the child left (see [TerminalSession]),
     * and so do the reader and Ctrl+C. DESIGN §1.4.
     *
     * Taking the terminal back tries every step whatever the others do; if any fails, a
     * [coterm.terminal.TerminalException] says which (what [block] threw, if anything, is
     * suppressed in it), and the console goes on with what could be taken back.
     *
     * Call it from a command; keys typed meanwhile are the child's. Not reentrant.
     */
    public suspend fun <T> handOff(block: suspend () -> T): T {
        onConsoleThread {
            router.handedOff = true
            writer.leaveLine()
        }
        var failure: Throwable? = null
        try {
            withContext(Dispatchers.IO) { reader.pause() }
            session.pause()
            return block()
        } catch (e: Throwable) {
            failure = e
            throw e
        } finally {
            withContext(NonCancellable) {
                try {
                    HandBack.run(
                        listOf(
                            HandBack.Step("raw mode") { session.resume() },
                            HandBack.Step("the input reader") { reader.resume() },
                            // On the console's loop, after any SIGINT queued meanwhile: that one was the child's.
                            HandBack.Step("Ctrl+C") { withContext(dispatcher) { router.handedOff = false } },
                        ),
                    )
                } catch (e: coterm.terminal.TerminalException) {
                    failure?.let(e::addSuppressed)
                    throw e
                }
            }
        }
    }

    /**
     * Runs [command] (program and arguments) as a child process that has the terminal, with
     * inherited standard input, output and error (see [handOff]), and returns its exit status
     * (128 + the signal's number when a signal ended it, as a shell reports it). Ctrl+C goes to
     * the child. If this coroutine is cancelled, or the console shuts down or closes, the child
     * and the processes under it get SIGTERM and, still running a second later, SIGKILL: none is
     * left holding the terminal.
     *
     * @throws java.io.IOException when the program cannot be started.
     */
    public suspend fun runProcess(command: List<String>): Int {
        require(command.isNotEmpty()) { "no program to run" }
        return handOff {
            val process = children.start(ProcessBuilder(command).inheritIO())
            try {
                runInterruptible(Dispatchers.IO) { process.waitFor() }
            } finally {
                withContext(NonCancellable + Dispatchers.IO) { children.stop(process, PROCESS_GRACE_MILLIS) }
            }
        }
    }

    /**
     * Shows [text] as a one-row status line (a progress bar, a spinner) below the output and
     * above the prompt, or removes it when [text] is null. Output printed meanwhile goes above
     * it; it is cut to the terminal's width. It belongs to the foreground command: it is removed
     * when that command ends, whether it completed or was cancelled by Ctrl+C, so the line is
     * left clean. Not shown when output is not a terminal. Any thread.
     */
    public fun setStatus(text: String?) {
        writer.setStatus(text)
    }

    /**
     * Routes `System.out` and `System.err` through this console until the returned handle is
     * closed: each line printed appears above the prompt (a partial line waits for its newline),
     * so libraries that print cannot tear the line being typed. Closing restores the previous
     * streams and prints what is left of a partial line.
     */
    public fun captureSystemStreams(): AutoCloseable {
        val previousOut = System.out
        val previousErr = System.err
        val out = ConsoleOutputStream(writer)
        val err = ConsoleOutputStream(writer)
        System.setOut(java.io.PrintStream(out, true, Charsets.UTF_8))
        System.setErr(java.io.PrintStream(err, true, Charsets.UTF_8))
        return AutoCloseable {
            System.setOut(previousOut)
            System.setErr(previousErr)
            out.close()
            err.close()
        }
    }

    /** Ctrl+Z: gives the terminal back and stops the process; redraws once it is continued. */
    private fun suspendProcess() {
        // Without job control nobody could continue us: Ctrl+Z is then an ignored key.
        if (!isInteractive || session.isPaused || !canSuspend()) return
        writer.leaveLine()
        // Bracketed paste is switched off before the stop: the shell gets its terminal as it was.
        session.pause()
        try {
            stopProcess()
        } finally {
            takeBack("after Ctrl+Z")
        }
    }

    /** SIGCONT: whatever stopped us, the shell may have reset the terminal; take it again. */
    private fun onContinued() {
        if (!isInteractive || session.isPaused || router.handedOff) return
        session.pause()
        takeBack("after SIGCONT")
    }

    /** Raw mode again after a stop, and the line redrawn; a failure is reported, the console goes on. */
    private fun takeBack(moment: String) {
        try {
            session.resume()
        } catch (e: coterm.terminal.TerminalException) {
            reportInternalError("taking the terminal back $moment", e)
        }
        writer.redraw()
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

    /**
     * Runs [block] confined to the console, as its own coroutines run: a loop that reads lines
     * and starts commands (the [coterm.repl.Repl]) then reaches the next prompt after a Ctrl+C
     * without a thread hand-off. [block] must not block: it would hold up every key.
     */
    internal suspend fun <T> confined(block: suspend CoroutineScope.() -> T): T = onConsoleThread(block)

    private fun onSignal(signal: TerminalSignal) {
        when (signal) {
            TerminalSignal.Interrupt -> scope.launch { router.route(listOf(InputEvent.Interrupt)) }
            TerminalSignal.Resize -> terminal.size()?.let { size ->
                scope.launch { router.route(listOf(InputEvent.Resize(size.columns, size.rows))) }
            }
            TerminalSignal.Terminate -> shutdown(EXIT_TERMINATED, waitForCommands = true)
            TerminalSignal.Hangup -> shutdown(EXIT_HANGUP, waitForCommands = true)
            TerminalSignal.Continue -> scope.launch { onContinued() }
        }
    }

    /** Input can no longer come (reader failed, terminal gone): readers get end of input. */
    private fun endInput() {
        scope.launch { router.endInput() }
    }

    /**
     * Cancels everything, restores the terminal and exits the process with [status]. The exit
     * happens whatever fails on the way, and within a bounded time whatever the terminal does:
     *
     * 1. commands are cancelled; for SIGTERM and SIGHUP ([waitForCommands]) their `finally`
     *    blocks get up to [SHUTDOWN_WAIT_MILLIS];
     * 2. child processes ([runProcess]) still running get SIGTERM and, if not gone
     *    [PROCESS_GRACE_MILLIS] after the start of the shutdown (at once for a forced exit),
     *    SIGKILL: a child in the foreground is never left behind holding the terminal;
     * 3. lines still queued for the history file get up to [SHUTDOWN_HISTORY_MILLIS] (SIGTERM,
     *    SIGHUP; none for a forced exit);
     * 4. the last writes (`^C`, bracketed paste off, a message) get [FINAL_WRITE_MILLIS], on a
     *    thread of their own ([FinalWrite]): they may block in `write`, or on the writer's lock
     *    held by a command blocked in `write`. They go out while raw mode still holds, since the
     *    Windows console prints escape sequences as text once its output mode is restored;
     * 5. termios goes back to the state from before the start (done by step 4 unless its writes
     *    blocked): no write, so a terminal that takes no output (a stalled ssh session) cannot
     *    stop it;
     * 6. exit.
     */
    private fun shutdown(status: Int, waitForCommands: Boolean) {
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
                    if (waitForCommands) history?.close(SHUTDOWN_HISTORY_MILLIS)
                } catch (e: Exception) {
                    failure = failure ?: e
                }
                // The last writes go out before the modes are restored: the Windows console prints
                // escape sequences as text once its output mode is given back.
                FinalWrite.within(FINAL_WRITE_MILLIS) {
                    if (status == EXIT_INTERRUPTED) writer.writeLine("^C") else writer.abandonLine()
                    session.restore()
                    failure?.let { reportInternalError("shutting down", it) }
                }
                session.restoreModes()
            } finally {
                exit(status)
            }
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
    private fun readerDied(error: Error) {
        try {
            writer.abandonLine()
        } catch (_: Throwable) {
            // The terminal may be what failed; the message and the exit come all the same.
        }
        reportInternalError("the input reader failed", error)
        shutdown(EXIT_INTERNAL_ERROR, waitForCommands = true)
    }

    /** One line on standard error, never a stack trace; what it says of [error] is its class and message. */
    private fun reportInternalError(what: String, error: Throwable) {
        try {
            System.err.println("coterm: $what: $error")
        } catch (_: Throwable) {
            // Out of memory even for the message: nothing more can be said.
        }
    }

    /**
     * Cancels every command (waiting briefly for their `finally` blocks), stops the child
     * processes [runProcess] started that still run, stops the reader and restores the terminal
     * exactly as it was before the console started. Readers still waiting get end of input.
     * Idempotent; the terminal is also restored by a shutdown hook if the program exits without
     * calling it. Once closed, the process's terminal can be opened again ([open]).
     */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        val steps = listOf(
            { runBlocking { supervisor.cancelAll(CLOSE_WAIT_MILLIS) } },
            // What a cancelled runProcess has not stopped yet (its grace runs on): no child outlives us.
            { children.stopAll(System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000) },
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
            // Lines still queued for the history file are written (a lock held elsewhere: bounded).
            { history?.close(HISTORY_CLOSE_WAIT_MILLIS) },
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

    public companion object {
        /** Dots as wide as [prompt], then a space: `# ` gives `. `, `>>> ` gives `... `. */
        internal fun continuationFor(prompt: String): String {
            val width = coterm.editor.DisplayText.widthOfStyled(prompt)
            return if (width < 2) "" else ".".repeat(width - 1) + " "
        }

        private const val EXIT_INTERRUPTED = 130
        private const val EXIT_TERMINATED = 143
        private const val EXIT_HANGUP = 129

        /** The input reader died of an [Error]: 70, `EX_SOFTWARE` in BSD's sysexits.h, "internal software error". */
        internal const val EXIT_INTERNAL_ERROR = 70
        private const val SHUTDOWN_WAIT_MILLIS = 1_000L
        private const val CLOSE_WAIT_MILLIS = 500L
        private const val PROCESS_GRACE_MILLIS = 1_000L
        private val HISTORY_CLOSE_WAIT_MILLIS = coterm.history.HistoryFile.DEFAULT_LOCK_TIMEOUT_MILLIS
        private val HISTORY_COMMANDS = setOf(
            coterm.editor.EditCommand.PreviousLineOrHistory, coterm.editor.EditCommand.NextLineOrHistory,
            coterm.editor.EditCommand.FirstHistory, coterm.editor.EditCommand.LastHistory,
            coterm.editor.EditCommand.ReverseSearch, coterm.editor.EditCommand.ForwardSearch,
        )
        private const val FINAL_WRITE_MILLIS = 500L
        private const val SHUTDOWN_HISTORY_MILLIS = 1_000L
        private const val DEFAULT_ROWS = 24

        /**
         * Opens the console on the process's terminal (or plain standard input and output when
         * they are not terminals), entering raw mode when input and output are terminals.
         *
         * One console at a time owns the process's terminal and signals: close it before opening
         * another.
         *
         * @throws IllegalStateException when a console opened here is still open.
         */
        @JvmStatic
        @JvmOverloads
        public fun open(options: ConsoleOptions = ConsoleOptions()): Console =
            openOwning(options, TerminalProvider::discover) { status -> exitProcess(status) }

        /**
         * Opens a console that owns the process's terminal: takes the [ProcessTerminalClaim]
         * before [terminal] is even opened, so a refused second console changes nothing.
         */
        internal fun openOwning(options: ConsoleOptions, terminal: () -> Terminal, exit: (Int) -> Unit): Console {
            val claim = ProcessTerminalClaim.take()
            try {
                return Console(terminal(), options, exit, processClaim = claim)
            } catch (e: Throwable) {
                claim.close()
                throw e
            }
        }
    }
}
