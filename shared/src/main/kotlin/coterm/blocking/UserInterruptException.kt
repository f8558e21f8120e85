// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

/**
 * Thrown by [BlockingConsole.readLine] when Ctrl+C (or `kill -INT`) discards the line being
 * typed; [partialLine] is the text that was discarded.
 *
 * Unchecked, like JLine's `UserInterruptException` of the same name and meaning, so a read loop
 * that does not care (most of them: Ctrl+C at a prompt usually just means "prompt again") need
 * not mention it. The `^C` and the end of the old line are already on the screen when it is
 * thrown.
 *
 * Only Ctrl+C: an interrupted thread gets [InterruptedException] instead (where JLine throws this
 * with an empty line). [BlockingConsole] has the whole convention in one table.
 */
public class UserInterruptException(
    /** What had been typed when the line was discarded. */
    public val partialLine: String,
) : RuntimeException("line discarded by an interrupt")
