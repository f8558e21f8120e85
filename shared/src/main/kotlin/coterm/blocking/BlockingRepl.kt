// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

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
 *     .command("echo", "echo TEXT: print TEXT", inv -> inv.println(inv.getArgumentText()))
 *     .build()
 *     .run();
 * ```
 *
 * Behaves as [Repl] does: Ctrl+C at the prompt discards the line; Ctrl+C during a command
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
     * If the calling thread is interrupted, the loop is cancelled with the command it is running
     * (its worker thread interrupted); Ctrl+C still reaches that command until it has ended.
     * Then this returns [INTERRUPTED_STATUS] with the thread's interrupt status set again.
     *
     * @return the exit status: 0 at end of input, what [ReplInvocation.stop] asked for, or
     *   [INTERRUPTED_STATUS].
     */
    public fun run(): Int = try {
        runToEnd { repl.run() }
    } catch (e: InterruptedException) {
        Thread.currentThread().interrupt()
        INTERRUPTED_STATUS
    }

    /** Collects the prompt and the commands of a [BlockingRepl]; from [BlockingRepl.builder]. */
    public class Builder internal constructor(private val console: BlockingConsole) {
        private var prompt = "# "
        private val commands = CommandRegistry()

        /** The prompt shown before each line; `"# "` unless set. */
        public fun prompt(prompt: String): Builder = apply { this.prompt = prompt }

        /**
         * Adds the command [name] (one word), described by [description] in `help`; a name
         * added again replaces the earlier command, as `help` or `quit` replace the built-in ones.
         */
        public fun command(name: String, description: String, action: ReplAction): Builder = apply {
            commands.register(
                ReplCommand(name, description) {
                    val invocation = ReplInvocation(this, this@Builder.console)
                    runTask { action.run(invocation) }
                },
            )
        }

        /** The REPL, ready to [run]. */
        public fun build(): BlockingRepl = BlockingRepl(Repl(console.console, prompt, commands))
    }

    public companion object {
        /** What [run] returns when the calling thread was interrupted: 128 + SIGINT, as a shell reports it. */
        public const val INTERRUPTED_STATUS: Int = 130

        /** Starts building a REPL over [console]. */
        @JvmStatic
        public fun builder(console: BlockingConsole): Builder = Builder(console)
    }
}
