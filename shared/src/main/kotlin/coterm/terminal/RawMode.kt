// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

/**
 * A terminal in raw mode, holding the state saved when raw mode was entered: the state from
 * before the program changed the terminal, which every hand-back returns to.
 *
 * [pause] gives the terminal back for a while (a child process, Ctrl+Z) and [resume] takes it
 * again by computing raw mode from the saved state once more, never from the state the terminal
 * is in at that moment: what a child left behind (raw mode and no echo after a crash, `stty`
 * settings) is neither inherited nor restored at exit. [close] writes the saved state back for
 * good, also when paused.
 *
 * | state | [pause] | [resume] | [close] |
 * |---|---|---|---|
 * | raw | saved state written: paused | — | saved state written: closed |
 * | paused | — | raw mode from the saved state: raw | saved state written again: closed |
 * | closed | — | — | — |
 *
 * Threading: any thread; the transitions are serialised. [close] is idempotent and safe to call
 * from a shutdown hook.
 */
public interface RawMode : AutoCloseable {
    /** Writes the saved state back and keeps it for [resume]. Nothing when paused or closed. */
    public fun pause()

    /**
     * Enters raw mode again, computed from the saved state (not from the terminal's current
     * state). Nothing unless paused.
     *
     * @throws TerminalException when the platform refuses the change; the mode stays paused.
     */
    public fun resume()

    /** Restores the saved terminal state. Idempotent. */
    override fun close()
}
