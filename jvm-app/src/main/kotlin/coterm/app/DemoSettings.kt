// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.console.ConsoleOptions
import coterm.editor.EditMode
import coterm.history.HistoryOptions
import java.nio.file.Path

/**
 * What the command line asks of a demo, as plain values: the demos take this instead of
 * reading options or the environment themselves.
 *
 * @property prompt the shells' prompt.
 * @property color false for `--no-color`; null lets the console decide (colour only on a
 *   terminal, never with `NO_COLOR`), see [ConsoleOptions.color].
 * @property historyFile `--history-file`: where the shells keep their history; null for the
 *   default location (`$XDG_STATE_HOME/coterm/history`, else `~/.local/state/coterm/history`).
 * @property historyEnabled false for `--no-history`: nothing is read or written.
 * @property shareHistory `--share-history`: other sessions' lines are picked up at every prompt
 *   ([HistoryOptions.shareAcrossSessions]).
 * @property plainEditor `--plain-editor`: the shell's line editor without highlighting and
 *   suggestions (to compare keystroke echo with and without them).
 * @property vi `--vi`: the line editor's vi mode ([EditMode.Vi]) instead of the Emacs keys.
 */
internal data class DemoSettings(
    val prompt: String = DEFAULT_PROMPT,
    val color: Boolean? = null,
    val historyFile: Path? = null,
    val historyEnabled: Boolean = true,
    val shareHistory: Boolean = false,
    val plainEditor: Boolean = false,
    val vi: Boolean = false,
) {
    /** The console settings these ask for. */
    fun consoleOptions(): ConsoleOptions =
        ConsoleOptions(color = color, history = history(), editMode = if (vi) EditMode.Vi else EditMode.Emacs)

    /** The history: off, in the file asked for, or in coterm's file in the state directory. */
    fun history(): HistoryOptions = when {
        !historyEnabled -> HistoryOptions.disabled()
        historyFile != null -> HistoryOptions(file = historyFile)
        else -> HistoryOptions.forApp("coterm")
    }.withShareAcrossSessions(shareHistory && historyEnabled)

    companion object {
        /** The demo shells' prompt when `--prompt` is not given; the end-to-end tests expect it. */
        const val DEFAULT_PROMPT = "# "
    }
}
