// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.currentCoroutineContext
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
 * command that burns every CPU cannot delay a Ctrl+C. Every method may be called from any thread
 * or coroutine; [readLine] and [readEvent] serve one caller at a time.
 *
 * **Compared with JLine**: Ctrl+C is read as a byte in raw mode and only as a byte (JLine also
 * raises a software SIGINT), and the default never kills the program during a command.
 */
// Inside: the parts are wired and started by ConsoleParts; the work is theirs, one job per file
// (README, "How it fits together"). This class is the public face: each method hands over.
public class Console private constructor(private val parts: ConsoleParts) : AutoCloseable {
    /** True when input is a terminal in raw mode and the line editor draws on it. */
    public val isInteractive: Boolean get() = parts.isInteractive

    init {
        try {
            parts.start()
        } catch (e: Throwable) {
            // Half-opened: give the terminal back before reporting the failure.
            close()
            throw e
        }
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
    public suspend fun readLineResult(prompt: String, options: LineOptions = LineOptions.Default): LineResult =
        confined { parts.linePrompt.read(prompt, options) }

    /**
     * Makes the line editor keep [history] instead of [ConsoleOptions.history], for a REPL built
     * over an open console (`BlockingRepl.Builder.history`). The history is opened by the first
     * line read (or [history] call), so it can be chosen until then.
     *
     * @throws IllegalStateException when the history is in use already with other options.
     */
    @JvmSynthetic
    internal fun useHistory(history: coterm.history.HistoryOptions) {
        parts.useHistory(history)
    }

    /**
     * The lines in the history, oldest first: this session's and, with a history file, earlier
     * sessions'. Empty when history is disabled. Safe from any thread.
     */
    public fun history(): List<String> = parts.linePrompt.history()

    /**
     * Takes the next input event: for programs that read keys themselves. Inside a command,
     * Ctrl+C cancels the command instead of arriving here; outside one it arrives as a key.
     * Returns [InputEvent.EndOfInput] (again and again) once input has ended.
     */
    public suspend fun readEvent(): InputEvent = confined {
        parts.typeAhead.awaitEvents()
        parts.typeAhead.poll() ?: InputEvent.EndOfInput
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
     *
     * **Context**: [block] runs with the caller's context elements (its [CoroutineName], a
     * `ThreadContextElement` such as a logging MDC), named [name] when the caller has no name, but
     * on a command thread (never the console's) and as a child of the console's supervisor, not of
     * the caller's job: a Ctrl+C that cancels it never cancels the caller.
     */
    public suspend fun <T> runCommand(name: String, block: suspend CoroutineScope.() -> T): CommandOutcome<T> =
        parts.supervisor.run(name, currentCoroutineContext(), { confined(it) }, parts.dispatcher, block)

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
    public suspend fun <T> handOff(block: suspend () -> T): T = parts.handOff(block)

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
        return parts.runProcess(command)
    }

    /**
     * Shows [text] as a one-row status line (a progress bar, a spinner) below the output and
     * above the prompt, or removes it when [text] is null. Output printed meanwhile goes above
     * it; it is cut to the terminal's width. It belongs to the foreground command: it is removed
     * when that command ends, whether it completed or was cancelled by Ctrl+C, so the line is
     * left clean. Not shown when output is not a terminal. Any thread.
     */
    public fun setStatus(text: String?) {
        parts.writer.setStatus(text)
    }

    /**
     * Routes `System.out` and `System.err` through this console until the returned handle is
     * closed: each line printed appears above the prompt (a partial line waits for its newline),
     * so libraries that print cannot tear the line being typed. Closing restores the previous
     * streams and prints what is left of a partial line.
     */
    public fun captureSystemStreams(): AutoCloseable = ConsoleOutputStream.captureSystemStreams(parts.writer)

    /**
     * Prints [text] as whole lines; while a line is being edited it appears above the prompt,
     * which is redrawn with the half-typed line intact. Safe from any thread.
     */
    public fun printAbove(text: String) {
        parts.writer.printAbove(text)
    }

    /** Prints [text] and a newline; the same as [printAbove]. */
    public fun println(text: String = "") {
        parts.writer.printAbove(text)
    }

    /**
     * A Mordant terminal whose output goes through this console: styled text, tables and
     * widgets print above the prompt, with colour only where the output is a terminal and
     * `NO_COLOR` is not set, unless [ConsoleOptions.color] says otherwise. Output only: read
     * input through this console.
     */
    public val mordant: com.github.ajalt.mordant.terminal.Terminal by lazy { parts.mordant() }

    /**
     * Runs [block] confined to the console, as its own coroutines run: a loop that reads lines
     * and starts commands (the [coterm.repl.Repl]) then reaches the next prompt after a Ctrl+C
     * without a thread hand-off. [block] must not block: it would hold up every key.
     *
     * @throws IllegalStateException when the console is closed.
     */
    @JvmSynthetic
    internal suspend fun <T> confined(block: suspend CoroutineScope.() -> T): T = parts.confined(block)

    /**
     * Cancels every command (waiting briefly for their `finally` blocks), stops the child
     * processes [runProcess] started that still run, stops the reader, writes the lines still
     * queued for the history file and restores the terminal exactly as it was before the console
     * started. Readers still waiting get end of input. Idempotent. Once closed, the process's
     * terminal can be opened again ([open]).
     *
     * A program that exits without calling it gets only the terminal's modes back (termios and
     * bracketed paste, from a JVM shutdown hook): its commands are not cancelled and their
     * `finally` blocks do not run, child processes are not stopped, and history lines still
     * queued may be lost (their thread is a daemon).
     */
    override fun close() {
        parts.close()
    }

    /**
     * The input events, as a hot [kotlinx.coroutines.flow.Flow] owned by this console: for
     * programs that react to keys (`console.events().collect { ... }`), where [readEvent] takes
     * one at a time. Collecting takes events exactly as [readEvent] does: inside a command,
     * Ctrl+C cancels the command (and so the collection) instead of arriving here; keys not
     * collected stay for the next prompt. The flow completes after emitting
     * [InputEvent.EndOfInput] once input has ended.
     *
     * - **Hot**: the events exist whether collected or not, and a collection starts with the
     *   next event waiting (type-ahead included), not from the beginning: nothing is replayed.
     * - **Two collectors** share the events, like two receivers of one channel: each event goes
     *   to exactly one of them (they take turns, first come first served), never to both. To
     *   give every event to several consumers, collect once and broadcast (`shareIn`).
     * - **Cancellation**: a collection cancelled while it waits takes nothing; the event it
     *   would have got is there for the next reader. An event is taken once the collector has
     *   received it, even if the collector is then cancelled.
     * - **Back-pressure**: an event is taken only when the collector asks for the next one, so a
     *   slow collector leaves the rest in the type-ahead, which is bounded
     *   ([ConsoleOptions.typeAheadBytes]): then the reader stops reading and the input waits in
     *   the kernel. Nothing is dropped; a `buffer()` or `conflate()` downstream takes events
     *   ahead at its own risk.
     *
     * Do not collect while [readLine] or [readEvent] waits on this console: like them, a
     * collection serves one kind of reader at a time. Collecting a closed console throws
     * [IllegalStateException].
     */
    public fun events(): kotlinx.coroutines.flow.Flow<InputEvent> = parts.inputEvents.flow

    public companion object {
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
            ProcessTerminalClaim.open(options, TerminalProvider::discover) { status -> exitProcess(status) }

        /** A console on [terminal]; see [Console] (the top-level function) for the parameters. */
        @JvmSynthetic
        internal fun create(
            terminal: Terminal,
            options: ConsoleOptions,
            exit: (Int) -> Unit,
            seams: ConsoleSeams,
            processClaim: AutoCloseable?,
        ): Console = Console(
            ConsoleParts(terminal, options, exit, seams, processClaim, isInteractive = terminal.isInteractive && terminal.isOutputTerminal),
        )
    }
}

