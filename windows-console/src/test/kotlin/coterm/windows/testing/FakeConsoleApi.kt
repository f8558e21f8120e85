// SPDX-License-Identifier: Apache-2.0
package coterm.windows.testing

import coterm.terminal.TerminalSize
import coterm.windows.ConsoleApi
import coterm.windows.InputRecordLayout
import java.util.ArrayDeque
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * A console in memory. [awaitInput] really blocks (on a condition) until records are [queue]d or
 * [wake] is called, like `WaitForMultipleObjects` with INFINITE; modes are stored and every
 * change recorded; writes are collected; the control handler can be [raise]d; [calls] lists mode
 * changes and writes in the order they were made.
 *
 * [stealNextRead] plays another process that reads the records between the dispatcher's count
 * and its read. With [blockingReads] the read then blocks as `ReadConsoleInputW` does, until
 * records arrive or [cancelRead] (`CancelSynchronousIo`) ends it; without, it returns 0 as the
 * `CONSOLE_READ_NOWAIT` read does.
 */
internal class FakeConsoleApi(
    var inputMode: Int? = 0x01F7,
    var outputMode: Int? = 0x0003,
    var refuseVtOutput: Boolean = false,
    var refuseVtInput: Boolean = false,
    var size: TerminalSize? = TerminalSize(120, 30),
) : ConsoleApi {
    private val lock = ReentrantLock()
    private val changed = lock.newCondition()
    private val records = ArrayDeque<ByteArray>()
    private var woken = false

    val modeChanges = mutableListOf<Pair<ConsoleApi.Stream, Int>>()
    val written = StringBuilder()
    var waits = 0
        private set
    var closed = false
        private set
    @Volatile var failWait = false
    @Volatile var blockingReads = false
    @Volatile var stealNextRead = false

    /** While true, [write] blocks, as conhost holds writes during a Quick Edit selection. */
    @Volatile var stallWrites = false
    private var cancelled = false
    var cancels = 0
        private set
    var reads = 0
        private set

    /** Mode changes (`mode Input 0x1f0`) and writes (`write …`), in order. */
    val calls: MutableList<String> = java.util.Collections.synchronizedList(mutableListOf())

    /** Records still queued in the console (not read by anyone). */
    val queued: Int get() = lock.withLock { records.size }
    private var handler: ((Int) -> Boolean)? = null

    fun queue(vararg batch: ByteArray) = queue(batch.toList())

    fun queue(batch: List<ByteArray>) = lock.withLock {
        records.addAll(batch)
        changed.signalAll()
    }

    /** Calls the registered control handler as Windows would, on the calling thread. */
    fun raise(ctrlType: Int): Boolean = checkNotNull(handler) { "no control handler" }(ctrlType)

    val hasCtrlHandler: Boolean get() = handler != null

    override fun getMode(stream: ConsoleApi.Stream): Int? = if (stream == ConsoleApi.Stream.Input) inputMode else outputMode

    override fun setMode(stream: ConsoleApi.Stream, mode: Int): Boolean {
        if (stream == ConsoleApi.Stream.Output && refuseVtOutput && mode and 0x0004 != 0) return false
        if (stream == ConsoleApi.Stream.Input && refuseVtInput && mode and 0x0200 != 0) return false
        if (getMode(stream) == null) return false
        modeChanges += stream to mode
        calls += "mode $stream 0x" + Integer.toHexString(mode)
        if (stream == ConsoleApi.Stream.Input) inputMode = mode else outputMode = mode
        return true
    }

    override fun awaitInput(): ConsoleApi.Wait = lock.withLock {
        waits++
        while (true) {
            if (failWait) return ConsoleApi.Wait.Failed
            if (woken) {
                woken = false
                return ConsoleApi.Wait.Woken
            }
            if (records.isNotEmpty()) return ConsoleApi.Wait.Input
            changed.await()
        }
        @Suppress("UNREACHABLE_CODE")
        error("unreachable")
    }

    override fun wake() = lock.withLock {
        woken = true
        changed.signalAll()
    }

    override fun pendingRecords(): Int = lock.withLock { records.size }

    override fun readRecords(into: ByteArray, firstRecord: Int, maxRecords: Int): Int = lock.withLock {
        reads++
        if (stealNextRead) {
            stealNextRead = false
            records.clear()
        }
        if (blockingReads) {
            cancelled = false
            while (records.isEmpty() && !cancelled) changed.await()
            if (cancelled) return -1
        }
        var n = 0
        while (n < maxRecords && records.isNotEmpty()) {
            records.poll().copyInto(into, (firstRecord + n) * InputRecordLayout.SIZE)
            n++
        }
        n
    }

    override fun cancelRead() = lock.withLock {
        cancels++
        cancelled = true
        changed.signalAll()
    }

    override fun layoutSize(): TerminalSize? = size

    override fun write(text: String): Boolean {
        while (stallWrites) Thread.sleep(5)
        synchronized(written) { written.append(text) }
        calls += "write $text"
        return true
    }

    override fun addCtrlHandler(handler: (Int) -> Boolean): AutoCloseable {
        this.handler = handler
        return AutoCloseable { this.handler = null }
    }

    override fun lastError(): Int = 6

    override fun close() {
        closed = true
    }
}
