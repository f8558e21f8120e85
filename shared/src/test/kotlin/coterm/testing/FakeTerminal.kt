// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.terminal.RawMode
import coterm.terminal.Terminal
import coterm.terminal.TerminalException
import coterm.terminal.TerminalSignal
import coterm.terminal.SignalListener
import coterm.terminal.TerminalSize
import java.io.ByteArrayOutputStream
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * A terminal in memory: tests [type] bytes, [raise] signals and read what was [output].
 * [read] blocks on a queue (woken by [wake]); raw mode is recorded, not applied.
 */
class FakeTerminal(
    override val isInteractive: Boolean = true,
    override val isOutputTerminal: Boolean = true,
    var terminalSize: TerminalSize? = TerminalSize(80, 24),
) : Terminal {
    private val input = LinkedBlockingQueue<ByteArray>()
    private val written = ByteArrayOutputStream()
    private val listeners = mutableListOf<SignalListener>()

    @Volatile var rawModeActive = false
        private set
    @Volatile var rawModeEntered = 0
        private set
    /** How many times raw mode was taken back after a pause (a child process, Ctrl+Z). */
    @Volatile var rawModeResumed = 0
        private set

    /** When set, taking raw mode back after a pause fails as a `tcsetattr` on a hung-up terminal does. */
    @Volatile var failResume = false
    @Volatile var closed = false
        private set

    fun type(text: String) = type(text.toByteArray(Charsets.UTF_8))

    fun type(bytes: ByteArray) {
        input.put(bytes)
    }

    /** Makes the next read report end of input. */
    fun endInput() {
        input.put(EOF)
    }

    fun raise(signal: TerminalSignal) {
        synchronized(listeners) { listeners.toList() }.forEach { it.onSignal(signal) }
    }

    val output: String get() = synchronized(written) { written.toString(Charsets.UTF_8) }

    fun clearOutput() = synchronized(written) { written.reset() }

    override fun enterRawMode(): RawMode {
        check(isInteractive) { "not a terminal" }
        rawModeActive = true
        rawModeEntered++
        return object : RawMode {
            private var paused = false
            private var closed = false

            override fun pause() {
                synchronized(this) {
                    if (closed || paused) return
                    paused = true
                    rawModeActive = false
                }
            }

            override fun resume() {
                synchronized(this) {
                    if (closed || !paused) return
                    if (failResume) throw TerminalException("tcsetattr failed: Input/output error (errno 5)")
                    paused = false
                    rawModeActive = true
                    rawModeResumed++
                }
            }

            override fun close() {
                synchronized(this) {
                    closed = true
                    rawModeActive = false
                }
            }
        }
    }

    override fun size(): TerminalSize? = terminalSize

    /** The rest of a typed chunk that a smaller read did not take; the reader's thread only. */
    @Volatile private var rest: ByteArray? = null

    /** How many reads returned bytes: a test can tell whether the reader still reads. */
    @Volatile var reads = 0
        private set

    /** Reads one typed chunk, or as much of it as [buffer] holds (the rest comes next, as from a terminal). */
    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        val chunk = rest ?: (if (timeoutMillis < 0) input.take() else input.poll(timeoutMillis, TimeUnit.MILLISECONDS))
            ?: return 0
        rest = null
        if (chunk === WAKE) return 0
        if (chunk === EOF) return -1
        val n = minOf(chunk.size, buffer.size)
        chunk.copyInto(buffer, 0, 0, n)
        if (n < chunk.size) rest = chunk.copyOfRange(n, chunk.size)
        reads++
        return n
    }

    /** Bytes typed and not read yet: what the kernel would be holding. */
    val unread: Int get() = (rest?.size ?: 0) + input.sumOf { if (it === WAKE || it === EOF) 0 else it.size }

    override fun wake() {
        input.put(WAKE)
    }

    /** When set, every write fails as writing to a hung-up terminal does. */
    @Volatile var failWrites = false

    private val stall = Object()

    /**
     * When set, writes block until it is cleared, as on a terminal that takes no output (a
     * stalled ssh session); like a real blocked `write`, they ignore interrupts meanwhile.
     */
    @Volatile var stallWrites = false
        set(value) = synchronized(stall) {
            field = value
            stall.notifyAll()
        }

    /** Writes blocked now by [stallWrites]. */
    @Volatile var stalledWrites = 0
        private set

    /** How many times [write] was called: one per redraw, as the console writes each in one go. */
    @Volatile var writes = 0
        private set

    override fun write(bytes: ByteArray, offset: Int, length: Int) {
        synchronized(stall) {
            var interrupted = false
            while (stallWrites) {
                stalledWrites++
                try {
                    stall.wait()
                } catch (_: InterruptedException) {
                    interrupted = true
                } finally {
                    stalledWrites--
                }
            }
            if (interrupted) Thread.currentThread().interrupt()
        }
        if (failWrites) throw java.io.IOException("write to fd 1 failed: EIO")
        synchronized(written) {
            written.write(bytes, offset, length)
            writes++
        }
    }

    override fun flush() = Unit

    override fun onSignal(listener: SignalListener): AutoCloseable {
        synchronized(listeners) { listeners += listener }
        return AutoCloseable { synchronized(listeners) { listeners -= listener } }
    }

    override fun close() {
        closed = true
    }

    private companion object {
        val WAKE = ByteArray(0)
        val EOF = ByteArray(0)
    }
}

/** [text] without CSI escape sequences (cursor moves, clears, colours): what a reader of the bytes would see. */
fun stripCsi(text: String): String = text.replace(Regex("\u001b\\[[0-?]*[ -/]*[@-~]"), "")
