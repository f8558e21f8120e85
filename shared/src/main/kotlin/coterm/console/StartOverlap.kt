// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputDecoder
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Start-up overlap for [Console.open]: while the caller's thread opens the process's terminal
 * (JNA loads its native library, looks up libc and starts `java.util.logging`: about 20 ms of a
 * JDK 17 start), a second thread loads and initialises the classes the console needs next (the
 * coroutine machinery, the input decoder) by running them once on throw-away objects. Nothing it
 * makes outlives it; [end] waits for it, so no thread is left behind and the console is built
 * on warm classes. On one core it only moves work; on two it takes it off the start path.
 *
 * A failure in the warm-up (out of memory, a thread that cannot start) changes nothing: the
 * console loads those classes itself as it always could.
 */
internal class StartOverlap private constructor(private val thread: Thread?) {
    /** Waits for the warm-up to finish; keeps the caller's interrupt status. */
    fun end() {
        val thread = thread ?: return
        var interrupted = false
        while (true) {
            try {
                thread.join()
                break
            } catch (_: InterruptedException) {
                interrupted = true
            }
        }
        if (interrupted) Thread.currentThread().interrupt()
    }

    companion object {
        /** Starts the warm-up thread, or nothing when it cannot start. */
        fun begin(): StartOverlap {
            val thread = try {
                Thread(::warmUp, "coterm-start").apply {
                    isDaemon = true
                    start()
                }
            } catch (_: Throwable) {
                null
            }
            return StartOverlap(thread)
        }

        /** What [ConsoleParts] does first, on objects that are dropped at once. */
        private fun warmUp() {
            try {
                runBlocking {
                    val job = SupervisorJob()
                    val scope = CoroutineScope(job + Dispatchers.Unconfined + CoroutineName("coterm-start") + CoroutineExceptionHandler { _, _ -> })
                    val channel = Channel<Int>(Channel.UNLIMITED)
                    scope.launch { channel.send(1) }
                    channel.receive()
                    Mutex().withLock { }
                    withTimeoutOrNull(1_000) { }
                    scope.cancel()
                }
                InputDecoder().feed(WARM_INPUT, 0, WARM_INPUT.size)
            } catch (_: Throwable) {
                // Only a head start: the console does all of this again for real.
            }
        }

        /** A key, an arrow key and a bracketed paste: the decoder's common paths. */
        private val WARM_INPUT = "a\u001b[A\u001b[200~b\u001b[201~".toByteArray()
    }
}
