// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.repl.CommandContext

/**
 * What a running [ReplAction] sees: the arguments of its line, a way to print, and [stop].
 *
 * @property arguments the words after the command name.
 * @property argumentText the line after the command name and the spaces that follow it, as typed.
 * @property console the console the REPL runs on.
 */
public class ReplInvocation internal constructor(
    private val context: CommandContext,
    public val console: BlockingConsole,
) {
    public val arguments: List<String> get() = context.arguments
    public val argumentText: String get() = context.argumentText

    /** Prints [text] as a line (above the prompt, if one is showing). Safe from any thread. */
    public fun println(text: String) {
        context.println(text)
    }

    /** Ends the REPL after this command: [BlockingRepl.run] returns [status]. */
    public fun stop(status: Int) {
        context.stop(status)
    }

    /** Ends the REPL after this command with status 0. */
    public fun stop() {
        context.stop(0)
    }
}
