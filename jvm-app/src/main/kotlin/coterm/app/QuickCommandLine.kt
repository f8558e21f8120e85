// SPDX-License-Identifier: Apache-2.0
package coterm.app

import java.nio.file.Files
import java.nio.file.InvalidPathException
import java.nio.file.Path

/**
 * The launcher's command line in the forms people type every day, read without Clikt: no
 * arguments, a command name, `--no-color`, `--no-history`, `--vi`, `--prompt TEXT` and
 * `--history-file PATH` (also as `--option=value`), before or after the command.
 *
 * Why: building and running [CotermCommand]'s tree (four subcommands, their option groups, the
 * version option) loaded about 500 classes (114 of them Clikt's) and took 38 ms of the way to
 * the first prompt (class-load log, archive in place, load average 4), more than the rest of the
 * launcher's own code. Clikt is still the one authority on the command line:
 * [parse] answers null for anything it is not sure of, and [CotermCommand] parses that exactly
 * as before. Null, among others, for `--help`, `-h`, `--version`, `--`, an argument file
 * (`@file`), an unknown option or command, an option given twice on one level, a value that is
 * empty, starts with `-` or `@` or holds a control character, a history file that is a
 * directory, `--history-file` together with `--no-history`, and a shell's option after `keys`:
 * their help, output, messages and exit status 2 stay Clikt's.
 *
 * What it accepts it must read as Clikt does, option for option: `QuickCommandLineTest` checks
 * that on generated command lines.
 */
internal object QuickCommandLine {
    /** The demo and its settings that [args] ask for, or null when Clikt must read them. */
    fun parse(args: List<String>): Invocation? {
        val root = Level()
        var command: Level? = null
        var demo = Demo.Shell
        var i = 0
        while (i < args.size) {
            val arg = args[i++]
            if (!arg.startsWith("--")) {
                if (command != null) return null // a second command or an argument: Clikt's error
                demo = Demo.entries.firstOrNull { it.command == arg } ?: return null
                command = Level()
                continue
            }
            val level = command ?: root
            val lineOptions = command == null || demo.readsLines
            val equals = arg.indexOf('=')
            val name = if (equals < 0) arg else arg.substring(0, equals)
            val attached = if (equals < 0) null else arg.substring(equals + 1)
            when {
                name == "--no-color" && attached == null && !level.noColor -> level.noColor = true
                name == "--no-history" && attached == null && lineOptions && !level.noHistory -> level.noHistory = true
                name == "--vi" && attached == null && lineOptions && !level.vi -> level.vi = true
                name == "--prompt" && lineOptions && level.prompt == null ->
                    level.prompt = (attached ?: args.getOrNull(i++))?.takeIf(::isPlainValue) ?: return null
                name == "--history-file" && lineOptions && level.historyFile == null ->
                    level.historyFile = (attached ?: args.getOrNull(i++))?.takeIf(::isPlainValue)?.let(::historyPath) ?: return null
                else -> return null
            }
        }
        val line = command ?: Level()
        val historyFile = line.historyFile ?: root.historyFile
        val noHistory = line.noHistory || root.noHistory
        if (historyFile != null && noHistory) return null // Clikt's "cannot be used together"
        return Invocation(
            demo,
            DemoSettings(
                prompt = line.prompt ?: root.prompt ?: DemoSettings.DEFAULT_PROMPT,
                color = if (line.noColor || root.noColor) false else null,
                historyFile = historyFile,
                historyEnabled = !noHistory,
                vi = line.vi || root.vi,
            ),
        )
    }

    /** A value Clikt takes as it is: not empty, not like an option or an argument file, no control characters. */
    private fun isPlainValue(value: String): Boolean =
        value.isNotEmpty() && value[0] != '-' && value[0] != '@' && value.none(Char::isISOControl)

    /** The path as Clikt's `path(canBeDir = false)` makes it, or null where Clikt would refuse it. */
    private fun historyPath(value: String): Path? = try {
        Path.of(value).takeUnless { Files.isDirectory(it) }
    } catch (_: InvalidPathException) {
        null
    }

    /** The options given on one level: before the command (the root's) or after it (the command's). */
    private class Level {
        var noColor = false
        var noHistory = false
        var vi = false
        var prompt: String? = null
        var historyFile: Path? = null
    }
}

/** What the launcher runs: [demo] with [settings]. */
internal data class Invocation(val demo: Demo, val settings: DemoSettings)
