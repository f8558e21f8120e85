// SPDX-License-Identifier: Apache-2.0
package coterm.app

import com.github.ajalt.clikt.core.CliktCommand
import com.github.ajalt.clikt.core.Context
import com.github.ajalt.clikt.core.UsageError
import com.github.ajalt.clikt.core.subcommands
import com.github.ajalt.clikt.parameters.groups.OptionGroup
import com.github.ajalt.clikt.parameters.groups.provideDelegate
import com.github.ajalt.clikt.parameters.options.check
import com.github.ajalt.clikt.parameters.options.flag
import com.github.ajalt.clikt.parameters.options.option
import com.github.ajalt.clikt.parameters.options.versionOption
import com.github.ajalt.clikt.parameters.types.path

/**
 * `coterm [OPTIONS] [COMMAND [OPTIONS]]`: the launcher's command line, parsed by Clikt.
 *
 * Without a command it runs the shell. The options may come before the command (they apply to
 * it) or after it; given in both places, the command's own win. The demo's exit status is left
 * in [status]: the demos run inside Clikt's `run`, and the caller exits with it once parsing and
 * running are over.
 *
 * Start-up: nothing here reflects or builds a Mordant terminal; Clikt makes one only to print
 * help or an error. The launcher reads everyday command lines with [QuickCommandLine] and
 * builds this command only for the rest.
 *
 * @param runDemo runs a demo and returns its exit status; tests pass one that only records.
 */
internal class CotermCommand(
    private val runDemo: (Demo, DemoSettings) -> Int = { demo, settings -> demo.run(settings) },
) : CliktCommand(name = "coterm") {
    private val output by OutputOptions()
    private val line by LineOptions()

    /** The exit status of the demo that ran. */
    var status: Int = 0

    override val invokeWithoutSubcommand: Boolean = true

    override fun help(context: Context): String =
        "Demos of coterm, where Ctrl+C stops only what you meant to stop: the line being typed or the " +
            "running command, never the program, never leaving the terminal broken. Without a command, " +
            "runs the shell."

    override fun helpEpilog(context: Context): String =
        "Options given before a command apply to it: 'coterm --no-color keys' is 'coterm keys --no-color'. " +
            "NO_COLOR set in the environment turns colour off as --no-color does. " +
            "Exit status: the demo's own (0; 130 after a forced exit by a third Ctrl+C; 143 on SIGTERM; " +
            "129 on SIGHUP), or 2 for a wrong command line."

    init {
        versionOption(Version.current, help = "Show the version and exit.")
        subcommands(
            Demo.entries.map { demo -> if (demo.readsLines) ShellCommand(demo, this) else KeysCommand(demo, this) },
        )
    }

    override fun run() {
        if (currentContext.invokedSubcommand == null) start(Demo.Shell, settings(null, null))
    }

    /** Runs [demo] with [settings] and keeps its exit status in [status]. */
    fun start(demo: Demo, settings: DemoSettings) {
        status = runDemo(demo, settings)
    }

    /** The settings for a demo: the command's own options over this command's. */
    fun settings(commandOutput: OutputOptions?, commandLine: LineOptions?): DemoSettings {
        val historyFile = commandLine?.historyFile ?: line.historyFile
        val noHistory = commandLine?.noHistory == true || line.noHistory
        val shareHistory = commandLine?.shareHistory == true || line.shareHistory
        if (historyFile != null && noHistory) throw UsageError("--history-file and --no-history cannot be used together")
        if (shareHistory && noHistory) throw UsageError("--share-history and --no-history cannot be used together")
        return DemoSettings(
            prompt = commandLine?.prompt ?: line.prompt ?: DemoSettings.DEFAULT_PROMPT,
            color = if (commandOutput?.noColor == true || output.noColor) false else null,
            historyFile = historyFile,
            historyEnabled = !noHistory,
            shareHistory = shareHistory,
            plainEditor = commandLine?.plainEditor == true || line.plainEditor,
            vi = commandLine?.vi == true || line.vi,
        )
    }
}

/** A demo that reads lines: `shell` and `java-shell`. */
private class ShellCommand(private val demo: Demo, private val root: CotermCommand) : CliktCommand(name = demo.command) {
    private val output by OutputOptions()
    private val line by LineOptions()

    override fun help(context: Context): String = demo.summary

    override fun run() {
        root.start(demo, root.settings(output, line))
    }
}

/** A demo that reads keys: `keys` and `java-keys`; there is no prompt or history to set. */
private class KeysCommand(private val demo: Demo, private val root: CotermCommand) : CliktCommand(name = demo.command) {
    private val output by OutputOptions()

    override fun help(context: Context): String = demo.summary

    override fun run() {
        root.start(demo, root.settings(output, null))
    }
}

/** `--no-color`. */
internal class OutputOptions : OptionGroup(name = "Output") {
    val noColor: Boolean by option("--no-color", help = "Never write colour or style codes (also when NO_COLOR is set).").flag()
}

/** The shells' options: `--prompt`, `--history-file`, `--no-history`, `--share-history`, `--plain-editor`, `--vi`. */
internal class LineOptions : OptionGroup(name = "Shell") {
    val prompt: String? by option("--prompt", metavar = "TEXT", help = "The shell's prompt (default: '# ').")
        .check("must not contain control characters (newline, tab, escape ...)") { text -> text.none(Char::isISOControl) }

    val historyFile by option(
        "--history-file",
        metavar = "PATH",
        help = "Keep the shell's history in this file (default: \$XDG_STATE_HOME/coterm/history, else ~/.local/state/coterm/history).",
    ).path(canBeDir = false)

    val noHistory: Boolean by option("--no-history", help = "Do not read or write a history file.").flag()

    val shareHistory: Boolean by option(
        "--share-history",
        help = "At every prompt, pick up the lines other sessions added to the history file (zsh's SHARE_HISTORY).",
    ).flag()

    val plainEditor: Boolean by option(
        "--plain-editor",
        help = "No highlighting and no suggestions from history in the line editor (the shell has both by default).",
    ).flag()

    val vi: Boolean by option("--vi", help = "Edit lines with vi's keys (insert and command modes) instead of Emacs's.").flag()
}
