// SPDX-License-Identifier: Apache-2.0
package coterm.repl

import coterm.console.Console
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job

/**
 * What a running [ReplCommand] sees: its arguments and the console.
 *
 * It is not a [CoroutineScope]. A command that starts coroutines of its own starts them in
 * `coroutineScope { launch { ... } }`: they are then children of the command, cancelled with it
 * (Ctrl+C cancels them all) and waited for before the command ends, so none outlives it. Work
 * meant to outlive the command is a background job ([launchBackground]). The command itself
 * runs with the context of the code that called [Repl.run] (its `CoroutineName`, a logging MDC;
 * see [Console.runCommand]).
 *
 * ```kotlin
 * repl.command("fetch", "fetch URL...: fetch them all at once") {
 *     coroutineScope {
 *         for (url in arguments) launch { println(download(url)) }
 *     }
 * }
 * ```
 *
 * The constructor is public so that a test can run a command's block directly, with a [Repl]
 * of its own; a running REPL makes one for each command it runs.
 *
 * @property arguments the words after the command name.
 * @property argumentText the line after the command name and the spaces that follow it, as typed.
 * @param repl the REPL the command runs in: [launchBackground] and [stop] act on it.
 */
public class CommandContext(
    public val console: Console,
    public val arguments: List<String>,
    public val argumentText: String,
    private val repl: Repl,
) {
    /** Prints [text] as a line (above the prompt, if one is showing). */
    public fun println(text: String = "") {
        console.println(text)
    }

    /**
     * Starts [block] as a background job of the REPL: it runs beside the prompt (what it prints
     * goes above the line being typed), is not cancelled by Ctrl+C during other commands, and
     * is cancelled when the REPL ends. Cancel the returned job to stop it earlier. An exception
     * it throws is reported as `error: NAME: ...`.
     */
    public fun launchBackground(name: String, block: suspend CoroutineScope.() -> Unit): Job =
        repl.launchBackground(name, block)

    /** Ends the REPL after this command: [Repl.run] returns [status]. */
    public fun stop(status: Int = 0) {
        repl.requestStop(status)
    }
}
