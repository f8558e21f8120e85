// SPDX-License-Identifier: Apache-2.0
@file:JvmName("Launcher")

package coterm.app

import com.github.ajalt.clikt.core.CliktError
import com.github.ajalt.clikt.core.UsageError
import com.github.ajalt.clikt.core.context
import com.github.ajalt.clikt.core.parse
import com.github.ajalt.clikt.core.terminal
import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.terminal.Terminal
import coterm.console.VisibleText
import coterm.terminal.TerminalProvider
import java.io.PrintStream
import kotlin.system.exitProcess

/** Exit status for a wrong command line, as POSIX utilities and Python's argparse/click use. */
private const val USAGE_ERROR = 2

/**
 * Exit status when a demo dies of something it did not expect (an [Error] such as running out of
 * memory, or any exception): 70, `EX_SOFTWARE` in BSD's sysexits.h, the status coterm's console
 * exits with when its input reader dies.
 */
internal const val INTERNAL_ERROR = 70

/**
 * Starts the demo the command line names (see [CotermCommand]; `coterm --help` lists them) and
 * exits with its status. A wrong command line prints Clikt's usage error and exits with 2.
 *
 * Whatever fails, the user sees one line, never a stack trace: a demo that throws (an
 * `OutOfMemoryError` from the line editor reaches here through `readLine`) has its console closed,
 * so the terminal is restored, then [runReportingFailures] prints one line and the exit status is
 * [INTERNAL_ERROR]; an exception no one caught on another thread goes to [OneLineUncaughtHandler].
 *
 * Start-up: an everyday command line ([QuickCommandLine]) starts its demo without building
 * Clikt's command tree; everything else goes through [CotermCommand].
 */
fun main(args: Array<String>) {
    Thread.setDefaultUncaughtExceptionHandler(OneLineUncaughtHandler(System.err) { status -> exitProcess(status) })
    val status = runReportingFailures(System.err) {
        val quick = QuickCommandLine.parse(args.asList())
        if (quick != null) quick.demo.run(quick.settings) else parseAndRun(args)
    }
    exitProcess(status)
}

/** Runs [demo] and returns its exit status; if it throws anything, prints one line to [err] and returns [INTERNAL_ERROR]. */
internal fun runReportingFailures(err: PrintStream, demo: () -> Int): Int = try {
    demo()
} catch (e: Throwable) {
    oneLine(err, "coterm: internal error: ", e)
    INTERNAL_ERROR
}

/**
 * For threads that die of an exception no one caught (the library's own threads catch theirs):
 * one line on [err] instead of the JVM's stack trace, and for an [Error] (the JVM may be in no
 * state to go on) the exit, through [exit], with [INTERNAL_ERROR]; the shutdown hooks restore
 * the terminal.
 */
internal class OneLineUncaughtHandler(private val err: PrintStream, private val exit: (Int) -> Unit) : Thread.UncaughtExceptionHandler {
    override fun uncaughtException(thread: Thread, error: Throwable) {
        oneLine(err, "coterm: internal error on thread ${thread.name}: ", error)
        if (error is Error) exit(INTERNAL_ERROR)
    }
}

/** [prefix] and [error] (its class and message, control characters shown) as one line; silent if even that fails. */
private fun oneLine(err: PrintStream, prefix: String, error: Throwable) {
    try {
        err.println(prefix + VisibleText.of(error.toString()))
    } catch (_: Throwable) {
        // Out of memory even for the message: the exit status still says it.
    }
}

/** Parses [args] with Clikt, runs the demo they name and returns its exit status (2 for a wrong command line). */
internal fun parseAndRun(args: Array<String>, cli: CotermCommand = CotermCommand()): Int {
    // Clikt prints help and errors through a Mordant terminal of its own. NO_COLOR it honours by
    // itself; --no-color must be known before parsing, since --help stops the parse where it stands.
    // Mordant's core (coterm has no use for its terminal back-ends) cannot tell a pipe from a
    // terminal: coterm's own terminal says.
    if (wantsNoColor(args) || !outputIsTerminal()) cli.context { terminal = Terminal(ansiLevel = AnsiLevel.NONE) }
    return try {
        cli.parse(args)
        cli.status
    } catch (e: CliktError) {
        cli.echoFormattedHelp(e)
        if (e is UsageError) USAGE_ERROR else e.statusCode
    }
}

/** Whether standard output is a terminal, as coterm's terminal sees it; false when that cannot be told. */
private fun outputIsTerminal(): Boolean = try {
    TerminalProvider.discover().use { it.isOutputTerminal }
} catch (_: Exception) {
    false
} catch (_: LinkageError) {
    false
}

/** Whether `--no-color` is among the options (before a `--`, which ends them). */
internal fun wantsNoColor(args: Array<String>): Boolean = "--no-color" in args.takeWhile { it != "--" }
