// SPDX-License-Identifier: Apache-2.0
package coterm.windows

/**
 * One Windows console `INPUT_RECORD`, decoded: what [InputRecordLayout.decode] makes of the
 * 20 bytes `ReadConsoleInputW` wrote. Plain data; the translator and the tests work on these.
 */
internal sealed interface InputRecord {
    /**
     * A `KEY_EVENT_RECORD`: [char] is the UTF-16 code unit the key produced (0 for none; one half
     * of a surrogate pair for characters outside the BMP), [repeatCount] how many times the key
     * repeated while held (0 is read as 1).
     */
    data class Key(
        val keyDown: Boolean,
        val repeatCount: Int,
        val virtualKeyCode: Int,
        val virtualScanCode: Int,
        val char: Char,
        val controlKeyState: Int,
    ) : InputRecord

    /** A `MOUSE_EVENT_RECORD`; coterm does not ask for mouse input and ignores these. */
    data class Mouse(val x: Int, val y: Int, val buttonState: Int, val controlKeyState: Int, val eventFlags: Int) : InputRecord

    /** A `WINDOW_BUFFER_SIZE_RECORD`: the screen buffer is now [columns] x [rows] cells. */
    data class WindowBufferSize(val columns: Int, val rows: Int) : InputRecord

    /** A `MENU_EVENT_RECORD`: used by the console itself; ignored. */
    data class Menu(val commandId: Int) : InputRecord

    /** A `FOCUS_EVENT_RECORD`: the console window gained ([setFocus] true) or lost focus. */
    data class Focus(val setFocus: Boolean) : InputRecord

    /** A record of a type this code does not know; ignored. */
    data class Other(val eventType: Int) : InputRecord
}
