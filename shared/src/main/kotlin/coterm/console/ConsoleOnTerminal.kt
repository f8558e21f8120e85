// SPDX-License-Identifier: Apache-2.0
@file:JvmName("ConsoleOnTerminal")

package coterm.console

import coterm.InternalCotermApi
import coterm.terminal.Terminal

/**
 * Opens a console on [terminal], a terminal that is not the process's (the test kit's
 * `coterm.test.VirtualTerminal`): what [Console.open] makes, except that it takes no claim on
 * the process's terminal and signals (any number may be open at once), and that where the
 * console would end the JVM (the third Ctrl+C on a command that does not stop, SIGTERM, SIGHUP,
 * a reader that dies of an [Error]) it calls [exit] with the status instead, from one of its own
 * threads. Raw mode is entered when [terminal] says both its input and output are terminals.
 *
 * Closing the console restores [terminal]'s mode and then closes [terminal] too, as
 * [Console.close] closes the process's.
 */
@InternalCotermApi
public fun openConsole(terminal: Terminal, options: ConsoleOptions, exit: (status: Int) -> Unit): Console =
    Console(terminal, options, exit)
