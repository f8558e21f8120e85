// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import com.sun.jna.Native
import com.sun.jna.Pointer
import com.sun.jna.platform.win32.WinNT
import com.sun.jna.ptr.IntByReference
import com.sun.jna.win32.StdCallLibrary

/**
 * The `kernel32` calls jna-platform 5.19.1 does not declare the way coterm needs them:
 * `SetConsoleCtrlHandler` (absent) and `ReadConsoleInputW` into plain memory (jna-platform's
 * `ReadConsoleInput` takes `Wincon.INPUT_RECORD[]`, see [InputRecordLayout] for why not).
 * Everything else comes from jna-platform's `Kernel32`. JNA declarations only.
 */
@Suppress("FunctionName")
internal interface ConsoleLibrary : StdCallLibrary {
    fun ReadConsoleInputW(input: WinNT.HANDLE, buffer: Pointer, length: Int, read: IntByReference): Boolean

    fun SetConsoleCtrlHandler(handler: HandlerRoutine?, add: Boolean): Boolean

    /** `PHANDLER_ROUTINE`: called on a thread the system creates, once per control event. */
    fun interface HandlerRoutine : StdCallLibrary.StdCallCallback {
        fun callback(ctrlType: Int): Boolean
    }

    companion object {
        val INSTANCE: ConsoleLibrary by lazy { Native.load("kernel32", ConsoleLibrary::class.java) }
    }
}
