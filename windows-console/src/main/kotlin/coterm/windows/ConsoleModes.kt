// SPDX-License-Identifier: Apache-2.0
package coterm.windows

/**
 * Console mode bits (`wincon.h`/`consoleapi.h` in the Windows SDK) and the pure arithmetic that
 * turns the saved modes into coterm's: every change is a bit operation on the saved value, so
 * bits coterm does not care about (quick-edit, insert mode, mouse input) stay as the user had them.
 */
internal object ConsoleModes {
    // Input modes.
    const val ENABLE_PROCESSED_INPUT: Int = 0x0001
    const val ENABLE_LINE_INPUT: Int = 0x0002
    const val ENABLE_ECHO_INPUT: Int = 0x0004
    const val ENABLE_WINDOW_INPUT: Int = 0x0008
    const val ENABLE_MOUSE_INPUT: Int = 0x0010
    const val ENABLE_INSERT_MODE: Int = 0x0020
    const val ENABLE_QUICK_EDIT_MODE: Int = 0x0040
    const val ENABLE_EXTENDED_FLAGS: Int = 0x0080
    const val ENABLE_VIRTUAL_TERMINAL_INPUT: Int = 0x0200

    // Output modes.
    const val ENABLE_PROCESSED_OUTPUT: Int = 0x0001
    const val ENABLE_WRAP_AT_EOL_OUTPUT: Int = 0x0002
    const val ENABLE_VIRTUAL_TERMINAL_PROCESSING: Int = 0x0004
    const val DISABLE_NEWLINE_AUTO_RETURN: Int = 0x0008

    /**
     * The raw input mode: processed, line and echo input cleared (Ctrl+C becomes a key record,
     * keys arrive one by one and are not echoed), window input set (buffer-size records), and
     * virtual-terminal input set only when [vtInput] is asked for (cleared otherwise, in case a
     * parent left it on: the records path needs real key records).
     */
    fun rawInput(saved: Int, vtInput: Boolean): Int {
        val cleared = saved and (ENABLE_PROCESSED_INPUT or ENABLE_LINE_INPUT or ENABLE_ECHO_INPUT).inv()
        val window = cleared or ENABLE_WINDOW_INPUT
        return if (vtInput) window or ENABLE_VIRTUAL_TERMINAL_INPUT else window and ENABLE_VIRTUAL_TERMINAL_INPUT.inv()
    }

    /**
     * The output mode with escape sequences interpreted: processed output (which VT processing
     * needs) and virtual-terminal processing added.
     *
     * DISABLE_NEWLINE_AUTO_RETURN is left as saved (off unless the user set it), on purpose:
     * with it off LF also returns to column 0, as OPOST does on POSIX, so `println` from user
     * code and from child processes starts at column 0 (DESIGN 1.4). The renderer also assumes
     * xterm's delayed wrap at the last column. Microsoft's `SetConsoleMode` page ties that delay
     * to this flag; the open-source conhost (microsoft/terminal, `src/host/_stream.cpp`) sends
     * all output through its VT parser once VT processing and processed output are on, which
     * delays the wrap whatever the flag says, and uses the flag only for the LF-to-CRLF
     * translation. So coterm keeps the flag off and relies on the parser; an older inbox conhost
     * that wraps at once would put the renderer one row off after a line that exactly fills a
     * row. `WindowsConsoleIntegrationTest` checks the delay on the CI's Windows.
     */
    fun vtOutput(saved: Int): Int = saved or ENABLE_PROCESSED_OUTPUT or ENABLE_VIRTUAL_TERMINAL_PROCESSING
}
