// SPDX-License-Identifier: Apache-2.0
package coterm.console

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.CancellationException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicLong

/**
 * Runs each command as a child of one [SupervisorJob], so cancelling a command leaves the console
 * and every other command alive, and turns Ctrl+C presses into cancel, notice or forced exit
 * through an [InterruptPolicy]. It is the one owner of that decision: the router only shows
 * what was decided (`^C`, the notice) and carries out the exit.
 *
 * **Threads**: [start] and [cancelAll] may be called from any thread; [enterForeground],
 * [leaveForeground], [onInterrupt] and [onOtherInput] run on the console's thread, which is the
 * only one that reads the policy's state.
 *
 * **Cancellation**: cancelling a command (a Ctrl+C, its caller cancelled, the console closing)
 * cancels its job and interrupts the threads running it right then ([CommandThreads]), so
 * blocking code that ignores cancellation is woken too.
 */
internal class CommandSupervisor(
    parent: Job,
    private val commandDispatcher: CoroutineDispatcher,
    graceMillis: Long,
    private val clock: () -> Long = System::nanoTime,
) {
    /** The parent of every command. */
    val job: Job = SupervisorJob(parent)
    private val scope = CoroutineScope(job + commandDispatcher)
    private val policy = InterruptPolicy(graceMillis * 1_000_000)
    private val numbers = AtomicLong()

    /**
     * A command: [id] is its identity for the [InterruptPolicy] (a Ctrl+C aimed at a command that
     * started after the last cancel is its first press, never folded into the earlier ones).
     */
    class Foreground(val id: Long, val name: String, val job: Deferred<*>, val threads: CommandThreads) {
        /** Set when coterm (an interrupt, or shutting down) cancelled it, not the command itself. */
        @Volatile
        var cancelledByConsole: Boolean = false
    }

    /** Foreground commands, innermost last: a command may run another in the foreground. */
    private val stack = CopyOnWriteArrayList<Foreground>()

    /** The innermost foreground command; read on the console thread. */
    val foreground: Foreground? get() = stack.lastOrNull()

    /** Starts [block] as a new command; it does not run until [Foreground.job] is started. */
    fun <T> start(name: String, block: suspend CoroutineScope.() -> T): Foreground {
        val threads = CommandThreads()
        val deferred = scope.async(CoroutineName(name) + threads, CoroutineStart.LAZY, block)
        return Foreground(numbers.incrementAndGet(), name, deferred, threads)
    }

    fun enterForeground(command: Foreground) {
        stack += command
    }

    fun leaveForeground(command: Foreground) {
        stack.remove(command)
    }

    /**
     * Decides about one Ctrl+C press; [promptShowing] means a line editor is in front, which
     * takes the press itself. Acts on [InterruptPolicy.Decision.Cancel]; the other decisions are
     * the caller's to show.
     */
    fun onInterrupt(promptShowing: Boolean): InterruptPolicy.Decision {
        val command = foreground?.takeIf { !promptShowing && !it.job.isCompleted }
        val decision = policy.onPress(clock(), command?.id)
        if (decision == InterruptPolicy.Decision.Cancel) cancel(command!!, CommandCancellation("interrupted by Ctrl+C"), byConsole = true)
        return decision
    }

    /** Input other than Ctrl+C arrived: the next press is not part of the burst before it. */
    fun onOtherInput() {
        policy.onOtherInput()
    }

    /**
     * Cancels [command] because whoever waits for it was cancelled ([cause]): as a Ctrl+C does,
     * it interrupts the threads running it, but it is not reported as interrupted.
     */
    fun cancelForCaller(command: Foreground, cause: CancellationException) {
        cancel(command, cause, byConsole = false)
    }

    private fun cancel(command: Foreground, cause: CancellationException, byConsole: Boolean) {
        if (byConsole) command.cancelledByConsole = true
        command.job.cancel(cause)
        command.threads.interruptAll()
    }

    /**
     * Cancels every command and interrupts the threads running foreground ones, then waits up to
     * [waitMillis] for them to finish. Safe from any thread.
     */
    suspend fun cancelAll(waitMillis: Long) {
        val reason = CommandCancellation("console is shutting down")
        for (command in stack.toList()) cancel(command, reason, byConsole = true)
        job.cancelChildren(reason)
        withTimeoutOrNull(waitMillis) { job.children.toList().joinAll() }
    }
}

/**
 * Why the console cancelled a command. It has no stack trace: where the console cancelled from
 * tells nobody anything, and filling one in cost a Ctrl+C about 100 µs (p50, measured) while the
 * code is still interpreted (as it is for the first presses of a session).
 */
internal class CommandCancellation(reason: String) : CancellationException(reason) {
    override fun fillInStackTrace(): Throwable = this
}
