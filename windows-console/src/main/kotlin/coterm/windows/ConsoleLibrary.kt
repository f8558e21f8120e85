// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import com.sun.jna.Native
import com.sun.jna.Pointer
import com.sun.jna.platform.win32.WinNT
import com.sun.jna.ptr.IntByReference
import com.sun.jna.win32.StdCallLibrary

/**
 * The `kernel32` calls jna-platform 5.19.1 does not declare the way coterm needs them:
 * `SetConsoleCtrlHandler` and `CancelSynchronousIo` (absent), and `ReadConsoleInputW` /
 * `ReadConsoleInputExW` into plain memory (jna-platform's `ReadConsoleInput` takes
 * `Wincon.INPUT_RECORD[]`, see [InputRecordLayout] for why not). Everything else comes from
 * jna-platform's `Kernel32`. JNA declarations only.
 */
@Suppress("FunctionName")
internal interface ConsoleLibrary : StdCallLibrary {
    fun ReadConsoleInputW(input: WinNT.HANDLE, buffer: Pointer, length: Int, read: IntByReference): Boolean

    /**
     * `ReadConsoleInputExW`: [flags] `CONSOLE_READ_NOWAIT` (2) returns at once with what is
     * queued, possibly nothing (flags is a WORD). Exported by kernel32 (forwarded to kernelbase)
     * but not on Microsoft's reference pages, so not relied on: a missing export throws
     * `UnsatisfiedLinkError` at the call, and the caller falls back to [ReadConsoleInputW].
     */
    fun ReadConsoleInputExW(input: WinNT.HANDLE, buffer: Pointer, length: Int, read: IntByReference, flags: Short): Boolean

    fun SetConsoleCtrlHandler(handler: HandlerRoutine?, add: Boolean): Boolean

    /** Cancels the synchronous I/O [thread] is blocked in (its handle needs THREAD_TERMINATE). */
    fun CancelSynchronousIo(thread: WinNT.HANDLE): Boolean

    /** `PHANDLER_ROUTINE`: called on a thread the system creates, once per control event. */
    fun interface HandlerRoutine : StdCallLibrary.StdCallCallback {
        fun callback(ctrlType: Int): Boolean
    }

    companion object {
        const val CONSOLE_READ_NOWAIT: Short = 0x0002
        const val THREAD_TERMINATE: Int = 0x0001

        val INSTANCE: ConsoleLibrary by lazy { Native.load("kernel32", ConsoleLibrary::class.java) }
    }
}
