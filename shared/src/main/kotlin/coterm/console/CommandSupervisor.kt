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

/**
 * Runs each command as a child of one [SupervisorJob], so cancelling a command leaves the console
 * and every other command alive, and turns Ctrl+C presses into cancel, notice or forced exit
 * through an [InterruptPolicy].
 *
 * The foreground command is set and read on the console's thread only.
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

    /** A command in the foreground: the one Ctrl+C is aimed at. */
    class Foreground(val name: String, val job: Deferred<*>, val threads: CommandThreads) {
        /** Set when coterm (an interrupt, or shutting down) cancelled it, not the command itself. */
        @Volatile
        var cancelledByConsole: Boolean = false
    }

    /** Foreground commands, innermost last: a command may run another in the foreground. */
    private val stack = java.util.concurrent.CopyOnWriteArrayList<Foreground>()

    /** The innermost foreground command; read on the console thread. */
    val foreground: Foreground? get() = stack.lastOrNull()

    /** Starts [block] as a new command; it does not run until [Foreground.job] is started. */
    fun <T> start(name: String, block: suspend CoroutineScope.() -> T): Foreground {
        val threads = CommandThreads()
        val deferred = scope.async(CoroutineName(name) + threads, CoroutineStart.LAZY, block)
        return Foreground(name, deferred, threads)
    }

    fun enterForeground(command: Foreground) {
        stack += command
    }

    fun leaveForeground(command: Foreground) {
        stack.remove(command)
        policy.onCommandFinished()
    }

    /**
     * Decides about one Ctrl+C press; [promptShowing] means a line editor is in front, which
     * takes the press itself. Acts on [InterruptPolicy.Decision.Cancel].
     */
    fun onInterrupt(promptShowing: Boolean): InterruptPolicy.Decision {
        val command = foreground?.takeIf { !promptShowing && !it.job.isCompleted }
        val decision = policy.onPress(clock(), commandRunning = command != null)
        if (decision == InterruptPolicy.Decision.Cancel && command != null) cancel(command, "interrupted by Ctrl+C")
        return decision
    }

    private fun cancel(command: Foreground, reason: String) {
        command.cancelledByConsole = true
        command.job.cancel(CommandCancellation(reason))
        command.threads.interruptAll()
    }

    /**
     * Cancels every command and interrupts the threads running foreground ones, then waits up to
     * [waitMillis] for them to finish. Safe from any thread.
     */
    suspend fun cancelAll(waitMillis: Long) {
        for (command in stack.toList()) cancel(command, "console is shutting down")
        job.cancelChildren(CommandCancellation("console is shutting down"))
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
