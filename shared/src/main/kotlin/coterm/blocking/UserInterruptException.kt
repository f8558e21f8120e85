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
 * Also thrown, with an empty [partialLine], when the thread waiting in `readLine` is interrupted
 * ([Thread.interrupt]); the thread's interrupt status is set again before, as JLine does.
 */
public class UserInterruptException(
    /** What had been typed when the line was discarded. */
    public val partialLine: String,
) : RuntimeException("line discarded by an interrupt")
