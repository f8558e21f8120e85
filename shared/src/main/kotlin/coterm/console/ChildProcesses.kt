// SPDX-License-Identifier: Apache-2.0
package coterm.console

import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/**
 * The child processes a console started ([Console.runProcess]) and has not yet seen end, so that
 * none outlives it: a child has the terminal in the foreground (it shares the console's process
 * group), and one left running after the console exits would hold the terminal against the shell.
 *
 * Stopping a child is what a job-control shell does to a job, without a process group of its
 * own to signal: SIGTERM to the child and to every process under it at that moment, then, after
 * a grace period, SIGKILL to those still running, and a short wait for the child to be gone. A
 * child that has already ended is only forgotten: what it left running in the background is
 * its own business (`run sh -c 'server &'`).
 *
 * Threading: any thread. [stop] and [stopAll] block for at most the grace period plus [REAP_MILLIS].
 */
internal class ChildProcesses {
    private val running = ConcurrentHashMap.newKeySet<Process>()

    /** Starts [builder]'s process and remembers it until [stop]. */
    fun start(builder: ProcessBuilder): Process = builder.start().also { running += it }

    /** Stops [process] (see the class) if it still runs, giving it [graceMillis], and forgets it. */
    fun stop(process: Process, graceMillis: Long) {
        stop(listOf(process), System.nanoTime() + graceMillis * 1_000_000)
    }

    /**
     * Stops every child still running, all by one [deadline] (`System.nanoTime`): those that
     * have not ended by then are killed. A deadline already past kills at once.
     */
    fun stopAll(deadline: Long) {
        stop(running.toList(), deadline)
    }

    private fun stop(processes: List<Process>, deadline: Long) {
        val alive = processes.filter { it.isAlive }
        // The tree as it is now: once the child ends, what it started is reparented and gone from view.
        val tree = alive.flatMap { listOf(it.toHandle()) + it.descendants().toList() }
        try {
            tree.forEach { it.destroy() }
            if (!awaitExit(tree, deadline)) {
                tree.filter { it.isAlive }.forEach { it.destroyForcibly() }
                awaitExit(alive.map { it.toHandle() }, System.nanoTime() + REAP_MILLIS * 1_000_000)
            }
        } finally {
            running.removeAll(processes.toSet())
        }
    }

    /** Waits until every process in [handles] has ended or [deadline] has passed; true if all ended. */
    private fun awaitExit(handles: List<ProcessHandle>, deadline: Long): Boolean {
        if (handles.isEmpty()) return true
        val all = CompletableFuture.allOf(*handles.map { it.onExit() }.toTypedArray())
        return try {
            all.get((deadline - System.nanoTime()).coerceAtLeast(0), TimeUnit.NANOSECONDS)
            true
        } catch (_: TimeoutException) {
            false
        } catch (_: InterruptedException) {
            Thread.currentThread().interrupt()
            false
        } catch (_: java.util.concurrent.ExecutionException) {
            false
        }
    }

    private companion object {
        /** How long to wait for a killed child to be gone before going on anyway. */
        const val REAP_MILLIS = 1_000L
    }
}
