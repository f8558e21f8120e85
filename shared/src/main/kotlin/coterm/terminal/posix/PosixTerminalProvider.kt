package coterm.terminal.posix

import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider

/**
 * Opens the POSIX terminal on Linux and macOS (64-bit x86 and ARM), over fd 0 and fd 1.
 *
 * Returns null on any other system or architecture, and when JNA cannot be loaded
 * ([LinkageError], e.g. `UnsatisfiedLinkError` for a missing `libjnidispatch`). It returns the
 * terminal also when standard input is not a tty: [PosixTerminal] then reads plain bytes, and
 * unlike [coterm.terminal.LineTerminal] it can still be woken.
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
