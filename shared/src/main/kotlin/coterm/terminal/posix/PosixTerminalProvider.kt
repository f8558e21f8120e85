package coterm.terminal.posix

import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider

/** Opens the POSIX terminal on Linux and macOS. Placeholder until the POSIX terminal lands. */
internal class PosixTerminalProvider : TerminalProvider {
    override val priority: Int get() = 0

    override fun load(): Terminal? = null
}
