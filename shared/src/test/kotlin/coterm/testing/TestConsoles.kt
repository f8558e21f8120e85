// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.blocking.BlockingConsole
import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.terminal.TerminalSignal
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A [BlockingConsole] over a [FakeTerminal] with a real console thread and reader, for tests
 * written in Java: they type bytes and raise signals on [terminal], and read [exits] instead of
 * the JVM ending.
 */
class TestConsole private constructor(
    @get:JvmName("terminal") val terminal: FakeTerminal,
    @get:JvmName("exits") val exits: MutableList<Int>,
    @get:JvmName("console") val console: BlockingConsole,
) : AutoCloseable {
    /** Types [text] as if at the keyboard (`"\u0003"` is Ctrl+C). */
    fun type(text: String) = terminal.type(text)

    /** Sends SIGINT, as `kill -INT` does. */
    fun interrupt() = terminal.raise(TerminalSignal.Interrupt)

    /** What the console wrote, without cursor moves and colours. */
    fun output(): String = stripCsi(terminal.output)

    override fun close() = console.close()

    companion object {
        @JvmStatic
        @JvmOverloads
        fun open(interactive: Boolean = true): TestConsole {
            val terminal = FakeTerminal(isInteractive = interactive, isOutputTerminal = interactive)
            val exits = CopyOnWriteArrayList<Int>()
            val console = Console(terminal, ConsoleOptions(), exit = { exits += it })
            return TestConsole(terminal, exits, BlockingConsole(console))
        }
    }
}
