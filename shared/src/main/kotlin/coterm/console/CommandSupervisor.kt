// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.isInterruptEvent
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.CancellationException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * Runs each command as a child of one [SupervisorJob], so cancelling a command leaves the console
 * and every other command alive, waits for it and says how it ended ([run]); and carries out every
 * Ctrl+C press from start to end: the [InterruptPolicy] decides, and this class cancels the
 * command, clears the type-ahead typed for it, writes `^C` or the notice, or forces the exit. It
 * is the one owner of that decision; the router only hands presses in ([onInterrupt]).
 *
 * **Context**: a command runs with its caller's context elements (a [CoroutineName], a
 * `ThreadContextElement` such as a logging MDC) but on the command dispatcher (never the console's
 * thread) and as a child of this supervisor's job, not of the caller's (see [start]).
 *
 * **Threads**: [start] and [cancelAll] may be called from any thread; [enterForeground],
 * [leaveForeground], [onInterrupt], [onOtherInput] and [promptShowing] belong to the console's
 * thread, which is the only one that reads the policy's state.
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
    private val typeAhead: TypeAhead,
    private val writer: ConsoleWriter,
    private val interactive: Boolean,
    private val forceExit: () -> Unit,
) {
    /** The parent of every command. */
    val job: Job = SupervisorJob(parent)
    private val policy = InterruptPolicy(graceMillis * 1_000_000)
    private val numbers = AtomicLong()

    /** True while a line editor is in front: it takes a Ctrl+C itself. Console thread. */
    var promptShowing: Boolean = false

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

    /**
     * Starts [block] as a new command; it does not run until [Foreground.job] is started. It runs
     * with [caller]'s elements (its name, thread-context elements) but [commandDispatcher] and a
     * child job of [job]: the caller's job and dispatcher are never inherited, so cancelling the
     * command never touches the caller, and the console's thread never runs a command. Without a
     * name from the caller, the command is named [name].
     */
    fun <T> start(name: String, caller: CoroutineContext = EmptyCoroutineContext, block: suspend CoroutineScope.() -> T): Foreground {
        val threads = CommandThreads()
        val inherited = caller.minusKey(Job).minusKey(ContinuationInterceptor)
        val named = if (inherited[CoroutineName] == null) CoroutineName(name) else EmptyCoroutineContext
        val deferred = CoroutineScope(job).async(inherited + named + commandDispatcher + threads, CoroutineStart.LAZY, block)
        return Foreground(numbers.incrementAndGet(), name, deferred, threads)
    }

    /**
     * Runs [block] as the foreground command and waits for it: see [Console.runCommand].
     * [onConsole] runs its block on the console's thread (and throws once the console is closed).
     */
    suspend fun <T> run(
        name: String,
        caller: CoroutineContext,
        onConsole: suspend (suspend CoroutineScope.() -> Unit) -> Unit,
        console: CoroutineDispatcher,
        block: suspend CoroutineScope.() -> T,
    ): CommandOutcome<T> {
        val command = start(name, caller, block)
        try {
            onConsole {
                enterForeground(command)
                onCommandStarting()
            }
            command.job.start()
            command.job.join()
        } catch (e: kotlinx.coroutines.CancellationException) {
            cancelForCaller(command, e)
            withContext(NonCancellable) { command.job.join() }
            throw e
        } catch (e: Throwable) {
            // The console is closed: the command never started, and never will.
            command.job.cancel()
            throw e
        } finally {
            withContext(NonCancellable + console) {
                leaveForeground(command)
                writer.setStatus(null)
            }
        }
        @Suppress("UNCHECKED_CAST")
        val deferred = command.job as Deferred<T>
        val error = deferred.getCompletionExceptionOrNull()
        return when {
            error == null -> CommandOutcome.Completed(deferred.getCompleted())
            command.cancelledByConsole && error is kotlinx.coroutines.CancellationException -> CommandOutcome.Interrupted
            else -> CommandOutcome.Failed(error)
        }
    }

    /** The command just put in the foreground is about to start: a Ctrl+C typed after its line, before it started, is for it. */
    fun onCommandStarting() {
        if (typeAhead.takeThroughFirstInterrupt(::isInterruptEvent)) onInterrupt(InputEvent.Interrupt)
    }

    fun enterForeground(command: Foreground) {
        stack += command
    }

    fun leaveForeground(command: Foreground) {
        stack.remove(command)
    }

    /**
     * One Ctrl+C press or SIGINT, [event]: decided by the policy and carried out here. A prompt
     * showing ([promptShowing]) takes the press itself: it is then passed on to the type-ahead,
     * as with no command in front. Returns the decision (for tests).
     */
    fun onInterrupt(event: InputEvent): InterruptPolicy.Decision {
        val command = foreground?.takeIf { !promptShowing && !it.job.isCompleted }
        val decision = policy.onPress(clock(), command?.id)
        when (decision) {
            InterruptPolicy.Decision.Cancel -> {
                cancel(command!!, CommandCancellation("interrupted by Ctrl+C"), byConsole = true)
                // Keys typed before the press were meant for the command being cancelled.
                if (interactive) typeAhead.clear()
                writer.writeLine("^C")
            }
            InterruptPolicy.Decision.Fold -> Unit
            InterruptPolicy.Decision.Notice ->
                writer.writeLine("^C ${foreground?.name ?: "the command"} is still stopping; press Ctrl+C again to force exit.")
            InterruptPolicy.Decision.ForceExit -> forceExit()
            InterruptPolicy.Decision.PassOn -> typeAhead.add(event)
        }
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
