// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.TerminalException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * Takes the terminal back after [Console.handOff]: runs every step whatever the others do, then
 * reports the ones that failed. Skipping a step would leave a console that does not read (the
 * reader still parked), that ignores Ctrl+C (SIGINT still taken for the child's) or that reads
 * in cooked mode; any one of them still working keeps the console usable enough to say so.
 *
 * Suspending steps run in order on the caller's coroutine; the caller runs them NonCancellable.
 */
internal object HandBack {
    /**
     * Gives the terminal away ([give]), runs [block], then runs every step of [takeBack]
     * (NonCancellable) whatever [block] did: what [block] returns, or what it threw; a failure to
     * take the terminal back is thrown with what [block] threw suppressed in it.
     */
    suspend fun <T> around(give: suspend () -> Unit, block: suspend () -> T, takeBack: List<Step>): T {
        var failure: Throwable? = null
        try {
            give()
            return block()
        } catch (e: Throwable) {
            failure = e
            throw e
        } finally {
            withContext(NonCancellable) {
                try {
                    run(takeBack)
                } catch (e: TerminalException) {
                    failure?.let(e::addSuppressed)
                    throw e
                }
            }
        }
    }

    /** One step: [what] names it in the error. */
    class Step(val what: String, val action: suspend () -> Unit)

    /**
     * Runs each of [steps] in order, each whatever the ones before it did.
     *
     * @throws TerminalException after all have run, when any failed: its message names every
     *   failed step and its error, its cause is the first failure, the others are suppressed.
     */
    suspend fun run(steps: List<Step>) {
        val failures = ArrayList<Pair<Step, Throwable>>(0)
        for (step in steps) {
            try {
                step.action()
            } catch (e: Throwable) {
                failures += step to e
            }
        }
        if (failures.isEmpty()) return
        val list = failures.joinToString("; ") { (step, e) -> "${step.what}: ${e.message ?: e}" }
        val error = TerminalException("could not take the terminal back after the child process ($list)", failures[0].second)
        failures.drop(1).forEach { error.addSuppressed(it.second) }
        throw error
    }
}
