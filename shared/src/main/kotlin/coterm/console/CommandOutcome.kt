// SPDX-License-Identifier: Apache-2.0
package coterm.console

/**
 * How a command run by [Console.runCommand] ended.
 *
 * | outcome       | when                                                            |
 * |---------------|-----------------------------------------------------------------|
 * | [Completed]   | it returned a value                                             |
 * | [Interrupted] | Ctrl+C (or SIGINT) cancelled it; its `finally` blocks have run  |
 * | [Failed]      | it threw an exception other than cancellation                   |
 */
public sealed interface CommandOutcome<out T> {
    /** The command returned [value]. */
    public data class Completed<out T>(public val value: T) : CommandOutcome<T>

    /** The command was cancelled by an interrupt and has finished. */
    public data object Interrupted : CommandOutcome<Nothing>

    /** The command threw [error]. */
    public data class Failed(public val error: Throwable) : CommandOutcome<Nothing>
}
