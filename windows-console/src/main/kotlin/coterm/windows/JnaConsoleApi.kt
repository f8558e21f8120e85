// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import com.sun.jna.Memory
import com.sun.jna.platform.win32.Kernel32
import com.sun.jna.platform.win32.WinBase
import com.sun.jna.platform.win32.WinNT
import com.sun.jna.platform.win32.Wincon
import com.sun.jna.ptr.IntByReference
import coterm.terminal.TerminalSize

/**
 * [ConsoleApi] over the real console, through jna-platform's `Kernel32` and [ConsoleLibrary].
 * Made by [open] only when standard input and output are both consoles; owns one event handle
 * (the wake event), released by [close].
 *
 * Verified by compilation and review only: this file runs on Windows alone, and CI is Linux.
 */
internal class JnaConsoleApi private constructor(
    private val input: WinNT.HANDLE,
    private val output: WinNT.HANDLE,
    private val wakeEvent: WinNT.HANDLE,
) : ConsoleApi {
    private val kernel32 = Kernel32.INSTANCE
    private val console = ConsoleLibrary.INSTANCE
    private val handles = arrayOf(wakeEvent, input)

    /** The dispatcher's read buffer in native memory, grown when asked for more. */
    private var memory: Memory? = null

    /** False once `ReadConsoleInputExW` turned out to be missing: plain `ReadConsoleInputW` then. */
    @Volatile
    private var noWaitReads = true

    /** A handle to the thread that reads with the blocking fallback, for [cancelRead]; with its Java thread. */
    @Volatile
    private var readerHandle: WinNT.HANDLE? = null
    private var readerThread: Thread? = null

    override fun getMode(stream: ConsoleApi.Stream): Int? {
        val mode = IntByReference()
        return if (kernel32.GetConsoleMode(handle(stream), mode)) mode.value else null
    }

    override fun setMode(stream: ConsoleApi.Stream, mode: Int): Boolean = kernel32.SetConsoleMode(handle(stream), mode)

    override fun awaitInput(): ConsoleApi.Wait =
        when (kernel32.WaitForMultipleObjects(handles.size, handles, false, WinBase.INFINITE)) {
            WinBase.WAIT_OBJECT_0 -> ConsoleApi.Wait.Woken
            WinBase.WAIT_OBJECT_0 + 1 -> ConsoleApi.Wait.Input
            else -> ConsoleApi.Wait.Failed
        }

    override fun wake() {
        kernel32.SetEvent(wakeEvent)
    }

    override fun pendingRecords(): Int {
        val count = IntByReference()
        return if (kernel32.GetNumberOfConsoleInputEvents(input, count)) count.value else -1
    }

    override fun readRecords(into: ByteArray, firstRecord: Int, maxRecords: Int): Int {
        val bytes = maxRecords.toLong() * InputRecordLayout.SIZE
        val native = memory?.takeIf { it.size() >= bytes } ?: Memory(bytes).also { memory = it }
        val read = IntByReference()
        val ok = if (noWaitReads) {
            try {
                console.ReadConsoleInputExW(input, native, maxRecords, read, ConsoleLibrary.CONSOLE_READ_NOWAIT)
            } catch (_: UnsatisfiedLinkError) {
                noWaitReads = false
                blockingRead(native, maxRecords, read)
            }
        } else {
            blockingRead(native, maxRecords, read)
        }
        if (!ok) return -1
        val n = read.value.coerceIn(0, maxRecords)
        native.read(0, into, firstRecord * InputRecordLayout.SIZE, n * InputRecordLayout.SIZE)
        return n
    }

    /** `ReadConsoleInputW`, which blocks if the records went elsewhere; [cancelRead] can end it. */
    private fun blockingRead(native: Memory, maxRecords: Int, read: IntByReference): Boolean {
        val current = Thread.currentThread()
        if (readerThread !== current) {
            readerHandle?.let(kernel32::CloseHandle)
            readerHandle = kernel32.OpenThread(ConsoleLibrary.THREAD_TERMINATE, false, kernel32.GetCurrentThreadId())
            readerThread = current
        }
        return console.ReadConsoleInputW(input, native, maxRecords, read)
    }

    override fun cancelRead() {
        // ERROR_NOT_FOUND when the read ended meanwhile: nothing to do.
        readerHandle?.let(console::CancelSynchronousIo)
    }

    override fun layoutSize(): TerminalSize? {
        val info = Wincon.CONSOLE_SCREEN_BUFFER_INFO()
        if (!kernel32.GetConsoleScreenBufferInfo(output, info)) return null
        val window = info.srWindow
        return ConsoleApi.layoutSizeOf(info.dwSize.X.toInt(), window.Top.toInt(), window.Bottom.toInt())
    }

    override fun write(text: String): Boolean {
        var rest = text
        while (rest.isNotEmpty()) {
            val written = IntByReference()
            if (!kernel32.WriteConsole(output, rest, rest.length, written, null)) return false
            val n = written.value
            if (n <= 0) return false
            rest = rest.substring(n.coerceAtMost(rest.length))
        }
        return true
    }

    override fun addCtrlHandler(handler: (Int) -> Boolean): AutoCloseable? {
        // Held by the registration: JNA callbacks must stay reachable while Windows may call them.
        val routine = ConsoleLibrary.HandlerRoutine { type -> handler(type) }
        if (!console.SetConsoleCtrlHandler(routine, true)) return null
        return object : AutoCloseable {
            private var closed = false

            @Synchronized
            override fun close() {
                if (closed) return
                closed = true
                console.SetConsoleCtrlHandler(routine, false)
            }
        }
    }

    override fun lastError(): Int = kernel32.GetLastError()

    override fun close() {
        kernel32.CloseHandle(wakeEvent)
        readerHandle?.let(kernel32::CloseHandle)
        readerHandle = null
    }

    private fun handle(stream: ConsoleApi.Stream) = if (stream == ConsoleApi.Stream.Input) input else output

    companion object {
        /** The API when standard input and output are consoles, else null; creates the wake event. */
        fun open(): JnaConsoleApi? {
            val kernel32 = Kernel32.INSTANCE
            val input = kernel32.GetStdHandle(Wincon.STD_INPUT_HANDLE) ?: return null
            val output = kernel32.GetStdHandle(Wincon.STD_OUTPUT_HANDLE) ?: return null
            if (input == WinBase.INVALID_HANDLE_VALUE || output == WinBase.INVALID_HANDLE_VALUE) return null
            val mode = IntByReference()
            if (!kernel32.GetConsoleMode(input, mode) || !kernel32.GetConsoleMode(output, mode)) return null
            // Auto-reset: each wake() ends one wait.
            val event = kernel32.CreateEvent(null, false, false, null) ?: return null
            return JnaConsoleApi(input, output, event)
        }
    }
}
