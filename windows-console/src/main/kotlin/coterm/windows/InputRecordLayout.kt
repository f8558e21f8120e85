// SPDX-License-Identifier: Apache-2.0
package coterm.windows

/**
 * Where the fields of an `INPUT_RECORD` lie in memory on Windows (x64 and x86 alike: nothing in
 * it is pointer-sized), per `wincontypes.h`, and the decoder that reads them.
 *
 * Records are read as raw bytes rather than through jna-platform's `Wincon.INPUT_RECORD`: that
 * structure has no focus or menu member, maps `uChar` through `char` (whose size follows the
 * host's `wchar_t`, 4 bytes on Linux, so its layout cannot even be checked off Windows), and
 * reading a large paste through JNA's reflective `Structure.read` costs far more per record than
 * these few loads. The offsets are checked against the SDK's values by `InputRecordLayoutTest`.
 *
 * ```
 * INPUT_RECORD (20)          KEY_EVENT_RECORD (16, at 4)   MOUSE_EVENT_RECORD (16, at 4)
 *   0 WORD  EventType          0 BOOL  bKeyDown              0 COORD dwMousePosition
 *   2 (padding)                4 WORD  wRepeatCount          4 DWORD dwButtonState
 *   4 union Event              6 WORD  wVirtualKeyCode       8 DWORD dwControlKeyState
 *                              8 WORD  wVirtualScanCode     12 DWORD dwEventFlags
 *                             10 WCHAR uChar
 *                             12 DWORD dwControlKeyState
 * WINDOW_BUFFER_SIZE_RECORD (4): 0 COORD dwSize (X, Y); MENU_EVENT_RECORD (4): 0 UINT dwCommandId;
 * FOCUS_EVENT_RECORD (4): 0 BOOL bSetFocus
 * ```
 * Windows is little-endian on every architecture it runs on.
 */
internal object InputRecordLayout {
    const val SIZE: Int = 20
    const val EVENT_TYPE: Int = 0
    const val EVENT: Int = 4

    const val KEY_EVENT: Int = 0x0001
    const val MOUSE_EVENT: Int = 0x0002
    const val WINDOW_BUFFER_SIZE_EVENT: Int = 0x0004
    const val MENU_EVENT: Int = 0x0008
    const val FOCUS_EVENT: Int = 0x0010

    const val KEY_EVENT_RECORD_SIZE: Int = 16
    const val KEY_DOWN: Int = EVENT + 0
    const val REPEAT_COUNT: Int = EVENT + 4
    const val VIRTUAL_KEY_CODE: Int = EVENT + 6
    const val VIRTUAL_SCAN_CODE: Int = EVENT + 8
    const val UNICODE_CHAR: Int = EVENT + 10
    const val KEY_CONTROL_KEY_STATE: Int = EVENT + 12

    const val MOUSE_EVENT_RECORD_SIZE: Int = 16
    const val MOUSE_POSITION: Int = EVENT + 0
    const val MOUSE_BUTTON_STATE: Int = EVENT + 4
    const val MOUSE_CONTROL_KEY_STATE: Int = EVENT + 8
    const val MOUSE_EVENT_FLAGS: Int = EVENT + 12

    const val WINDOW_BUFFER_SIZE_RECORD_SIZE: Int = 4
    const val BUFFER_SIZE_X: Int = EVENT + 0
    const val BUFFER_SIZE_Y: Int = EVENT + 2

    const val MENU_COMMAND_ID: Int = EVENT + 0
    const val FOCUS_SET_FOCUS: Int = EVENT + 0

    /** The record at [offset] in [bytes], which must hold [SIZE] bytes from there. */
    fun decode(bytes: ByteArray, offset: Int): InputRecord {
        require(offset >= 0 && offset <= bytes.size - SIZE) { "no whole record at $offset of ${bytes.size} bytes" }
        fun u16(at: Int) = (bytes[offset + at].toInt() and 0xff) or ((bytes[offset + at + 1].toInt() and 0xff) shl 8)
        fun s16(at: Int) = u16(at).toShort().toInt()
        fun i32(at: Int) = u16(at) or (u16(at + 2) shl 16)
        return when (val type = u16(EVENT_TYPE)) {
            KEY_EVENT -> InputRecord.Key(
                keyDown = i32(KEY_DOWN) != 0,
                repeatCount = u16(REPEAT_COUNT),
                virtualKeyCode = u16(VIRTUAL_KEY_CODE),
                virtualScanCode = u16(VIRTUAL_SCAN_CODE),
                char = u16(UNICODE_CHAR).toChar(),
                controlKeyState = i32(KEY_CONTROL_KEY_STATE),
            )
            MOUSE_EVENT -> InputRecord.Mouse(
                s16(MOUSE_POSITION), s16(MOUSE_POSITION + 2), i32(MOUSE_BUTTON_STATE),
                i32(MOUSE_CONTROL_KEY_STATE), i32(MOUSE_EVENT_FLAGS),
            )
            WINDOW_BUFFER_SIZE_EVENT -> InputRecord.WindowBufferSize(s16(BUFFER_SIZE_X), s16(BUFFER_SIZE_Y))
            MENU_EVENT -> InputRecord.Menu(i32(MENU_COMMAND_ID))
            FOCUS_EVENT -> InputRecord.Focus(i32(FOCUS_SET_FOCUS) != 0)
            else -> InputRecord.Other(type)
        }
    }

    /** The [count] records at the start of [bytes]. */
    fun decodeAll(bytes: ByteArray, count: Int): List<InputRecord> = List(count) { decode(bytes, it * SIZE) }
}
