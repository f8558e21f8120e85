// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.history.HistoryOptions
import coterm.repl.CommandRegistry
import coterm.repl.Repl
import coterm.repl.ReplCommand

/**
 * A read-run loop for Java, built on [Repl]: shows the prompt, reads a line, runs the command it
 * names on a worker thread as the foreground command, and repeats until `quit` or end of input.
 *
 * ```java
 * int status = BlockingRepl.builder(console)
 *     .prompt("> ")
 *     .history(HistoryOptions.forApp("myapp"))          // kept across runs
 *     .command("echo", "echo TEXT: print TEXT", inv -> inv.println(inv.getArgumentText()))
 *     .build()
 *     .run();
 * ```
 *
 * Behaves as [Repl] does: Ctrl+C at the prompt discards the line (and runs
 * [Builder.onEmptyInterrupt]'s action when the line was empty); Ctrl+C during a command
 * interrupts only that command's thread (see [ReplAction]); `help` (a line
 * `Supported commands:`, then each command with its description) and `quit` are built in
 * unless registered; an unknown word prints `unknown command: WORD`; a command that throws is
 * reported as `error: NAME: message`.
 */
public class BlockingRepl private constructor(private val repl: Repl) {
    /**
     * Runs the loop on the calling thread until it ends, and returns only once everything it
     * started has ended: the running command and the background jobs (see [Repl.run]).
     *
     * @return the exit status: 0 at end of input, or what [ReplInvocation.stop] asked for.
     * @throws InterruptedException when the calling thread is interrupted: the loop has been
     *   cancelled with the command it was running (its worker thread interrupted), and that
     *   command has ended; a Ctrl+C still reached it until then. See [BlockingConsole] for how
     *   interrupts and Ctrl+C show in the blocking API.
     */
    @Throws(InterruptedException::class)
    public fun run(): Int = runToEnd { repl.run() }

    /**
     * Collects the prompt and the commands of a [BlockingRepl]; from [BlockingRepl.builder] or
     * `new BlockingRepl.Builder(console)`.
     */
    public class Builder(private val console: BlockingConsole) {
        private var prompt = "# "
        private val commands = CommandRegistry()
        private var emptyInterrupt: Runnable? = null
        private var history: HistoryOptions? = null

        /** The prompt shown before each line; `"# "` unless set. */
        public fun prompt(prompt: String): Builder = apply { this.prompt = prompt }

        /**
         * What the REPL's prompt remembers (Up, Ctrl+R) and where, as [HistoryOptions] say:
         * `HistoryOptions.forApp("myapp")` keeps it in a file across runs, `disabled()` keeps
         * none. Unless set, the console's ([coterm.console.ConsoleOptions.history]: in memory by
         * default). It is the console's history that changes: its other readers see it too.
         *
         * The console opens its history at the first line it reads, so [build] throws
         * [IllegalStateException] when the console has read a line (or listed its history) with
         * other history options already: set it on a console that has not prompted yet.
         */
        public fun history(history: HistoryOptions): Builder = apply { this.history = history }

        /**
         * Adds the command [name] (one word), described by [description] in `help`; a name
         * added again replaces the earlier command, as `help` or `quit` replace the built-in ones.
         */
        public fun command(name: String, description: String, action: ReplAction): Builder =
            add(name, description, null, action)

        /**
         * Adds the command [name] like [command], whose arguments Tab completes with [completer]
         * (its request's `getPreviousWords()` start with [name]). The completer runs on a worker
         * thread; Ctrl+C while it runs interrupts it and leaves the line as it was.
         */
        public fun command(name: String, description: String, completer: BlockingCompleter, action: ReplAction): Builder =
            add(name, description, completer, action)

        private fun add(name: String, description: String, completer: BlockingCompleter?, action: ReplAction): Builder = apply {
            commands.register(
                ReplCommand(name, description, completer?.asCompleter()) {
                    val invocation = ContextInvocation(this, this@Builder.console)
                    runTask { action.run(invocation) }
                },
            )
        }

        /**
         * Runs [action] on a worker thread when Ctrl+C is pressed at an empty prompt (the prompt
         * itself behaves as always: `^C` and a fresh prompt), as the demo shell stops its ticker.
         * Replaces an earlier action; none unless set.
         */
        public fun onEmptyInterrupt(action: Runnable): Builder = apply { emptyInterrupt = action }

        /**
         * The REPL, ready to [run].
         *
         * @throws IllegalStateException when [history] was set and the console's history is in
         *   use already with other options.
         */
        public fun build(): BlockingRepl {
            history?.let { console.console.useHistory(it) }
            val repl = Repl(console.console, prompt, commands)
            emptyInterrupt?.let { action -> repl.onEmptyInterrupt { runTask { action.run() } } }
            return BlockingRepl(repl)
        }
    }

    /** The way in. */
    public companion object {
        /** Starts building a REPL over [console]. */
        @JvmStatic
        public fun builder(console: BlockingConsole): Builder = Builder(console)
    }
}
