// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.terminal.Terminal
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers

/**
 * What a test replaces in a [Console], apart from its terminal: the defaults are the real ones.
 *
 * @property commandDispatcher where commands and completers run.
 * @property consoleDispatcher where the console's own coroutines run; null: its own loop
 *   ([ConsoleLoop]), on the `coterm-console` thread and in place on the reader's.
 * @property clock nanoseconds, for the [InterruptPolicy].
 * @property input null: the reader thread reads the terminal. Else no reader thread runs, and
 *   this gets the reader's sink at start, to hand batches of events (in segments) to as the reader would.
 * @property stopProcess what Ctrl+Z does once the terminal is given back; null: the terminal's.
 * @property canSuspend whether Ctrl+Z can stop the process; null: the terminal says.
 * @property environment the environment variables the prompt's colour follows (`NO_COLOR`, `TERM`, `COLORTERM`).
 */
internal class ConsoleSeams(
    val commandDispatcher: CoroutineDispatcher = Dispatchers.Default,
    val consoleDispatcher: CoroutineDispatcher? = null,
    val clock: () -> Long = System::nanoTime,
    val input: ((sink: (List<List<InputEvent>>) -> Unit) -> Unit)? = null,
    val stopProcess: (() -> Boolean)? = null,
    val canSuspend: (() -> Boolean)? = null,
    val environment: (String) -> String? = System::getenv,
)

/**
 * A console on [terminal] (a test's fake, or the process's terminal once claimed): what
 * [Console.open] makes, with the process's exit replaced by [exit] and the parts a test replaces
 * in [seams]. Hidden from Java, like everything internal.
 *
 * @param processClaim held while the console is open when it owns the process's terminal; its
 *   [AutoCloseable.close] is the last thing [Console.close] does.
 */
@JvmSynthetic
internal fun Console(
    terminal: Terminal,
    options: ConsoleOptions,
    exit: (Int) -> Unit,
    seams: ConsoleSeams = ConsoleSeams(),
    processClaim: AutoCloseable? = null,
): Console = Console.create(terminal, options, exit, seams, processClaim)
