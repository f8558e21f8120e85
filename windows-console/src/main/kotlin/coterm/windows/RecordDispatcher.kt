// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.terminal.TerminalException
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The one thread that reads the Windows console, and only while the console's reader asks for
 * input: it waits in `WaitForMultipleObjects` on the console input handle and a wake event with
 * no timeout (an idle console costs no CPU and no wake-ups), reads every record already queued
 * in one go (up to [BATCH_RECORDS]), has [translate] turn the batch into events and bytes, and
 * hands the result to the reader, which takes it with [next].
 *
 * **Reads on demand.** A batch is read only while a [next] is waiting with nothing to take, and
 * at most one batch is read per such call. [wakeReader] (the console's reader being stopped,
 * paused or woken) withdraws the demand and wakes the thread out of its wait. So records that
 * arrive while the console's reader is parked (a child process owns the console under `run`) or
 * gone (after `quit`) stay in the console's input buffer for whoever reads next: the child, or
 * the shell that started the program. Back-pressure is the console's own buffer.
 *
 * **Pause.** [pause] stops the thread and joins it (the console is handed to a child); [resume]
 * starts a new one. Compared with JLine: its `AbstractWindowsTerminal` does the same on
 * `pause()`/`resume()`, but its pump reads ahead whenever it runs; this one never reads ahead.
 *
 * | state | thread | [next] |
 * |---|---|---|
 * | started, no demand | waits for a demand | — |
 * | started, demand | waits for input or the wake event, reads one batch | the batch, or [Next.Woken] after [wakeReader] or a timeout |
 * | paused | none | waits (a batch read before the pause comes first) |
 * | failed (a console call failed) | ended | [Next.Failed] once, then [Next.End] |
 * | closed | woken by the event, joined | [Next.End] |
 *
 * **Never stuck in a read.** [ConsoleApi.readRecords] does not block (`CONSOLE_READ_NOWAIT`).
 * Where it can (the fallback, when another process read the records between the count and the
 * read), [pause] and [close] end it with [ConsoleApi.cancelRead]. Either returns within
 * [STOP_MILLIS] with no thread left; the event handle is closed only after the thread has
 * ended, never under it.
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

    /** Guards [wanted], [paused], [stopping], [thread]; the dispatcher waits on it for a demand. */
    private val lock = Object()
    private val queue = LinkedBlockingQueue<Next>()

    /** A [next] is waiting and the queue was empty when it asked. */
    private var wanted = false
    private var paused = false
    private var stopping = false
    private var thread: Thread? = null

    /** True while the current thread is inside [ConsoleApi.readRecords]; for [cancelRead]. */
    @Volatile
    private var reading = false

    /** Starts the thread; nothing when it runs, is paused or closed. */
    fun start() {
        synchronized(lock) {
            if (thread != null || paused || stopping) return
            thread = Thread({ loop() }, THREAD_NAME).apply {
                isDaemon = true
                start()
            }
        }
    }

    /**
     * The next item, waiting up to [timeoutMillis] (negative: no limit); [Next.Woken] on a
     * timeout or after [wakeReader]. Called by the console's reader thread only. Asks the
     * dispatcher for one batch when nothing is queued.
     */
    fun next(timeoutMillis: Long): Next {
        synchronized(lock) {
            queue.poll()?.let { return taken(it) }
            wanted = true
            lock.notifyAll()
        }
        val item = (if (timeoutMillis < 0) queue.take() else queue.poll(timeoutMillis, TimeUnit.MILLISECONDS))
            ?: return Next.Woken
        return taken(item)
    }

    private fun taken(item: Next): Next {
        if (item is Next.Failed || item == Next.End) queue.put(Next.End)
        return item
    }

    /**
     * Makes a blocked [next], or the next call, return [Next.Woken], and withdraws the demand:
     * the dispatcher reads nothing more until [next] asks again. Any thread.
     */
    fun wakeReader() {
        synchronized(lock) {
            wanted = false
            queue.put(Next.Woken)
            // Under the lock: close() releases the event under it, and a released handle's
            // number may already name another object.
            if (!stopping) api.wake()
        }
    }

    /** Waits for a demand; false when the thread should end (paused or closed). */
    private fun awaitDemand(): Boolean = synchronized(lock) {
        while (!wanted && !paused && !stopping) lock.wait()
        !paused && !stopping
    }

    private fun loop() {
        val buffer = ByteArray(BATCH_RECORDS * InputRecordLayout.SIZE)
        var emptyWakeUps = 0
        try {
            while (awaitDemand()) {
                when (api.awaitInput()) {
                    ConsoleApi.Wait.Woken -> continue
                    ConsoleApi.Wait.Failed -> throw failure("WaitForMultipleObjects")
                    ConsoleApi.Wait.Input -> Unit
                }
                // The demand may have gone while waiting (the reader paused or stopped): leave the records.
                if (!synchronized(lock) { wanted && !paused && !stopping }) continue
                var total = 0
                while (total < BATCH_RECORDS) {
                    val pending = api.pendingRecords()
                    if (pending < 0) throw failure("GetNumberOfConsoleInputEvents")
                    if (pending == 0) break
                    reading = true
                    val n = try {
                        api.readRecords(buffer, total, minOf(pending, BATCH_RECORDS - total))
                    } finally {
                        reading = false
                    }
                    if (n < 0) {
                        if (synchronized(lock) { paused || stopping }) return
                        throw failure("ReadConsoleInputW")
                    }
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
                    synchronized(lock) {
                        wanted = false
                        queue.put(Next.Batch(items))
                    }
                }
            }
        } catch (_: InterruptedException) {
            // Only stop() interrupts, after the thread failed to end in time.
        } catch (t: Throwable) {
            if (!synchronized(lock) { stopping }) {
                queue.put(Next.Failed(t))
                queue.put(Next.End)
            }
        }
    }

    private fun failure(call: String) = TerminalException("$call failed: Windows error ${api.lastError()}")

    /** True while the thread runs; for tests. */
    val isAlive: Boolean get() = synchronized(lock) { thread }?.isAlive == true

    /**
     * Stops the thread and joins it, leaving every record not read yet in the console's buffer
     * (a child process is given the console); [resume] starts it again. A batch already read
     * stays queued for [next]. Any thread but the dispatcher's.
     */
    fun pause() {
        val running = synchronized(lock) {
            if (stopping) return
            paused = true
            lock.notifyAll()
            thread.also { thread = null }
        }
        stop(running)
    }

    /** Reads again after [pause] (a new thread, started by the next [next] or here). */
    fun resume() {
        synchronized(lock) {
            if (stopping || !paused) return
            paused = false
        }
        start()
    }

    /** Ends [running]: the wake event ends its wait, [ConsoleApi.cancelRead] a blocked read. */
    private fun stop(running: Thread?) {
        if (running == null || running === Thread.currentThread()) return
        api.wake()
        running.join(WAKE_MILLIS)
        if (running.isAlive && reading) api.cancelRead()
        running.join(STOP_MILLIS - WAKE_MILLIS)
        if (running.isAlive) running.interrupt()
    }

    /**
     * Stops the thread and joins it (within [STOP_MILLIS]), then releases the console API's wake
     * event, and makes [next] return [Next.End]. Idempotent.
     */
    override fun close() {
        val running = synchronized(lock) {
            if (stopping) return
            stopping = true
            lock.notifyAll()
            thread
        }
        stop(running)
        queue.put(Next.End)
        // A thread still inside a console call after all that: leak the event, never close it under it.
        synchronized(lock) { if (running?.isAlive != true) api.close() }
    }

    internal companion object {
        const val THREAD_NAME: String = "coterm-windows-console"

        /** Records read in one go at most: 320 KB of buffer. */
        const val BATCH_RECORDS: Int = 16_384
        private const val MAX_BACKOFF_MILLIS = 50L

        /** How long [pause] and [close] wait for the thread; the test holds them to 100 ms. */
        const val STOP_MILLIS: Long = 80L

        /** How long the wake event gets before a read is cancelled (a wait ends within microseconds). */
        private const val WAKE_MILLIS = 10L
    }
}
