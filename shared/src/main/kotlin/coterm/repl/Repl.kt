// SPDX-License-Identifier: Apache-2.0
package coterm.repl

import coterm.console.CommandOutcome
import coterm.console.Console
import coterm.console.Highlighter
import coterm.console.LineOptions
import coterm.editor.SuggestionSource
import coterm.console.LineResult
import coterm.editor.Candidate
import coterm.editor.Completer
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import coterm.console.VisibleText

/**
 * A read-run loop over a [Console]: shows [prompt], reads input, runs the commands it names as
 * the foreground command, and repeats until `quit` or end of input.
 *
 * Input is read like a shell's ([ShellWords]): quotes group words, a backslash escapes, and an
 * unclosed quote or a trailing backslash makes Enter continue on the next line. Input of several
 * lines (pasted, or continued) runs as one command per line, in order; a Ctrl+C that cancels
 * one skips the rest. Tab completes command names, and a command's arguments through its
 * [ReplCommand.completer].
 *
 * Ctrl+C at the prompt discards the line; Ctrl+C during a command cancels only that command
 * (see [Console]). A command that throws is reported as `error: NAME: ...` and the loop goes
 * on. `help` and `quit` are built in unless registered otherwise; an unknown word prints
 * `unknown command: WORD`. Both messages show control characters from the line or the error
 * visibly ([VisibleText]), so a pasted escape sequence is never written raw.
 *
 * Background jobs ([CommandContext.launchBackground]) run beside the loop and print above the
 * prompt; they end with the loop, or when [onEmptyInterrupt] says so.
 */
public class Repl(
    private val console: Console,
    private val prompt: String = "# ",
    public val commands: CommandRegistry = CommandRegistry(),
) {
    @Volatile
    private var stopStatus: Int? = null

    @Volatile
    private var background: CoroutineScope? = null

    private var emptyInterrupt: (suspend () -> Unit)? = null

    init {
        if (commands["help"] == null) {
            commands.register(ReplCommand("help", "list the commands") { println(commands.helpText()) })
        }
        if (commands["quit"] == null) {
            commands.register(ReplCommand("quit", "leave") { stop(0) })
        }
    }

    /** Completes command names as the first word, and arguments through each command's completer. */
    public val completer: Completer = Completer { request ->
        if (request.wordIndex == 0) {
            commands.all.map { Candidate(it.name, it.description) }.sortedBy { it.value }
        } else {
            val name = request.previousWords.first()
            commands[name]?.completer?.complete(request) ?: emptyList()
        }
    }

    /**
     * Colours the input as it is typed (see [LineOptions.highlighter]); null (the default): plain.
     * Set it before [run]; it takes effect at the next prompt.
     */
    @Volatile
    public var highlighter: Highlighter? = null

    /**
     * Where fish-style suggestions come from (see [LineOptions.suggestions]), for example
     * [SuggestionSource.History]; null (the default): none. Takes effect at the next prompt.
     */
    @Volatile
    public var suggestions: SuggestionSource? = null

    /** How the loop reads its input: completion, continuation for open quotes, [highlighter] and [suggestions]. */
    public val lineOptions: LineOptions
        get() = LineOptions(
            completer = completer,
            isInputComplete = ShellWords::isComplete,
            highlighter = highlighter,
            suggestions = suggestions,
        )

    /** Registers a command; see [ReplCommand]. */
    public fun command(name: String, description: String, run: suspend CommandContext.() -> Unit) {
        commands.register(ReplCommand(name, description, run))
    }

    /** Registers a command whose arguments [completer] completes on Tab; see [ReplCommand]. */
    public fun command(name: String, description: String, completer: Completer, run: suspend CommandContext.() -> Unit) {
        commands.register(ReplCommand(name, description, completer, run))
    }

    /**
     * Runs [action] when Ctrl+C is pressed at an empty prompt (the prompt itself behaves as
     * always: `^C` and a fresh prompt). The demo shell stops its background ticker this way.
     */
    public fun onEmptyInterrupt(action: suspend () -> Unit) {
        emptyInterrupt = action
    }

    /**
     * Runs the loop; returns the exit status: 0 at end of input, or what `stop` asked for.
     *
     * Returns only once everything it started has ended: the command running when the loop
     * stops (see [Console.runCommand]) and the background jobs, which are cancelled and waited
     * for, `finally` blocks included. The same when the caller is cancelled (a timeout around
     * [run]): the cancellation is rethrown after they have ended, and a Ctrl+C still reaches the
     * running command meanwhile.
     */
    public suspend fun run(): Int = coroutineScope {
        val jobs = SupervisorJob(coroutineContext.job)
        val failures = CoroutineExceptionHandler { context, error ->
            console.println("error: ${context[CoroutineName]?.name ?: "background job"}: ${VisibleText.of(error.message ?: error.toString())}")
        }
        background = CoroutineScope(coroutineContext + jobs + Dispatchers.Default + failures)
        try {
            // Confined to the console: after a Ctrl+C the next prompt is drawn where the key was
            // read, with no thread hand-off. Commands still run on their own threads.
            console.confined { readAndRun() }
        } finally {
            background = null
            // Not cancellable: cancelled, join() would return at once, and the background jobs'
            // finally blocks would outlive run() (coroutineScope would wait for them anyway, but
            // this says so where it happens).
            withContext(NonCancellable) { jobs.cancelAndJoin() }
        }
    }

    private suspend fun readAndRun(): Int {
        while (true) {
            stopStatus?.let { return it }
            when (val result = console.readLineResult(prompt, lineOptions)) {
                is LineResult.Line -> runLine(result.text)
                // The action is the user's code: off the console, which must never block.
                is LineResult.Interrupted -> if (result.discarded.isEmpty()) emptyInterrupt?.let { withContext(Dispatchers.Default) { it() } }
                LineResult.EndOfInput -> return 0
            }
        }
    }

    /**
     * Runs [input] (one or more lines) as commands, one per line; does nothing for blank input.
     * Returns false if a command was cancelled by Ctrl+C, which skips the lines after it.
     */
    public suspend fun runLine(input: String): Boolean {
        for (parsed in ShellWords.parse(input)) {
            if (!runCommand(parsed)) return false
            if (stopStatus != null) break
        }
        return true
    }

    private suspend fun runCommand(parsed: ShellWords.Command): Boolean {
        val name = parsed.words.first()
        val command = commands[name]
        if (command == null) {
            console.println("unknown command: ${VisibleText.of(name)}")
            return true
        }
        val arguments = parsed.words.drop(1)
        val outcome = console.runCommand(name) {
            command.run(CommandContext(console, arguments, parsed.argumentText, this@Repl))
        }
        if (outcome is CommandOutcome.Failed) {
            console.println("error: $name: ${VisibleText.of(outcome.error.message ?: outcome.error.toString())}")
        }
        return outcome !is CommandOutcome.Interrupted
    }

    @JvmSynthetic
    internal fun requestStop(status: Int) {
        stopStatus = status
    }

    @JvmSynthetic
    internal fun launchBackground(name: String, block: suspend CoroutineScope.() -> Unit): Job {
        val scope = checkNotNull(background) { "background jobs run only while the REPL runs" }
        return scope.launch(CoroutineName(name), block = block)
    }
}
