@file:JvmName("Launcher")

package coterm.app

import com.github.ajalt.clikt.core.CliktError
import com.github.ajalt.clikt.core.UsageError
import com.github.ajalt.clikt.core.context
import com.github.ajalt.clikt.core.parse
import com.github.ajalt.clikt.core.terminal
import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.terminal.Terminal
import kotlin.system.exitProcess

/** Exit status for a wrong command line, as POSIX utilities and Python's argparse/click use. */
private const val USAGE_ERROR = 2

/**
 * Starts the demo the command line names (see [CotermCommand]; `coterm --help` lists them) and
 * exits with its status. A wrong command line prints Clikt's usage error and exits with 2.
 *
 * Start-up: an everyday command line ([QuickCommandLine]) starts its demo without building
 * Clikt's command tree; everything else goes through [CotermCommand].
 */
fun main(args: Array<String>) {
    val quick = QuickCommandLine.parse(args.asList())
    exitProcess(if (quick != null) quick.demo.run(quick.settings) else parseAndRun(args))
}

/** Parses [args] with Clikt, runs the demo they name and returns its exit status (2 for a wrong command line). */
internal fun parseAndRun(args: Array<String>, cli: CotermCommand = CotermCommand()): Int {
    // Clikt prints help and errors through a Mordant terminal of its own. NO_COLOR it honours by
    // itself; --no-color must be known before parsing, since --help stops the parse where it stands.
    if (wantsNoColor(args)) cli.context { terminal = Terminal(ansiLevel = AnsiLevel.NONE) }
    return try {
        cli.parse(args)
        cli.status
    } catch (e: CliktError) {
        cli.echoFormattedHelp(e)
        if (e is UsageError) USAGE_ERROR else e.statusCode
    }
}

/** Whether `--no-color` is among the options (before a `--`, which ends them). */
internal fun wantsNoColor(args: Array<String>): Boolean = "--no-color" in args.takeWhile { it != "--" }
