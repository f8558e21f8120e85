// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.RawMode
import coterm.terminal.Terminal
import coterm.terminal.TerminalException
import coterm.terminal.ProcessSignals
import coterm.terminal.TerminalSignal
import coterm.terminal.SignalListener
import coterm.terminal.TerminalSize
import com.sun.jna.Memory
import java.io.BufferedOutputStream
import java.io.IOException
import java.io.OutputStream
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * The terminal on Linux and macOS: termios raw mode, `poll` on the input and a self-pipe, window
 * size through `ioctl`, signals through [ProcessSignals]. All native calls go through [LibC].
 *
 * Reading: [read] waits ([InputWait]) in `poll` on [inputFd] and on the read end of a wake pipe,
 * or in `select` for an input `poll` refuses (macOS: `/dev/tty`, `/dev/null` and every other
 * device but ptys), with no timeout unless asked: an idle reader makes no system calls and uses
 * no CPU. [wake] writes one byte to the pipe, so a blocked [read] returns 0 at once. The input
 * descriptor is never closed and never made non-blocking by coterm.
 *
 * Writing: through `write(2)` for every descriptor, fd 1 included, looping on partial writes and
 * EINTR, and waiting in `poll` for room on EAGAIN. On a tty, standard input and output share one
 * open file, whose O_NONBLOCK a child process can set and leave behind (Node does): writes then
 * fail with EAGAIN, which `FileOutputStream` reports as an IOException after an unknown number of
 * bytes, so a retry could neither be exact nor tell a full terminal from a gone one.
 *
 * Raw mode: see [Termios.toRaw]. The whole struct is saved; closing the [RawMode] (or [close])
 * writes exactly those bytes back. The JVM shutdown hook that backs this up is the console's
 * ([coterm.console.TerminalSession]): one per process, not one per layer.
 * [RawMode.resume] (the terminal back from a child) enters raw mode from those saved bytes again,
 * and clears O_NONBLOCK on the input and output descriptors, as bash does for its own input.
 *
 * | state | [read] | [wake] | [enterRawMode] |
 * |---|---|---|---|
 * | open | polls | wakes it | raw until the [RawMode] is closed |
 * | raw mode active | polls | wakes it | IllegalStateException |
 * | closed | -1 | nothing | IllegalStateException |
 *
 * Threading: one thread reads; [wake], [write] and [close] may come from any thread. [close]
 * wakes a blocked reader and waits (up to a second) for it to leave `poll` before closing the
 * pipe, so a descriptor is never closed under a thread that still waits on it.
 *
 * @param inputFd the descriptor to read and put into raw mode (tests pass a pseudo-terminal).
 * @param outputFd the descriptor to write to.
 * @param poll `poll(2)` for [InputWait]; tests pass one that refuses the input as macOS does.
 */
