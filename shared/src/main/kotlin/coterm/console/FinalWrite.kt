// SPDX-License-Identifier: Apache-2.0
package coterm.console

/**
 * The last writes of a program that is exiting, waited for at most a given time: a terminal
 * that takes no output (an ssh session that stalls without hanging up, a pseudo-terminal whose
 * master nobody reads) blocks a write forever, and so does the console writer's lock while
 * another thread is blocked in a write under it.
 *
 * The writes run on a daemon thread; when the time is up the caller goes on to exit and the
 * thread is left to the JVM's end. Exit paths only (the console's shutdown, the shutdown hook):
 * anywhere else a thread left blocked in a write would outlive its console. What must happen
 * whatever the terminal does (termios back to how it was) is done before, on the caller's thread.
 */
internal object FinalWrite {
    /** Runs [block] on a daemon thread and waits up to [millis] for it; true if it finished. */
    fun within(millis: Long, block: () -> Unit): Boolean {
        val thread = Thread({
            try {
                block()
            } catch (_: Throwable) {
                // Exiting: the terminal is gone or broken, and there is nobody left to tell.
            }
        }, "coterm-final-write")
        thread.isDaemon = true
        thread.start()
        try {
            thread.join(millis)
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
        }
        return !thread.isAlive
    }
}
