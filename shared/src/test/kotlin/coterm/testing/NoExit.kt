// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import java.util.concurrent.CopyOnWriteArrayList

/**
 * The `exit` of a console that must not exit. A console calls `exit` from its own threads and
 * scope, whose handler only prints what is thrown, so a guard that throws (`error("no exit
 * expected")`) can never fail a test. This one records each status asked for, and [assertNone]
 * fails the test on the test's own thread.
 */
class NoExit : (Int) -> Unit {
    private val statuses = CopyOnWriteArrayList<Int>()

    override fun invoke(status: Int) {
        statuses += status
    }

    /** Fails when the console asked to exit, with the statuses it asked for. */
    fun assertNone() {
        if (statuses.isNotEmpty()) throw AssertionError("the console asked to exit with status ${statuses.toList()}; no exit was expected")
    }
}