internal class PosixTerminal internal constructor(
    private val inputFd: Int = 0,
    private val outputFd: Int = 1,
    private val layout: TermiosLayout = checkNotNull(TermiosLayout.current()) { "no termios layout for this platform" },
    poll: (fds: ByteArray, nfds: Int, timeoutMillis: Int) -> Int = LibC::poll,
) : Terminal {
    private val inputWait = InputWait(inputFd, layout, poll)

    /** True once reads wait in `select` because `poll` refused the input (macOS devices). */
    internal val waitsInSelect: Boolean get() = inputWait.selects

    private val lock = ReentrantLock()

    /** Signalled when [activeReads] drops. */
    private val readsDone = lock.newCondition()

    /** Guarded by [lock]; null until first needed. */
    private var wakePipe: WakePipe? = null

    /**
     * Native memory the reader thread reads into (one reader at a time, per [Terminal]'s
     * contract); reused so a keystroke does not copy the whole read buffer through JNA twice.
     * Freed by JNA's cleaner with this terminal.
     */
    private var readBuffer: Memory? = null

    /** Reads inside `poll`/`read`, guarded by [lock]; [close] waits for 0. */
    private var activeReads = 0

    @Volatile
    private var closed = false

    private val rawMode = AtomicReference<PosixRawMode?>(null)

    private val output: OutputStream by lazy { BufferedOutputStream(FdOutputStream(outputFd, layout), 8192) }

    override val isInteractive: Boolean by lazy { LibC.isatty(inputFd) == 1 }

    override val isOutputTerminal: Boolean by lazy { LibC.isatty(outputFd) == 1 }

    override fun enterRawMode(): RawMode {
        check(isInteractive) { "standard input is not a terminal" }
        lock.withLock {
            check(!closed) { "terminal is closed" }
            check(rawMode.get() == null) { "raw mode is already active; close it before entering it again" }
            val saved = ByteArray(layout.size)
            if (LibC.tcgetattr(inputFd, saved) != 0) throw LibC.failure("tcgetattr")
            applyRaw(saved)
            val mode = PosixRawMode(saved)
            rawMode.set(mode)
            return mode
        }
    }

    /**
     * Puts the terminal into raw mode computed from [base] (a saved state) and checks that every
     * change took: `tcsetattr` reports success if it made any of them. On failure [base] is
     * written back and a [TerminalException] thrown.
     */
    private fun applyRaw(base: ByteArray) {
        setAttributes(Termios(layout, base).toRaw().toByteArray())
        val applied = ByteArray(layout.size)
        if (LibC.tcgetattr(inputFd, applied) != 0 || !Termios(layout, applied).isRaw()) {
            runCatching { setAttributes(base) }
            throw TerminalException("tcsetattr on fd $inputFd did not apply raw mode")
        }
    }

    /**
     * Clears O_NONBLOCK on the input and output descriptors where a child process left it set.
     * Best effort: a descriptor that refuses is left as it is (writes wait in `poll` anyway).
     */
    private fun clearNonBlocking() {
        for (fd in intArrayOf(inputFd, outputFd).distinct()) {
            val flags = LibC.fcntl(fd, layout.fGetfl)
            if (flags >= 0 && flags and layout.oNonblock != 0) LibC.fcntl(fd, layout.fSetfl, flags and layout.oNonblock.inv())
        }
    }

    /** See [JobStop.canBeContinued]. */
    override val canSuspend: Boolean
        get() = isInteractive && JobStop.canBeContinued()

    /** Stops the whole job, not the JVM alone: see [JobStop.stopJob]. */
    override fun suspendProcess(): Boolean = JobStop.stopJob(layout.sigtstp)

    override fun size(): TerminalSize? =
        windowSize(outputFd) ?: if (inputFd != outputFd) windowSize(inputFd) else null

    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        require(buffer.isNotEmpty()) { "buffer must not be empty" }
        val pipe = lock.withLock {
            if (closed) return -1
            val pipe = wakePipeLocked()
            activeReads++
            pipe
        }
        try {
            return waitAndRead(buffer, timeoutMillis, pipe)
        } finally {
            lock.withLock {
                activeReads--
                readsDone.signalAll()
            }
        }
    }

    override fun wake() {
        lock.withLock {
            if (closed) return
            wakePipeLocked().signal()
        }
    }

    override fun write(bytes: ByteArray, offset: Int, length: Int) {
        try {
            output.write(bytes, offset, length)
        } catch (e: IOException) {
            throw TerminalException("write to fd $outputFd failed: ${e.message}", e)
        }
    }

    override fun flush() {
        try {
            output.flush()
        } catch (e: IOException) {
            throw TerminalException("write to fd $outputFd failed: ${e.message}", e)
        }
    }

    override fun onSignal(listener: SignalListener): AutoCloseable = ProcessSignals.install(listener)

    override fun close() {
        lock.withLock {
            if (closed) return
            closed = true
        }
        var failure: RuntimeException? = null
        try {
            rawMode.get()?.close()
        } catch (e: TerminalException) {
            failure = e
        }
        try {
            flush()
        } catch (e: TerminalException) {
            failure = failure ?: e
        }
        closeWakePipe()
        failure?.let { throw it }
    }

    private fun waitAndRead(buffer: ByteArray, timeoutMillis: Long, pipe: WakePipe): Int {
        val start = System.nanoTime()
        val timeoutNanos = if (timeoutMillis < 0) -1L else TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
        while (true) {
            val waitMillis = if (timeoutNanos < 0) {
                -1
            } else {
                val remaining = timeoutNanos - (System.nanoTime() - start)
                if (remaining <= 0 && timeoutNanos > 0) return 0
                ((remaining.coerceAtLeast(0) + 999_999) / 1_000_000).coerceAtMost(Int.MAX_VALUE.toLong()).toInt()
            }
            when (inputWait.await(pipe.readFd, waitMillis)) {
                InputWait.Ready.TimedOut -> return 0
                InputWait.Ready.Woken -> {
                    pipe.drain()
                    return 0
                }
                InputWait.Ready.InputClosed -> return -1
                InputWait.Ready.Input -> readInput(buffer)?.let { return it }
                InputWait.Ready.Again -> continue
            }
        }
    }

    /** Bytes read, -1 at end of input, or null when there was nothing after all (poll again). */
    private fun readInput(buffer: ByteArray): Int? {
        val native = readBuffer?.takeIf { it.size() >= buffer.size } ?: Memory(buffer.size.toLong()).also { readBuffer = it }
        while (true) {
            val n = LibC.read(inputFd, native, buffer.size)
            if (n > 0) {
                native.read(0, buffer, 0, n.toInt())
                return n.toInt()
            }
            if (n == 0L) return -1
            when (val errno = LibC.errno()) {
                layout.eintr -> continue
                layout.eagain -> return null
                // A pseudo-terminal whose other side has gone (Linux): the terminal hung up.
                layout.eio -> return -1
                else -> throw LibC.failure("read", errno)
            }
        }
    }

    private fun wakePipeLocked(): WakePipe = wakePipe ?: WakePipe.open(layout).also { wakePipe = it }

    private fun closeWakePipe() {
        val pipe = lock.withLock {
            val pipe = wakePipe ?: return
            if (activeReads > 0) {
                pipe.signal()
                val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1)
                while (activeReads > 0) {
                    val left = deadline - System.nanoTime()
                    if (left <= 0) break
                    try {
                        readsDone.awaitNanos(left)
                    } catch (_: InterruptedException) {
                        Thread.currentThread().interrupt()
                        break
                    }
                }
            }
            // A reader still inside poll after a wake-up and a second: leak two descriptors
            // rather than close them under it (they could be reused by the next open).
            if (activeReads > 0) return
            wakePipe = null
            pipe
        }
        pipe.close()
    }

    private fun windowSize(fd: Int): TerminalSize? {
        val winsize = ByteArray(8)
        if (LibC.ioctl(fd, layout.tiocgwinsz, winsize) != 0) return null
        val view = ByteBuffer.wrap(winsize).order(ByteOrder.nativeOrder())
        val rows = view.getShort(0).toInt() and 0xffff
        val columns = view.getShort(2).toInt() and 0xffff
        return if (rows == 0 || columns == 0) null else TerminalSize(columns, rows)
    }

    private fun setAttributes(termios: ByteArray) {
        while (LibC.tcsetattr(inputFd, layout.tcsanow, termios) != 0) {
            val errno = LibC.errno()
            if (errno != layout.eintr) throw LibC.failure("tcsetattr", errno)
        }
    }

    /**
     * Raw mode entered by [enterRawMode]: [saved] is what [pause] and [close] write back and what
     * [resume] computes raw mode from. Transitions are serialised on this object; `tcsetattr`
     * with TCSANOW never waits for output, so none of them can block behind a stalled terminal.
     */
    internal inner class PosixRawMode(private val saved: ByteArray) : RawMode {
        /** Guarded by this. */
        private var paused = false
        private var restored = false

        override fun pause() {
            synchronized(this) {
                if (restored || paused) return
                setAttributes(saved)
                paused = true
            }
        }

        override fun resume() {
            synchronized(this) {
                if (restored || !paused) return
                clearNonBlocking()
                applyRaw(saved)
                paused = false
            }
        }

        override fun close() {
            synchronized(this) {
                if (restored) return
                restored = true
                rawMode.compareAndSet(this, null)
                setAttributes(saved)
            }
        }
    }
}
