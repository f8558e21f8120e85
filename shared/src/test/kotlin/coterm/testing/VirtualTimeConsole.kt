// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.console.ConsoleSeams
import coterm.input.InputDecoder
import coterm.input.InputEvent
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import java.util.Collections
import java.util.WeakHashMap

/** Each virtual-time console's input: the sink its reader would hand batches to. */
private val inputs: MutableMap<Console, (List<List<InputEvent>>) -> Unit> = Collections.synchronizedMap(WeakHashMap())

/**
 * A console on virtual time: the console's own coroutines and the commands share the test
 * scheduler, the interrupt policy reads the virtual clock, and no reader thread runs: tests hand
 * event batches to [inject], the reader's own way in. Exits are recorded in [exits] instead of
 * ending the JVM.
 */
fun TestScope.virtualTimeConsole(
    terminal: FakeTerminal,
    exits: MutableList<Int> = mutableListOf(),
    options: ConsoleOptions = ConsoleOptions(),
    stopProcess: () -> Boolean = { error("Ctrl+Z would stop the test JVM: pass stopProcess") },
): Console {
    val dispatcher = StandardTestDispatcher(testScheduler)
    var sink: ((List<List<InputEvent>>) -> Unit)? = null
    val console = Console(
        terminal,
        options,
        exit = { exits += it },
        seams = ConsoleSeams(
            commandDispatcher = dispatcher,
            consoleDispatcher = dispatcher,
            clock = { testScheduler.currentTime * 1_000_000 },
            input = { sink = it },
            stopProcess = stopProcess,
            canSuspend = { true },
        ),
    )
    inputs[console] = checkNotNull(sink)
    return console
}

/** Hands [events] to a [virtualTimeConsole] as its reader would hand one batch decoded from one read. */
fun Console.inject(events: List<InputEvent>) {
    checkNotNull(inputs[this]) { "not a virtual-time console" }(listOf(events))
}

/**
 * Hands [bytes] to a [virtualTimeConsole] as its reader would after one read of them: decoded into
 * segments (a burst of plain text as one TypedText), each key sequence in [bytes] complete.
 */
fun Console.injectRead(bytes: ByteArray) {
    val segments = mutableListOf<List<InputEvent>>()
    InputDecoder().feedSegments(bytes, 0, bytes.size, segments)
    checkNotNull(inputs[this]) { "not a virtual-time console" }(segments)
}
