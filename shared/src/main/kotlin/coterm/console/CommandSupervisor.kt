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
        @Volatile
        var interruptedByUser: Boolean = false
    }

    var foreground: Foreground? = null
        private set

    /** Starts [block] as a new command; it does not run until [Foreground.job] is started. */
    fun <T> start(name: String, block: suspend CoroutineScope.() -> T): Foreground {
        val threads = CommandThreads()
        val deferred = scope.async(CoroutineName(name) + threads, CoroutineStart.LAZY, block)
        return Foreground(name, deferred, threads)
    }

    fun enterForeground(command: Foreground) {
        foreground = command
    }

    fun leaveForeground(command: Foreground) {
        if (foreground === command) {
            foreground = null
            policy.onCommandFinished()
        }
    }

    /** Decides about one Ctrl+C press; acts on [InterruptPolicy.Decision.Cancel] itself. */
    fun onInterrupt(): InterruptPolicy.Decision {
        val command = foreground?.takeIf { !it.job.isCompleted }
        val decision = policy.onPress(clock(), commandRunning = command != null)
        if (decision == InterruptPolicy.Decision.Cancel && command != null) {
            command.interruptedByUser = true
            command.job.cancel(CancellationException("interrupted by Ctrl+C"))
            command.threads.interruptAll()
        }
        return decision
    }

    /** Cancels every command, interrupts their threads and waits up to [waitMillis] for them. */
    suspend fun cancelAll(waitMillis: Long) {
        foreground?.threads?.interruptAll()
        job.cancelChildren(CancellationException("console is shutting down"))
        withTimeoutOrNull(waitMillis) { job.children.toList().joinAll() }
    }
}
