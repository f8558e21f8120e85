// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import com.sun.jna.Structure
import com.sun.jna.platform.win32.Wincon
import coterm.windows.testing.Records
import io.kotest.core.spec.style.FunSpec
import coterm.windows.testing.forAll
import coterm.windows.testing.row
import io.kotest.matchers.shouldBe

/**
 * The `INPUT_RECORD` layout against the Windows SDK (`wincontypes.h`): sizes and offsets as the
 * SDK's `sizeof` and `FIELD_OFFSET` give them for x64 (and x86: no member is pointer-sized).
 */
class InputRecordLayoutTest : FunSpec({
    test("sizes are the SDK's") {
        forAll(
            row("sizeof(INPUT_RECORD)", InputRecordLayout.SIZE, 20),
            row("sizeof(KEY_EVENT_RECORD)", InputRecordLayout.KEY_EVENT_RECORD_SIZE, 16),
            row("sizeof(MOUSE_EVENT_RECORD)", InputRecordLayout.MOUSE_EVENT_RECORD_SIZE, 16),
            row("sizeof(WINDOW_BUFFER_SIZE_RECORD)", InputRecordLayout.WINDOW_BUFFER_SIZE_RECORD_SIZE, 4),
        ) { _, actual, sdk -> actual shouldBe sdk }
    }

    test("field offsets inside INPUT_RECORD are the SDK's") {
        forAll(
            row("EventType", InputRecordLayout.EVENT_TYPE, 0),
            row("Event", InputRecordLayout.EVENT, 4),
            row("KeyEvent.bKeyDown", InputRecordLayout.KEY_DOWN, 4),
            row("KeyEvent.wRepeatCount", InputRecordLayout.REPEAT_COUNT, 8),
            row("KeyEvent.wVirtualKeyCode", InputRecordLayout.VIRTUAL_KEY_CODE, 10),
            row("KeyEvent.wVirtualScanCode", InputRecordLayout.VIRTUAL_SCAN_CODE, 12),
            row("KeyEvent.uChar", InputRecordLayout.UNICODE_CHAR, 14),
            row("KeyEvent.dwControlKeyState", InputRecordLayout.KEY_CONTROL_KEY_STATE, 16),
            row("MouseEvent.dwMousePosition", InputRecordLayout.MOUSE_POSITION, 4),
            row("MouseEvent.dwButtonState", InputRecordLayout.MOUSE_BUTTON_STATE, 8),
            row("MouseEvent.dwControlKeyState", InputRecordLayout.MOUSE_CONTROL_KEY_STATE, 12),
            row("MouseEvent.dwEventFlags", InputRecordLayout.MOUSE_EVENT_FLAGS, 16),
            row("WindowBufferSizeEvent.dwSize.X", InputRecordLayout.BUFFER_SIZE_X, 4),
            row("WindowBufferSizeEvent.dwSize.Y", InputRecordLayout.BUFFER_SIZE_Y, 6),
            row("MenuEvent.dwCommandId", InputRecordLayout.MENU_COMMAND_ID, 4),
            row("FocusEvent.bSetFocus", InputRecordLayout.FOCUS_SET_FOCUS, 4),
        ) { _, actual, sdk -> actual shouldBe sdk }
    }

    test("event types are the SDK's, and jna-platform agrees on the three it defines") {
        InputRecordLayout.KEY_EVENT shouldBe 0x0001
        InputRecordLayout.MOUSE_EVENT shouldBe 0x0002
        InputRecordLayout.WINDOW_BUFFER_SIZE_EVENT shouldBe 0x0004
        InputRecordLayout.MENU_EVENT shouldBe 0x0008
        InputRecordLayout.FOCUS_EVENT shouldBe 0x0010
        Wincon.INPUT_RECORD.KEY_EVENT.toInt() shouldBe InputRecordLayout.KEY_EVENT
        Wincon.INPUT_RECORD.MOUSE_EVENT.toInt() shouldBe InputRecordLayout.MOUSE_EVENT
        Wincon.INPUT_RECORD.WINDOW_BUFFER_SIZE_EVENT.toInt() shouldBe InputRecordLayout.WINDOW_BUFFER_SIZE_EVENT
    }

    test("jna-platform's CONSOLE_SCREEN_BUFFER_INFO (used for the window size) has the SDK's layout") {
        // All its members are SHORTs, so JNA's layout here is the layout on Windows.
        val info = Wincon.CONSOLE_SCREEN_BUFFER_INFO()
        info.size() shouldBe 22
        forAll(
            row("dwSize", 0),
            row("dwCursorPosition", 4),
            row("wAttributes", 8),
            row("srWindow", 10),
            row("dwMaximumWindowSize", 18),
        ) { field, offset -> info.fieldOffsetOf(field) shouldBe offset }
        Wincon.SMALL_RECT().size() shouldBe 8
        Wincon.COORD().size() shouldBe 4
    }

    test("recorded key records decode to their fields") {
        Records.decode(listOf(Records.key(0x43, '\u0003', Records.LEFT_CTRL, repeat = 2, scan = 0x2E))) shouldBe listOf(
            InputRecord.Key(keyDown = true, repeatCount = 2, virtualKeyCode = 0x43, virtualScanCode = 0x2E, char = '\u0003', controlKeyState = 0x0008),
        )
        Records.decode(listOf(Records.key(0x26, state = Records.ENHANCED or Records.NUMLOCK, down = false))).single() shouldBe
            InputRecord.Key(false, 1, 0x26, 0, '\u0000', 0x0120)
        Records.decode(listOf(Records.key(0xE7, '\uD83D'))).single() shouldBe InputRecord.Key(true, 1, 0xE7, 0, '\uD83D', 0)
    }

    test("the other record types decode, and unknown types are kept as Other") {
        Records.decode(listOf(Records.bufferSize(120, 9001), Records.focus(true), Records.focus(false), Records.menu(0x1234), Records.mouse(3, 4, 1))) shouldBe listOf(
            InputRecord.WindowBufferSize(120, 9001),
            InputRecord.Focus(true),
            InputRecord.Focus(false),
            InputRecord.Menu(0x1234),
            InputRecord.Mouse(3, 4, 1, 0, 0),
        )
        val odd = ByteArray(20).also { it[0] = 0x40 }
        InputRecordLayout.decode(odd, 0) shouldBe InputRecord.Other(0x40)
    }

    test("decodeAll reads consecutive records; a short buffer is refused, not read past") {
        val bytes = Records.key(0x41, 'a') + Records.key(0x42, 'b')
        InputRecordLayout.decodeAll(bytes, 2).map { (it as InputRecord.Key).char } shouldBe listOf('a', 'b')
        runCatching { InputRecordLayout.decode(bytes, 30) }.isFailure shouldBe true
    }
})

private fun Structure.fieldOffsetOf(name: String): Int {
    val method = Structure::class.java.getDeclaredMethod("fieldOffset", String::class.java)
    method.isAccessible = true
    return method.invoke(this, name) as Int
}
