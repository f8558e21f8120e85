// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider

/**
 * Opens the POSIX terminal on Linux and macOS (64-bit x86 and ARM), over fd 0 and fd 1.
 *
 * Returns null on any other system or architecture, and when JNA cannot be loaded
 * ([LinkageError], e.g. `UnsatisfiedLinkError` for a missing `libjnidispatch`). It returns the
 * terminal also when standard input is not a tty (a pipe, a file, `/dev/null`): the console then
 * takes the plain-line path (not interactive, no raw mode), and [PosixTerminal] reads plain bytes
 * and, unlike [coterm.terminal.LineTerminal], can still be woken, so closing the console never
 * leaves a reader blocked. An input `poll` refuses (macOS: `/dev/null` and every other device
 * but ptys) is waited on in `select`; `/dev/null` is end of input on every OS.
 *
 * Start-up: this spawns no process itself. JNA's `NativeLibrary` runs `ldconfig -p` once unless
 * the system property `jna.platform.library.path` is set (empty is fine); that is the launcher's
 * choice to make, not a library's, so it is left alone here (BUILD-NOTES).
 */
internal class PosixTerminalProvider : TerminalProvider {
    override val priority: Int get() = 0

    override fun load(): Terminal? {
        val layout = TermiosLayout.current() ?: return null
        return try {
            PosixTerminal(layout = layout).also {
                // Resolves JNA and libc now, so a missing native library means "not here".
                it.isInteractive
            }
        } catch (_: LinkageError) {
            null
        }
    }
}
