// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.console.CommandOutcome

/**
 * How a command run by [BlockingConsole.run] or [BlockingConsole.call] ended: the Java face of
 * [CommandOutcome].
 *
 * | [status]               | when                                                  | [value]   | [error]   |
 * |------------------------|-------------------------------------------------------|-----------|-----------|
 * | [Status.COMPLETED]     | the task returned                                     | its value | null      |
 * | [Status.INTERRUPTED]   | Ctrl+C (or SIGINT) stopped it; it has finished        | null      | null      |
 * | [Status.FAILED]        | it threw something other than the interrupt           | null      | the error |
 *
 * A task that catches the `InterruptedException` a Ctrl+C causes and returns normally still
 * counts as [Status.INTERRUPTED]: the user asked it to stop.
 */
public class CommandResult<T> private constructor(
    /** How the command ended. */
    public val status: Status,
    private val completedValue: T?,
    /** What the command threw, when [status] is [Status.FAILED]; otherwise null. */
    public val error: Throwable?,
) {
    /** The three ways a command ends. */
    public enum class Status {
        /** The task returned (a `Runnable` ran to its end, a `Callable` returned a value). */
        COMPLETED,

        /** Ctrl+C or SIGINT cancelled the task and interrupted its thread; it has finished. */
        INTERRUPTED,

        /** The task threw an exception; see [error]. */
        FAILED,
    }

    /** The task's value when [status] is [Status.COMPLETED] (null for a `Runnable`); otherwise null. */
    public val value: T? get() = completedValue

    /** True when the task returned. */
    public val isCompleted: Boolean get() = status == Status.COMPLETED

    /** True when Ctrl+C or SIGINT stopped the task. */
    public val isInterrupted: Boolean get() = status == Status.INTERRUPTED

    /** True when the task threw. */
    public val isFailed: Boolean get() = status == Status.FAILED

    /**
     * Makes results (the constructor is private). A nested object, not a companion: a companion
     * would put a public static `Companion` field on this class, visible to Java.
     */
    internal object Results {
        /** The Java result for a Kotlin outcome. */
        @JvmSynthetic
        fun <T> of(outcome: CommandOutcome<T>): CommandResult<T> = when (outcome) {
            is CommandOutcome.Completed -> CommandResult(Status.COMPLETED, outcome.value, null)
            CommandOutcome.Interrupted -> CommandResult(Status.INTERRUPTED, null, null)
            is CommandOutcome.Failed -> CommandResult(Status.FAILED, null, outcome.error)
        }
    }

    override fun toString(): String = when (status) {
        Status.COMPLETED -> "CommandResult(COMPLETED, $completedValue)"
        Status.INTERRUPTED -> "CommandResult(INTERRUPTED)"
        Status.FAILED -> "CommandResult(FAILED, $error)"
    }
}

/** The Java result for a Kotlin outcome. */
@JvmSynthetic
internal fun <T> CommandOutcome<T>.toCommandResult(): CommandResult<T> = CommandResult.Results.of(this)
