package coterm.windows

import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider

/**
 * The Windows console provider, found through `ServiceLoader` when this module is on the class
 * path.
 *
 * Not yet implemented: until the `ReadConsoleInputW` source lands, [load] returns null on every
 * OS, so discovery falls back to the plain line terminal on Windows (line input, Ctrl+C through
 * the console's control handler is not yet wired). It never returns a terminal off Windows.
 */
public class WindowsTerminalProvider : TerminalProvider {
    /** Above the built-in POSIX provider, so that on Windows this one is asked first. */
    override val priority: Int get() = 10

    override fun load(): Terminal? {
        if (!isWindows()) return null
        return null
    }

    internal companion object {
        fun isWindows(osName: String = System.getProperty("os.name").orEmpty()): Boolean =
            osName.startsWith("Windows", ignoreCase = true)
    }
}
