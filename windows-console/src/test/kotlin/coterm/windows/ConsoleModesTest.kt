// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import com.sun.jna.platform.win32.Wincon
import io.kotest.core.spec.style.FunSpec
import coterm.windows.testing.forAll
import coterm.windows.testing.row
import io.kotest.matchers.shouldBe

/** Mode and key-state bits against the Windows SDK (`consoleapi.h`, `wincontypes.h`), and the mode arithmetic. */
class ConsoleModesTest : FunSpec({
    test("input and output mode bits are the SDK's, and jna-platform's Wincon agrees") {
        forAll(
            row(ConsoleModes.ENABLE_PROCESSED_INPUT, 0x0001, Wincon.ENABLE_PROCESSED_INPUT),
            row(ConsoleModes.ENABLE_LINE_INPUT, 0x0002, Wincon.ENABLE_LINE_INPUT),
            row(ConsoleModes.ENABLE_ECHO_INPUT, 0x0004, Wincon.ENABLE_ECHO_INPUT),
            row(ConsoleModes.ENABLE_WINDOW_INPUT, 0x0008, Wincon.ENABLE_WINDOW_INPUT),
            row(ConsoleModes.ENABLE_MOUSE_INPUT, 0x0010, Wincon.ENABLE_MOUSE_INPUT),
            row(ConsoleModes.ENABLE_INSERT_MODE, 0x0020, Wincon.ENABLE_INSERT_MODE),
            row(ConsoleModes.ENABLE_QUICK_EDIT_MODE, 0x0040, Wincon.ENABLE_QUICK_EDIT_MODE),
            row(ConsoleModes.ENABLE_EXTENDED_FLAGS, 0x0080, Wincon.ENABLE_EXTENDED_FLAGS),
            row(ConsoleModes.ENABLE_VIRTUAL_TERMINAL_INPUT, 0x0200, Wincon.ENABLE_VIRTUAL_TERMINAL_INPUT),
            row(ConsoleModes.ENABLE_PROCESSED_OUTPUT, 0x0001, Wincon.ENABLE_PROCESSED_OUTPUT),
            row(ConsoleModes.ENABLE_WRAP_AT_EOL_OUTPUT, 0x0002, Wincon.ENABLE_WRAP_AT_EOL_OUTPUT),
            row(ConsoleModes.ENABLE_VIRTUAL_TERMINAL_PROCESSING, 0x0004, Wincon.ENABLE_VIRTUAL_TERMINAL_PROCESSING),
            row(ConsoleModes.DISABLE_NEWLINE_AUTO_RETURN, 0x0008, Wincon.DISABLE_NEWLINE_AUTO_RETURN),
        ) { ours, sdk, jna ->
            ours shouldBe sdk
            jna shouldBe sdk
        }
    }

    test("control key state bits are the SDK's") {
        forAll(
            row(ControlKeyState.RIGHT_ALT_PRESSED, 0x0001),
            row(ControlKeyState.LEFT_ALT_PRESSED, 0x0002),
            row(ControlKeyState.RIGHT_CTRL_PRESSED, 0x0004),
            row(ControlKeyState.LEFT_CTRL_PRESSED, 0x0008),
            row(ControlKeyState.SHIFT_PRESSED, 0x0010),
            row(ControlKeyState.NUMLOCK_ON, 0x0020),
            row(ControlKeyState.SCROLLLOCK_ON, 0x0040),
            row(ControlKeyState.CAPSLOCK_ON, 0x0080),
            row(ControlKeyState.ENHANCED_KEY, 0x0100),
        ) { ours, sdk -> ours shouldBe sdk }
    }

    test("virtual-key codes and control events are the SDK's") {
        forAll(
            row(VirtualKeys.VK_CANCEL, 0x03), row(VirtualKeys.VK_BACK, 0x08), row(VirtualKeys.VK_TAB, 0x09),
            row(VirtualKeys.VK_RETURN, 0x0D), row(VirtualKeys.VK_MENU, 0x12), row(VirtualKeys.VK_ESCAPE, 0x1B),
            row(VirtualKeys.VK_PRIOR, 0x21), row(VirtualKeys.VK_NEXT, 0x22), row(VirtualKeys.VK_END, 0x23),
            row(VirtualKeys.VK_HOME, 0x24), row(VirtualKeys.VK_LEFT, 0x25), row(VirtualKeys.VK_UP, 0x26),
            row(VirtualKeys.VK_RIGHT, 0x27), row(VirtualKeys.VK_DOWN, 0x28), row(VirtualKeys.VK_INSERT, 0x2D),
            row(VirtualKeys.VK_DELETE, 0x2E), row(VirtualKeys.VK_NUMPAD0, 0x60), row(VirtualKeys.VK_F1, 0x70),
            row(VirtualKeys.VK_F24, 0x87), row(VirtualKeys.VK_PACKET, 0xE7),
            row(ConsoleApi.CTRL_C_EVENT, 0), row(ConsoleApi.CTRL_BREAK_EVENT, 1), row(ConsoleApi.CTRL_CLOSE_EVENT, 2),
            row(ConsoleApi.CTRL_LOGOFF_EVENT, 5), row(ConsoleApi.CTRL_SHUTDOWN_EVENT, 6),
        ) { ours, sdk -> ours shouldBe sdk }
        Wincon.CTRL_C_EVENT shouldBe ConsoleApi.CTRL_C_EVENT
        Wincon.CTRL_BREAK_EVENT shouldBe ConsoleApi.CTRL_BREAK_EVENT
    }

    test("raw input clears processed, line and echo input, sets window input, and keeps every other bit") {
        forAll(
            // cmd.exe's usual default: processed, line, echo, insert, quick edit, extended flags, auto position.
            row(0x01F7, false, 0x01F0 or 0x0008),
            row(0x01F7, true, 0x01F8 or 0x0200),
            row(0x0000, false, 0x0008),
            row(0x0207, false, 0x0008),
            row(0x0010, false, 0x0018),
        ) { saved, vt, expected -> ConsoleModes.rawInput(saved, vt) shouldBe expected }
    }

    test("VT output adds processed output and VT processing and leaves the rest, DISABLE_NEWLINE_AUTO_RETURN included") {
        forAll(
            row(0x0003, 0x0007),
            row(0x0000, 0x0005),
            row(0x000B, 0x000F),
            row(0x0007, 0x0007),
        ) { saved, expected -> ConsoleModes.vtOutput(saved) shouldBe expected }
    }
})
