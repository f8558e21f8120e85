// SPDX-License-Identifier: Apache-2.0
package coterm.console

/**
 * The cursor's shape, set with DECSCUSR (`ESC [ n SP q`): vi mode shows a bar in insert mode and
 * a block in command mode, and the terminal's own shape ([Default]) is put back when the prompt
 * ends, around a child process and on every exit path ([TerminalSession]).
 */
internal enum class CursorShape(val sequence: String) {
    /** The terminal's (or its user's) configured shape. */
    Default("\u001b[0 q"),

    /** A steady block: vi's command mode. */
    Block("\u001b[2 q"),

    /** A steady bar: vi's insert mode. */
    Bar("\u001b[6 q"),
    ;

    companion object {
        /**
         * Whether a terminal of type [term] (`$TERM`) takes DECSCUSR: xterm and the terminals that
         * call themselves so, tmux, screen, rxvt, alacritty, kitty, foot, wezterm and VTE's. Not the
         * Linux console, `dumb`, or an unknown or missing type: they may print the sequence.
         */
        fun supported(term: String?): Boolean {
            if (term.isNullOrEmpty()) return false
            return SUPPORTING_PREFIXES.any { term.startsWith(it) }
        }

        private val SUPPORTING_PREFIXES = listOf("xterm", "tmux", "screen", "rxvt", "alacritty", "kitty", "foot", "wezterm", "vte")
    }
}
