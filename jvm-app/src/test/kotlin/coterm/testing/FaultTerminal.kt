// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.terminal.Terminal
import coterm.terminal.TerminalProvider

/**
 * The process's real terminal with faults that [FaultShell]'s commands arm: a read that throws
 * an exception or an [Error] (the reader thread fails, or dies) and a write from coterm's own console thread that throws an [Error]
 * (what a broken native binding does), so the exit-path tests can prove that a fault inside
 * coterm leaves the terminal usable or restored.
 */
class FaultTerminal(private val real: Terminal) : Terminal by real {
    /** When set, the next [read] throws instead of reading. */
    @Volatile var failNextRead = false

    /** When set, the next [read] throws this [Error] instead of reading (what running out of memory there looks like). */
    @Volatile var failNextReadWith: Error? = null

    /**
     * When set, the next [write] made by the console itself (on its `coterm-console` thread, or
     * in place on the reader's thread) throws an [UnsatisfiedLinkError].
     */
    @Volatile var failNextConsoleWrite = false

    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        if (failNextRead) {
            failNextRead = false
            throw IllegalStateException("injected fault: read failed")
        }
        failNextReadWith?.let { error ->
            failNextReadWith = null
            throw error
        }
        return real.read(buffer, timeoutMillis)
    }

    override fun write(bytes: ByteArray, offset: Int, length: Int) {
        if (failNextConsoleWrite && Thread.currentThread().name in CONSOLE_THREADS) {
            failNextConsoleWrite = false
            throw UnsatisfiedLinkError("injected fault: write on the console thread")
        }
        real.write(bytes, offset, length)
    }

    companion object {
        private val CONSOLE_THREADS = setOf("coterm-console", "coterm-input-reader")

        /** The terminal [FaultTerminalProvider] opened, for [FaultShell]'s commands. */
        @Volatile var current: FaultTerminal? = null
    }
}

/**
 * Opens a [FaultTerminal] over the POSIX terminal, only when the system property
 * `coterm.faults` is `on` (set by [FaultShell]); otherwise it declines. [FaultShell] names it in
 * `coterm.terminal.provider` (on Linux the built-in POSIX terminal would otherwise be chosen
 * without a look at registered providers); it lives in the test classes, so only a program
 * started with them on its class path can load it.
 */
class FaultTerminalProvider : TerminalProvider {
    override val priority: Int get() = Int.MAX_VALUE

    override fun load(): Terminal? {
        if (System.getProperty("coterm.faults") != "on") return null
        // The built-in POSIX provider is internal to the library; tests may reach it by name.
        val posix = Class.forName("coterm.terminal.posix.PosixTerminalProvider").getDeclaredConstructor().newInstance() as TerminalProvider
        val real = posix.load() ?: return null
        return FaultTerminal(real).also { FaultTerminal.current = it }
    }
}
