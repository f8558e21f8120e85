// SPDX-License-Identifier: Apache-2.0
package coterm.windows.integration

import com.sun.jna.Memory
import com.sun.jna.Native
import com.sun.jna.Pointer
import com.sun.jna.platform.win32.Kernel32
import com.sun.jna.platform.win32.WinBase
import com.sun.jna.platform.win32.WinNT
import com.sun.jna.platform.win32.Wincon
import com.sun.jna.ptr.IntByReference
import com.sun.jna.win32.StdCallLibrary
import coterm.windows.InputRecordLayout
import java.io.FileDescriptor

/**
 * The `kernel32` calls the Windows integration tests make and coterm does not: putting records
 * into a console's input buffer and reading its screen back. `COORD` (two SHORTs, X then Y) is
 * passed by value as one 32-bit integer, X in the low half, as the x64 and x86 calling
 * conventions pass a 4-byte structure. JNA declarations only; Windows only.
 */
@Suppress("FunctionName")
internal interface TestConsoleLibrary : StdCallLibrary {
    fun WriteConsoleInputW(input: WinNT.HANDLE, records: Pointer, length: Int, written: IntByReference): Boolean

    fun ReadConsoleOutputCharacterW(output: WinNT.HANDLE, chars: CharArray, length: Int, readCoord: Int, read: IntByReference): Boolean

    fun SetConsoleScreenBufferSize(output: WinNT.HANDLE, size: Int): Boolean

    companion object {
        val INSTANCE: TestConsoleLibrary by lazy { Native.load("kernel32", TestConsoleLibrary::class.java) }

        fun coord(x: Int, y: Int): Int = (x and 0xFFFF) or (y shl 16)
    }
}

/**
 * This process's own console: [open] detaches from whatever console the process had (the
 * build's, or the windowless one Java gives a child), creates a new one with `AllocConsole`,
 * and makes its `CONIN$` and `CONOUT$` the standard input and output handles, which is where
 * coterm's provider looks, and `CONIN$` the handle of `FileDescriptor.in`, which children
 * started with `inheritIO` get. `System.out` and `System.err` keep the pipes the parent reads.
 */
internal class OwnConsole private constructor(val input: WinNT.HANDLE, val output: WinNT.HANDLE) {
    private val kernel32 = Kernel32.INSTANCE
    private val library = TestConsoleLibrary.INSTANCE

    /** Puts [records] (20 bytes each, as `ReadConsoleInputW` gives them) into the input buffer. */
    fun inject(records: List<ByteArray>) {
        if (records.isEmpty()) return
        val memory = Memory(records.size.toLong() * InputRecordLayout.SIZE)
        records.forEachIndexed { i, record -> memory.write(i.toLong() * InputRecordLayout.SIZE, record, 0, InputRecordLayout.SIZE) }
        val written = IntByReference()
        check(library.WriteConsoleInputW(input, memory, records.size, written)) { "WriteConsoleInputW failed: ${kernel32.GetLastError()}" }
        check(written.value == records.size) { "WriteConsoleInputW wrote ${written.value} of ${records.size}" }
    }

    fun info(): Wincon.CONSOLE_SCREEN_BUFFER_INFO =
        Wincon.CONSOLE_SCREEN_BUFFER_INFO().also { check(kernel32.GetConsoleScreenBufferInfo(output, it)) { "GetConsoleScreenBufferInfo failed" } }

    /** The text of buffer rows [fromRow] until [toRow] (exclusive), each row's trailing blanks cut. */
    fun screen(fromRow: Int, toRow: Int): List<String> {
        val width = info().dwSize.X.toInt()
        return (fromRow until toRow).map { row ->
            val chars = CharArray(width)
            val read = IntByReference()
            check(library.ReadConsoleOutputCharacterW(output, chars, width, TestConsoleLibrary.coord(0, row), read)) {
                "ReadConsoleOutputCharacterW failed: ${kernel32.GetLastError()}"
            }
            String(chars, 0, read.value).trimEnd()
        }
    }

    /** The rows from the top of the buffer to the cursor's row. */
    fun screenToCursor(): List<String> = screen(0, info().dwCursorPosition.Y + 1)

    fun mode(handle: WinNT.HANDLE): Int = IntByReference().also { check(kernel32.GetConsoleMode(handle, it)) }.value

    fun setBufferSize(columns: Int, rows: Int): Boolean = library.SetConsoleScreenBufferSize(output, TestConsoleLibrary.coord(columns, rows))

    companion object {
        fun open(): OwnConsole {
            val kernel32 = Kernel32.INSTANCE
            kernel32.FreeConsole()
            check(kernel32.AllocConsole()) { "AllocConsole failed: ${kernel32.GetLastError()}" }
            fun device(name: String): WinNT.HANDLE {
                val handle = kernel32.CreateFile(
                    name, WinNT.GENERIC_READ or WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ or WinNT.FILE_SHARE_WRITE,
                    null, WinNT.OPEN_EXISTING, 0, null,
                )
                check(handle != null && handle != WinBase.INVALID_HANDLE_VALUE) { "CreateFile($name) failed: ${kernel32.GetLastError()}" }
                return handle
            }
            val input = device("CONIN$")
            val output = device("CONOUT$")
            check(kernel32.SetStdHandle(Wincon.STD_INPUT_HANDLE, input) && kernel32.SetStdHandle(Wincon.STD_OUTPUT_HANDLE, output)) {
                "SetStdHandle failed: ${kernel32.GetLastError()}"
            }
            // ProcessBuilder.inheritIO (runProcess) hands a child the handle in FileDescriptor.in,
            // taken at the JVM's start (the parent's pipe): point it at this console's input too.
            // Needs --add-opens java.base/java.io=ALL-UNNAMED (the test passes it).
            FileDescriptor::class.java.getDeclaredField("handle").apply { isAccessible = true }
                .setLong(FileDescriptor.`in`, Pointer.nativeValue(input.pointer))
            return OwnConsole(input, output)
        }
    }
}
