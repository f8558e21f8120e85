// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.terminal.TerminalException
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit

/**
 * The one thread that reads the Windows console: it waits in `WaitForMultipleObjects` on the
 * console input handle and a wake event with no timeout (an idle console costs no CPU and no
 * wake-ups), reads every record already queued in one go (up to [BATCH_RECORDS]) with
 * `ReadConsoleInputW`, has [translate] turn the batch into events and bytes, and queues the
 * result for the console's reader, which takes it with [next].
 *
 * Back-pressure: at most [MAX_QUEUED_BATCHES] batches wait; past that the thread stops reading
 * and the records wait in the console's own input buffer.
 *
 * | state | thread | [next] |
 * |---|---|---|
 * | started | waits for input or the wake event | the next batch, or [Next.Woken] after [wakeReader] |
 * | failed (a console call failed) | ended | [Next.Failed] once, then [Next.End] |
 * | closed | woken by the event, joined | [Next.End] |
 *
 * [close] sets the wake event, so the thread leaves its wait at once (well within 100 ms), and
 * joins it; the event handle is closed only after the thread has ended, never under it.
 */
internal class RecordDispatcher(
    private val api: ConsoleApi,
    private val translate: (records: List<InputRecord>, moreWaiting: Boolean) -> List<ConsoleInput>,
) : AutoCloseable {
    /** What [next] returns. */
    sealed interface Next {
        /** One batch of translated input. */
        data class Batch(val items: List<ConsoleInput>) : Next

        /** [wakeReader] was called, or the wait timed out. */
        data object Woken : Next

        /** A console call failed; [error] says which. */
        data class Failed(val error: Throwable) : Next

        /** The dispatcher is closed or has failed: no more input. */
        data object End : Next
    }

    @Volatile
    private var stopping = false
    private val queue = LinkedBlockingQueue<Next>()
    private val room = Semaphore(MAX_QUEUED_BATCHES)
    private val thread = Thread(::loop, THREAD_NAME).apply { isDaemon = true }
    private var started = false

    /** Starts the thread; later calls do nothing. */
    @Synchronized
    fun start() {
        if (started || stopping) return
        started = true
        thread.start()
    }

    /**
     * The next item, waiting up to [timeoutMillis] (negative: no limit); [Next.Woken] on a
     * timeout or after [wakeReader]. Called by the console's reader thread.
     */
    fun next(timeoutMillis: Long): Next {
        val item = (if (timeoutMillis < 0) queue.take() else queue.poll(timeoutMillis, TimeUnit.MILLISECONDS)) ?: return Next.Woken
        when (item) {
            is Next.Batch -> room.release()
            is Next.Failed, Next.End -> queue.put(Next.End)
            Next.Woken -> Unit
        }
        return item
    }

    /** Makes a blocked [next], or the next call, return [Next.Woken]. Any thread. */
    fun wakeReader() {
        queue.put(Next.Woken)
    }

    private fun loop() {
        val buffer = ByteArray(BATCH_RECORDS * InputRecordLayout.SIZE)
        var emptyWakeUps = 0
        try {
            while (!stopping) {
                when (api.awaitInput()) {
                    ConsoleApi.Wait.Woken -> continue
                    ConsoleApi.Wait.Failed -> throw failure("WaitForMultipleObjects")
                    ConsoleApi.Wait.Input -> Unit
                }
                if (stopping) break
                var total = 0
                while (total < BATCH_RECORDS) {
                    val pending = api.pendingRecords()
                    if (pending < 0) throw failure("GetNumberOfConsoleInputEvents")
                    if (pending == 0) break
                    val n = api.readRecords(buffer, total, minOf(pending, BATCH_RECORDS - total))
                    if (n < 0) throw failure("ReadConsoleInputW")
                    if (n == 0) break
                    total += n
                }
                if (total == 0) {
                    // Signalled with nothing queued (another reader took the records): never spin.
                    emptyWakeUps++
                    if (emptyWakeUps > 1) Thread.sleep(minOf(emptyWakeUps.toLong(), MAX_BACKOFF_MILLIS))
                    continue
                }
                emptyWakeUps = 0
                val moreWaiting = total == BATCH_RECORDS && api.pendingRecords() > 0
                val items = translate(InputRecordLayout.decodeAll(buffer, total), moreWaiting)
                if (items.isNotEmpty()) {
                    room.acquire()
                    queue.put(Next.Batch(items))
                }
            }
        } catch (_: InterruptedException) {
            // close() interrupts a thread that waits for room in the queue.
        } catch (t: Throwable) {
            if (!stopping) queue.put(Next.Failed(t))
        } finally {
            queue.put(Next.End)
        }
    }

    private fun failure(call: String) = TerminalException("$call failed: Windows error ${api.lastError()}")

    /** True while the thread runs; for tests. */
    val isAlive: Boolean get() = thread.isAlive

    /**
     * Stops the thread (the wake event ends its wait; an interrupt ends a wait for queue room),
     * joins it, and then releases the console API's wake event. Idempotent.
     */
    override fun close() {
        val wasStarted = synchronized(this) {
            if (stopping) return
            stopping = true
            started
        }
        if (wasStarted && Thread.currentThread() !== thread) {
            api.wake()
            thread.join(STOP_MILLIS)
            if (thread.isAlive) {
                thread.interrupt()
                thread.join(JOIN_MILLIS)
            }
        }
        queue.put(Next.End)
        // A thread still inside a console call after all that: leak the event, never close it under it.
        if (!thread.isAlive) api.close()
    }

    internal companion object {
        const val THREAD_NAME: String = "coterm-windows-console"

        /** Records read in one go at most: 320 KB of buffer. */
        const val BATCH_RECORDS: Int = 16_384
        const val MAX_QUEUED_BATCHES: Int = 16
        private const val MAX_BACKOFF_MILLIS = 50L
        private const val STOP_MILLIS = 100L
        private const val JOIN_MILLIS = 2_000L
    }
}
