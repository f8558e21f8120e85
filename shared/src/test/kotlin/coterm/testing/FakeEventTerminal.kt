// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.input.InputEvent
import coterm.terminal.EventTerminal
import coterm.terminal.InputSink
import coterm.terminal.RawMode
import coterm.terminal.TerminalSignal
import coterm.terminal.SignalListener
import coterm.terminal.TerminalSize
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * An [EventTerminal] in memory: each [deliver] is one read's worth of items, each a [ByteArray]
 * (for the decoder) or an [InputEvent]. [readInput] blocks on a queue, woken by [wake].
 */
class FakeEventTerminal : EventTerminal {
    private val reads = LinkedBlockingQueue<List<Any>>()

    fun deliver(vararg items: Any) {
        items.forEach { require(it is ByteArray || it is InputEvent) { "not bytes or an event: $it" } }
        reads.put(items.toList())
    }

    fun endInput() = reads.put(EOF)

    override fun readInput(sink: InputSink, timeoutMillis: Long): Int {
        val items = (if (timeoutMillis < 0) reads.take() else reads.poll(timeoutMillis, TimeUnit.MILLISECONDS)) ?: return 0
        if (items === WAKE) return 0
        if (items === EOF) return -1
        for (item in items) {
            if (item is ByteArray) sink.bytes(item, 0, item.size) else sink.event(item as InputEvent)
        }
        return items.size
    }

    override fun read(buffer: ByteArray, timeoutMillis: Long): Int = error("the reader must call readInput")

    override fun wake() = reads.put(WAKE)

    override val isInteractive: Boolean get() = true
    override val isOutputTerminal: Boolean get() = true

    override fun enterRawMode(): RawMode = object : RawMode {
        override fun pause() = Unit
        override fun resume() = Unit
        override fun close() = Unit
    }

    override fun size(): TerminalSize = TerminalSize(80, 24)

    override fun write(bytes: ByteArray, offset: Int, length: Int) = Unit

    override fun flush() = Unit

    override fun onSignal(listener: SignalListener): AutoCloseable = AutoCloseable { }

    override fun close() = Unit

    private companion object {
        val WAKE: List<Any> = ArrayList()
        val EOF: List<Any> = ArrayList()
    }
}
