// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import java.util.concurrent.CountDownLatch

/**
 * Runs [block] for a Java caller that blocks until it has ended, and returns what it returned:
 * the bridges' `runBlocking`, holding to kotlinx's rule that a caller returns only once what it
 * started has finished.
 *
 * **Interrupts**: `runBlocking` throws [InterruptedException] the moment the waiting thread is
 * interrupted, while the coroutine it cancelled may still be running (a command in its `finally`
 * blocks, a child process being destroyed), and whatever that coroutine resumes on the caller's
 * event loop is never run, since nobody runs that loop any more. Here an interrupt cancels
 * [block] and the thread waits on, no longer interruptible, until [block] has ended. Then:
 * if [block] was cancelled by it, [InterruptedException] is thrown (the interrupt status clear,
 * as with any method that throws it); if [block] ended some other way first, its value or error
 * is the answer and the interrupt status is set again.
 *
 * **Threads**: [block] starts on the calling thread and goes on wherever it is resumed
 * ([Dispatchers.Unconfined]); everything it calls picks its own dispatcher (the console's
 * thread, a command's), so that costs no thread hand-off of its own. It has no parent, like
 * `runBlocking`'s coroutine: the waiting caller is what keeps it structured.
 */
@Throws(InterruptedException::class)
@OptIn(ExperimentalCoroutinesApi::class) // getCompleted and getCompletionExceptionOrNull, once it has ended
@JvmSynthetic
internal fun <T> runToEnd(block: suspend CoroutineScope.() -> T): T {
    val work = CoroutineScope(Dispatchers.Unconfined).async(block = block)
    val ended = CountDownLatch(1)
    work.invokeOnCompletion { ended.countDown() }
    var interrupted = false
    while (true) {
        try {
            ended.await()
            break
        } catch (e: InterruptedException) {
            interrupted = true
            work.cancel()
        }
    }
    val error = work.getCompletionExceptionOrNull()
    if (interrupted && error is CancellationException) throw InterruptedException("interrupted; what it started has ended")
    if (interrupted) Thread.currentThread().interrupt()
    if (error != null) throw error
    return work.getCompleted()
}
