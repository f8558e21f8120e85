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
 * change recorded; writes are collected; the control handler can be [raise]d.
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
        var n = 0
        while (n < maxRecords && records.isNotEmpty()) {
            records.poll().copyInto(into, (firstRecord + n) * InputRecordLayout.SIZE)
            n++
        }
        n
    }

    override fun windowSize(): TerminalSize? = size

    override fun write(text: String): Boolean {
        synchronized(written) { written.append(text) }
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
