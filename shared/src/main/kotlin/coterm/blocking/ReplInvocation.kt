// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.repl.CommandContext

/**
 * What a running [ReplAction] sees: the arguments of its line, a way to print, and [stop].
 *
 * An interface so that a Java test can hand an action a fake one; the REPL makes the real ones.
 */
public interface ReplInvocation {
    /** The words after the command name. */
    public val arguments: List<String>

    /** The line after the command name and the spaces that follow it, as typed. */
    public val argumentText: String

    /** The console the REPL runs on. */
    public val console: BlockingConsole

    /** Prints [text] as a line (above the prompt, if one is showing). Safe from any thread. */
    public fun println(text: String)

    /** Ends the REPL after this command: [BlockingRepl.run] returns [status]. */
    public fun stop(status: Int)

    /** Ends the REPL after this command with status 0. */
    public fun stop()
}

/** The invocation of a command run by a [BlockingRepl]: its [CommandContext] seen from Java. */
internal class ContextInvocation(
    private val context: CommandContext,
    override val console: BlockingConsole,
) : ReplInvocation {
    override val arguments: List<String> get() = context.arguments
    override val argumentText: String get() = context.argumentText

    override fun println(text: String) {
        context.println(text)
    }

    override fun stop(status: Int) {
        context.stop(status)
    }

    override fun stop() {
        context.stop(0)
    }
}
