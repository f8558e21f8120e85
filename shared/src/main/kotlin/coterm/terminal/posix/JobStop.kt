// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import sun.misc.Signal
import sun.misc.SignalHandler

/** Ctrl+Z for [PosixTerminal]: whether the job can be stopped, and stopping it. */
internal object JobStop {
    /**
     * True when a job-control shell can continue us: our process group (the job) is not the
     * session leader's. A job-control shell gives every job a group of its own, so this holds
     * under bash or zsh also when a wrapper that does not `exec` (a start script, `time`) is our
     * parent in the same group. Otherwise (`setsid`, a terminal emulator running us directly, a
     * script run by a shell without job control, a test harness) the group is orphaned and the
     * kernel discards SIGTSTP, so Ctrl+Z is better left alone.
     */
    fun canBeContinued(): Boolean = runCatching { LibC.getpgrp() != LibC.getsid(0) }.getOrDefault(false)

    /**
     * Stops the whole job, as the terminal itself would on Ctrl+Z in cooked mode and as vim and
     * prompt_toolkit do with `kill(0, SIGTSTP)`: a wrapper that does not `exec` (a start script,
     * `time`) is in our process group, and its stop is what the shell waits for. Stopping the JVM
     * alone would leave the shell waiting on a wrapper that still runs, with the terminal frozen.
     *
     * In two steps, so that this thread is the one that stops and stops exactly once:
     * `kill(0, SIGTSTP)` while this process ignores SIGTSTP (the rest of the group stops), then
     * `raise(SIGTSTP)` (this process stops on its way out of `raise`). A plain `kill(0)` is
     * taken by any of the JVM's threads, and this one ran on meanwhile and took the terminal
     * back (raw mode while the job was reported stopped, seen in `TerminalOwnerPtyTest`); a
     * `raise` after it could come after the `fg` and stop the JVM a second time, alone. What is
     * left: a job continued in the instant between the two steps (no person types `fg` that
     * fast) would see the JVM stop alone after it. If the JVM refuses to let SIGTSTP be ignored,
     * only this process stops, as before.
     *
     * @param sigtstp SIGTSTP's number on this platform ([TermiosLayout.sigtstp]).
     * @return whether this process was stopped (and has now been continued).
     */
    fun stopJob(sigtstp: Int): Boolean {
        val tstp = Signal("TSTP")
        val previous = try {
            Signal.handle(tstp, SignalHandler.SIG_IGN)
        } catch (_: IllegalArgumentException) {
            null
        }
        if (previous != null) {
            try {
                LibC.kill(0, sigtstp)
            } finally {
                Signal.handle(tstp, previous)
            }
        }
        return LibC.raise(sigtstp) == 0
    }
}
