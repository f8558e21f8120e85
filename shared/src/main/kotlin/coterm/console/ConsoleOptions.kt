// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.EditMode
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
 * @property editMode the line editor's keys: [EditMode.Emacs] (the default, [keyMap]'s keys) or
 *   [EditMode.Vi] (insert and command modes; in insert mode [keyMap]'s keys work too). In vi mode
 *   a lone Esc takes effect at once, without [escapeTimeoutMillis], and the cursor is a bar in
 *   insert mode and a block in command mode where the terminal can show that (`TERM` xterm,
 *   tmux, screen, rxvt, alacritty, kitty, foot, wezterm, vte), its own shape again after the prompt.
 *
 * From Java, use [builder] (`ConsoleOptions.builder().escapeTimeoutMillis(100).build()`) or
 * `new ConsoleOptions()` for the defaults.
 */
public class ConsoleOptions(
    public val escapeTimeoutMillis: Long = 50,
    public val interruptGraceMillis: Long = 200,
    public val typeAheadBytes: Int = 32 * 1024,
    public val bracketedPaste: Boolean = true,
    public val history: HistoryOptions = HistoryOptions.inMemory(),
    public val keyMap: KeyMap = KeyMap.Default,
    public val maxLineLength: Int = 1_000_000,
    public val color: Boolean? = null,
    public val editMode: EditMode = EditMode.Emacs,
) {
    init {
        require(escapeTimeoutMillis >= 0) { "escapeTimeoutMillis must not be negative: $escapeTimeoutMillis" }
        require(interruptGraceMillis >= 0) { "interruptGraceMillis must not be negative: $interruptGraceMillis" }
        require(typeAheadBytes > 0) { "typeAheadBytes must be positive: $typeAheadBytes" }
        require(maxLineLength > 0) { "maxLineLength must be positive: $maxLineLength" }
    }

    /**
     * The defaults. Declared (the compiler would make it anyway, every parameter having a
     * default) so that the API docs show Java the constructor it has.
     */
    public constructor() : this(escapeTimeoutMillis = 50)

    @get:JvmSynthetic
    internal val pasteTimeoutMillis: Long get() = 1_000

    /** A builder holding these options, to change some of them. */
    public fun toBuilder(): Builder = Builder()
        .escapeTimeoutMillis(escapeTimeoutMillis).interruptGraceMillis(interruptGraceMillis)
        .typeAheadBytes(typeAheadBytes).bracketedPaste(bracketedPaste).history(history)
        .keyMap(keyMap).maxLineLength(maxLineLength).color(color).editMode(editMode)

    /**
     * Builds [ConsoleOptions] one setting at a time, for Java: `ConsoleOptions.builder()
     * .history(HistoryOptions.forApp("myapp")).color(false).build()`. Every setting not given
     * keeps its default; each is described on [ConsoleOptions]. `new ConsoleOptions.Builder()`
     * is the same as [ConsoleOptions.builder].
     */
    public class Builder {
        private var escapeTimeoutMillis = DEFAULTS.escapeTimeoutMillis
        private var interruptGraceMillis = DEFAULTS.interruptGraceMillis
        private var typeAheadBytes = DEFAULTS.typeAheadBytes
        private var bracketedPaste = DEFAULTS.bracketedPaste
        private var history = DEFAULTS.history
        private var keyMap = DEFAULTS.keyMap
        private var maxLineLength = DEFAULTS.maxLineLength
        private var color = DEFAULTS.color
        private var editMode = DEFAULTS.editMode

        /** See [ConsoleOptions.escapeTimeoutMillis]. */
        public fun escapeTimeoutMillis(millis: Long): Builder = apply { escapeTimeoutMillis = millis }

        /** See [ConsoleOptions.interruptGraceMillis]. */
        public fun interruptGraceMillis(millis: Long): Builder = apply { interruptGraceMillis = millis }

        /** See [ConsoleOptions.typeAheadBytes]. */
        public fun typeAheadBytes(bytes: Int): Builder = apply { typeAheadBytes = bytes }

        /** See [ConsoleOptions.bracketedPaste]. */
        public fun bracketedPaste(enabled: Boolean): Builder = apply { bracketedPaste = enabled }

        /** See [ConsoleOptions.history]. */
        public fun history(history: HistoryOptions): Builder = apply { this.history = history }

        /** See [ConsoleOptions.keyMap]. */
        public fun keyMap(keyMap: KeyMap): Builder = apply { this.keyMap = keyMap }

        /** See [ConsoleOptions.maxLineLength]. */
        public fun maxLineLength(chars: Int): Builder = apply { maxLineLength = chars }

        /** See [ConsoleOptions.color]: null decides from the environment. */
        public fun color(color: Boolean?): Builder = apply { this.color = color }

        /** See [ConsoleOptions.editMode]. */
        public fun editMode(mode: EditMode): Builder = apply { editMode = mode }

        /**
         * The options.
         *
         * @throws IllegalArgumentException when a setting is out of range (a negative timeout,
         *   a budget that is not positive).
         */
        public fun build(): ConsoleOptions = ConsoleOptions(
            escapeTimeoutMillis, interruptGraceMillis, typeAheadBytes, bracketedPaste,
            history, keyMap, maxLineLength, color, editMode,
        )
    }

    /** The way in for Java. */
    public companion object {
        private val DEFAULTS = ConsoleOptions()

        /** A builder starting from the defaults. */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }
}
