// SPDX-License-Identifier: Apache-2.0
package coterm.test

import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.terminal.RawMode
import coterm.terminal.SignalListener
import coterm.terminal.Terminal
import coterm.terminal.TerminalSignal
import coterm.terminal.TerminalSize
import java.io.ByteArrayOutputStream
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A terminal in memory that a test types into, with a [VirtualScreen] that shows what the
 * program wrote: no OS terminal, no pseudo-terminal, no process. It is interactive (input and
 * output both count as a terminal), so a console on it enters raw mode, edits lines and draws
 * the prompt exactly as on a real terminal; raw mode is recorded ([isRawMode]), not applied.
 *
 * Input is bytes, as from a real terminal in raw mode: [type] sends text (`"\r"` is Enter,
 * `"\u0003"` is Ctrl+C), [press] sends a key as xterm encodes it, [paste] a bracketed paste,
 * [endInput] what a closed terminal sends. Each call is one read's worth of bytes for the
 * console. Signals from outside the input (as `kill -INT` sends) come through [sendSignal],
 * a window resize through [resize]. Everything written goes to [screen] and is kept in [output].
 * Answers to status requests (`ESC[6n`) are typed back as a terminal would.
 *
 * Threading: any thread may type, press, resize and read the screen; the console's reader is
 * the one thread that calls [read]. Closing it ends input; a console closes its terminal when
 * it closes.
 *
 * What it cannot show: how a real terminal driver treats raw mode (termios, ISIG, IXON), the
 * kernel's signal delivery, Windows console input records. coterm's own pseudo-terminal and
 * Windows console tests cover those.
 */
public class VirtualTerminal @JvmOverloads constructor(columns: Int = 80, rows: Int = 24) : Terminal {
    /** The screen that shows everything written to this terminal. */
    public val screen: VirtualScreen = VirtualScreen(columns, rows)

    private val input = LinkedBlockingQueue<ByteArray>()
    private val written = ByteArrayOutputStream()
    private val listeners = CopyOnWriteArrayList<SignalListener>()

    @Volatile private var terminalSize = TerminalSize(columns, rows)

    /** The rest of a typed chunk that a smaller read did not take; written by the reader's thread only. */
    @Volatile private var rest: ByteArray? = null

    @Volatile private var ended = false

    private val rawModes = AtomicInteger()

    @Volatile private var closed = false

    /** Always true: a console on it edits lines in raw mode. */
    override val isInteractive: Boolean get() = true

    /** Always true: a console on it draws with escape codes. */
    override val isOutputTerminal: Boolean get() = true

    /** True while raw mode is entered and not paused (a hand-off to a child pauses it) or closed. */
    public val isRawMode: Boolean get() = rawModes.get() > 0

    /** Everything written so far, escape codes included, decoded as UTF-8. */
    public val output: String get() = synchronized(written) { written.toString(Charsets.UTF_8) }

    /** Types [text] as UTF-8 bytes, exactly as a keyboard in raw mode sends it: `"\r"` is Enter, `"\u0003"` Ctrl+C. */
    public fun type(text: String) {
        type(text.toByteArray(Charsets.UTF_8))
    }

    /** Types raw [bytes] (an escape sequence, invalid UTF-8): the console reads them in one read. */
    public fun type(bytes: ByteArray) {
        if (bytes.isNotEmpty()) input.put(bytes.copyOf())
    }

    /** Presses [key] as xterm sends it (`KeyStroke.ctrl('r')`, `KeyStroke(KeyCode.Left, Modifiers.Ctrl)`). */
    public fun press(key: KeyStroke) {
        type(KeyBytes.of(key))
    }

    /** Presses [key] with no modifier (`KeyCode.Tab`, `KeyCode.Up`; from Java `KeyCode.Tab.INSTANCE`). */
    public fun press(key: KeyCode) {
        press(KeyStroke(key))
    }

