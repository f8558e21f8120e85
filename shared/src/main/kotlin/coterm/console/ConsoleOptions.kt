// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.KeyMap
import coterm.history.HistoryOptions

/**
 * Settings for a [Console]; every one has the default a terminal user expects.
 *
 * @property escapeTimeoutMillis how long a lone ESC waits for the rest of a sequence before it
 *   is the Escape key (DESIGN §1.2; Node and prompt_toolkit use 500 ms and users feel the lag).
 * @property interruptGraceMillis Ctrl+C presses less than this apart are one press (DESIGN §1.1):
 *   a held key or a storm of 0x03 cancels a command once and never forces an exit, while a
 *   person's presses, 200 ms or more apart on a command that is still running, escalate to the
 *   notice and then the exit. The window slides from press to press, and a command's first
 *   press is never folded, however soon after an earlier cancel it comes. 0 makes every press
 *   count.
 * @property typeAheadBytes how much input, in bytes, may wait to be taken (keys typed while a
 *   command runs, a burst not yet edited) before coterm stops reading: the rest then waits in
 *   the kernel and the sender blocks, as with any program that reads slower than it is typed to.
 *   Nothing is ever dropped or cut. While it has stopped, coterm still reads up to this many
 *   bytes more, looking for a Ctrl+C, which it handles at once (a Ctrl+C that cancels a command
 *   discards what was typed before it); a Ctrl+C typed beyond that waits its turn (`kill -INT`
 *   always works). So queued input is at most twice this, plus one bracketed paste that is still
 *   arriving; each typed key costs about 50 bytes of heap while it waits (measured), so about
 *   3 MB at most with the default of 32 KiB. A bracketed paste counts its text; one larger than
 *   this is still taken whole.
 * @property bracketedPaste whether to ask the terminal to mark pastes, so a pasted newline never
 *   runs a command by itself.
 * @property history what the line editor remembers (Up, Ctrl+R) and where; in memory by default,
 *   [HistoryOptions.forApp] keeps it in a file across runs.
 * @property keyMap the line editor's key bindings; [KeyMap.Default] are readline's Emacs keys.
 * @property maxLineLength the longest line the editor holds, in UTF-16 chars. Typed or pasted text
 *   past it is refused (the line keeps what fits and stays editable) and a notice is printed
 *   above the prompt once per line. The default, 1,000,000, takes any paste a person means to
 *   make (a large JSON or base64 blob) while keeping a runaway paste or a stuck key from growing
 *   the line, and its full redraws, without bound; Linux will not pass even a tenth of that to
 *   a child process as one argument (MAX_ARG_STRLEN is 128 KiB).
 * @property color whether [Console.mordant] styles its output: null (the default) decides from
 *   the environment (colour only on a terminal, never with `NO_COLOR` or `TERM=dumb`); false
 *   never writes colour or style codes, as a program's `--no-color` option asks; true always
 *   does, even into a pipe, as `--color=always` would (the level still follows `TERM` and
 *   `COLORTERM`). It changes only styled output: the line editor's cursor movements are not
 *   colour.
 */
public class ConsoleOptions @JvmOverloads constructor(
    public val escapeTimeoutMillis: Long = 50,
    public val interruptGraceMillis: Long = 200,
    public val typeAheadBytes: Int = 32 * 1024,
    public val bracketedPaste: Boolean = true,
    public val history: HistoryOptions = HistoryOptions.inMemory(),
    public val keyMap: KeyMap = KeyMap.Default,
    public val maxLineLength: Int = 1_000_000,
    public val color: Boolean? = null,
) {
    init {
        require(escapeTimeoutMillis >= 0) { "escapeTimeoutMillis must not be negative: $escapeTimeoutMillis" }
        require(interruptGraceMillis >= 0) { "interruptGraceMillis must not be negative: $interruptGraceMillis" }
        require(typeAheadBytes > 0) { "typeAheadBytes must be positive: $typeAheadBytes" }
        require(maxLineLength > 0) { "maxLineLength must be positive: $maxLineLength" }
    }

    internal val pasteTimeoutMillis: Long get() = 1_000
}
