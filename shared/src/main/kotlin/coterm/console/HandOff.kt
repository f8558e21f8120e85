// SPDX-License-Identifier: Apache-2.0
package coterm.console

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withContext

/**
 * The terminal handed to a child process and taken back ([Console.handOff], [Console.runProcess]):
 * the reader parked, raw mode and bracketed paste off ([TerminalSession.pause]), and afterwards
 * every step of taking it back tried whatever the others do ([HandBack]).
 *
 * The caller has already set [EventRouter.handedOff] and left the line, on the console's thread.
 */
internal class HandOff(
    private val reader: InputReader,
    private val session: TerminalSession,
    private val router: EventRouter,
    private val children: ChildProcesses,
    private val console: CoroutineDispatcher,
) {
    /** Gives the terminal away, runs [block], takes the terminal back. */
    suspend fun <T> run(block: suspend () -> T): T = HandBack.around(
        give = {
            withContext(Dispatchers.IO) { reader.pause() }
            session.pause()
        },
        block = block,
        takeBack = listOf(
            HandBack.Step("raw mode") { session.resume() },
            HandBack.Step("the input reader") { reader.resume() },
            // On the console's loop, after any SIGINT queued meanwhile: that one was the child's.
            HandBack.Step("Ctrl+C") { withContext(console) { router.handedOff = false } },
        ),
    )

    /**
     * Runs [command] with inherited standard input, output and error and waits for it; cancelled,
     * it stops the child (SIGTERM, then SIGKILL after [ConsoleExit.PROCESS_GRACE_MILLIS]).
     */
    suspend fun process(command: List<String>): Int {
        val process = children.start(ProcessBuilder(command).inheritIO())
        try {
            return runInterruptible(Dispatchers.IO) { process.waitFor() }
        } finally {
            withContext(NonCancellable + Dispatchers.IO) { children.stop(process, ConsoleExit.PROCESS_GRACE_MILLIS) }
        }
    }
}