    /** Presses Ctrl+C: the byte 0x03, as a keyboard in raw mode sends it. */
    public fun pressCtrlC() {
        type(byteArrayOf(3))
    }

    /** Pastes [text] as a terminal with bracketed paste does: one event however many lines it has. */
    public fun paste(text: String) {
        type("\u001b[200~$text\u001b[201~")
    }

    /**
     * Delivers [signal] as the operating system would: [TerminalSignal.Interrupt] is `kill -INT`
     * from outside (the key is [pressCtrlC]), [TerminalSignal.Terminate] `kill -TERM`.
     */
    public fun sendSignal(signal: TerminalSignal) {
        for (listener in listeners) listener.onSignal(signal)
    }

    /** Resizes the window: the screen takes the new size (see [VirtualScreen.resize]) and the program is told. */
    public fun resize(columns: Int, rows: Int) {
        screen.resize(columns, rows)
        terminalSize = TerminalSize(columns, rows)
        sendSignal(TerminalSignal.Resize)
    }

    /** Ends input, as when the terminal goes away: reads typed before it come first, then every read returns -1. */
    public fun endInput() {
        input.put(EOF)
    }

    override fun enterRawMode(): RawMode {
        check(!closed) { "terminal closed" }
        rawModes.incrementAndGet()
        return object : RawMode {
            private var paused = false
            private var done = false

            @Synchronized
            override fun pause() {
                if (done || paused) return
                paused = true
                rawModes.decrementAndGet()
            }

            @Synchronized
            override fun resume() {
                if (done || !paused) return
                paused = false
                rawModes.incrementAndGet()
            }

            @Synchronized
            override fun close() {
                if (done) return
                done = true
                if (!paused) rawModes.decrementAndGet()
            }
        }
    }

    override fun size(): TerminalSize = terminalSize

    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        if (ended) return -1
        val chunk = rest ?: (if (timeoutMillis < 0) input.take() else input.poll(timeoutMillis, TimeUnit.MILLISECONDS))
            ?: return 0
        rest = null
        if (chunk === WAKE) return 0
        if (chunk === EOF) {
            ended = true
            return -1
        }
        val n = minOf(chunk.size, buffer.size)
        chunk.copyInto(buffer, 0, 0, n)
        if (n < chunk.size) rest = chunk.copyOfRange(n, chunk.size)
        activity.read()
        return n
    }

    override fun wake() {
        input.put(WAKE)
    }

    override fun write(bytes: ByteArray, offset: Int, length: Int) {
        activity.wrote()
        synchronized(written) { written.write(bytes, offset, length) }
        screen.feed(bytes, offset, length)
        val replies = screen.takeReplies()
        if (replies.isNotEmpty()) input.put(replies)
    }

    override fun flush() {}

    override fun onSignal(listener: SignalListener): AutoCloseable {
        listeners += listener
        return AutoCloseable { listeners -= listener }
    }

    /** Ends input and lets go of the listeners. Idempotent. */
    override fun close() {
        if (closed) return
        closed = true
        listeners.clear()
        input.put(EOF)
    }

    /** When input was last read and output last written, for [VirtualConsole]'s waits. */
    @get:JvmSynthetic
    internal val activity = Activity()

    /** True when bytes typed are still waiting to be read (the console has not taken them yet). */
    @get:JvmSynthetic
    internal val hasUnreadInput: Boolean get() = rest != null || input.any { it !== WAKE && it !== EOF }

    private companion object {
        val WAKE = ByteArray(0)
        val EOF = ByteArray(0)
    }
}

/** The times of the last read of input and the last write of output, in nanoseconds. */
internal class Activity {
    @Volatile var lastRead: Long = System.nanoTime()
        private set
    @Volatile var lastWrite: Long = System.nanoTime()
        private set

    fun read() {
        lastRead = System.nanoTime()
    }

    fun wrote() {
        lastWrite = System.nanoTime()
    }
}
