// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider

/**
 * The Windows console provider, found through `ServiceLoader` when this module is on the class
 * path: on Windows the demo and every program built on coterm pick it up with no code change.
 *
 * [load] returns a [WindowsTerminal] only on Windows, and only when standard input and output are
 * both consoles and the console accepts virtual-terminal output (Windows 10 1511 and later):
 * coterm's line editor draws with escape sequences. Otherwise it returns null and discovery falls
 * back to plain line input (`LineTerminal`): redirected input, mintty/Cygwin pipes, output to a
 * file, and old consoles. It never returns a terminal off Windows.
 *
 * Input path: key records through `ReadConsoleInputW` by default; the system property
 * `coterm.windows.input=vt` selects virtual-terminal input (bytes for the shared decoder, with
 * bracketed paste) where the console accepts `ENABLE_VIRTUAL_TERMINAL_INPUT`, falling back to
 * records where it does not.
 */
public class WindowsTerminalProvider : TerminalProvider {
    /** Above the built-in POSIX provider, so that on Windows this one is asked first. */
    override val priority: Int get() = 10

    override fun load(): Terminal? {
        if (!isWindows()) return null
        val api = JnaConsoleApi.open() ?: return null
        return try {
            open(api, System.getProperty(INPUT_PROPERTY)) ?: run {
                api.close()
                null
            }
        } catch (e: RuntimeException) {
            api.close()
            throw e
        }
    }

    internal companion object {
        const val INPUT_PROPERTY: String = "coterm.windows.input"

        fun isWindows(osName: String = System.getProperty("os.name").orEmpty()): Boolean =
            osName.startsWith("Windows", ignoreCase = true)

        /**
         * The terminal over [api], or null when the console cannot host coterm: either stream is
         * not a console, or virtual-terminal output is refused. Probing changes each mode and puts
         * the saved value back at once; [inputPath] `"vt"` asks for VT input, kept only if the
         * console accepts it.
         */
        fun open(api: ConsoleApi, inputPath: String?): WindowsTerminal? {
            val input = api.getMode(ConsoleApi.Stream.Input) ?: return null
            val output = api.getMode(ConsoleApi.Stream.Output) ?: return null
            if (!probe(api, ConsoleApi.Stream.Output, output, ConsoleModes.vtOutput(output))) return null
            val vt = inputPath.equals("vt", ignoreCase = true) &&
                probe(api, ConsoleApi.Stream.Input, input, ConsoleModes.rawInput(input, vtInput = true))
            return WindowsTerminal(api, vtInput = vt)
        }

        private fun probe(api: ConsoleApi, stream: ConsoleApi.Stream, saved: Int, wanted: Int): Boolean {
            val accepted = api.setMode(stream, wanted)
            if (accepted) api.setMode(stream, saved)
            return accepted
        }
    }
}
