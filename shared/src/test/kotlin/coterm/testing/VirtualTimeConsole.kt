// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.console.Console
import coterm.console.ConsoleOptions
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope

/**
 * A console on virtual time: the console's own coroutines and the commands share the test
 * scheduler, the interrupt policy reads the virtual clock, and no reader thread runs (tests
 * inject event batches). Exits are recorded in [exits] instead of ending the JVM.
 */
fun TestScope.virtualTimeConsole(
    terminal: FakeTerminal,
    exits: MutableList<Int> = mutableListOf(),
    options: ConsoleOptions = ConsoleOptions(),
    stopProcess: () -> Boolean = { error("Ctrl+Z would stop the test JVM: pass stopProcess") },
): Console {
    val dispatcher = StandardTestDispatcher(testScheduler)
    return Console(
        terminal,
        options,
        exit = { exits += it },
        commandDispatcher = dispatcher,
        consoleDispatcher = dispatcher,
        clock = { testScheduler.currentTime * 1_000_000 },
        startReader = false,
        stopProcess = stopProcess,
        canSuspend = { true },
    )
}
