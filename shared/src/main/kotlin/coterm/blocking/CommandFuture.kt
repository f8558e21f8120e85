// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture

/**
 * The future of [BlockingConsole.callAsync]: a [CompletableFuture] that completes only once its
 * command has ended.
 *
 * [cancel] cancels the command's coroutine (which interrupts the task's worker thread) instead
 * of completing the future itself: the coroutine completes it, cancelled, when the task has
 * ended. Until then [isDone] is false, unlike `FutureTask`, whose `cancel` reports the future
 * done while the task may still be running. Completing the future from outside (`complete`,
 * `completeExceptionally`, `orTimeout`) works as for any `CompletableFuture` and cancels the
 * command, whose own result is then dropped.
 *
 * Threads: any; [bind] is called once, before the future is handed out.
 */
internal class CommandFuture<T> : CompletableFuture<T>() {
    @Volatile
    private var job: Job? = null

    /** Ties the future to the coroutine that will complete it. */
    fun bind(job: Job) {
        this.job = job
        whenComplete { _, _ -> job.cancel() }
    }

    /**
     * Cancels the command and returns true, unless the future is done already (false); the
     * future is cancelled once the task has ended. [mayInterruptIfRunning] makes no difference:
     * a cancelled command's threads are always interrupted, as by Ctrl+C.
     */
    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        if (isDone) return false
        val job = checkNotNull(job) { "not bound to a command" }
        job.cancel()
        return true
    }

    /** Dependent stages are plain futures: only this one waits for the task on [cancel]. */
    override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
}
