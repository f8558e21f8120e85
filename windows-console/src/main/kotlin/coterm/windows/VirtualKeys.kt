// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.KeyCode

/** The virtual-key codes (`winuser.h`) that the translator looks at. */
internal object VirtualKeys {
    const val VK_CANCEL: Int = 0x03
    const val VK_BACK: Int = 0x08
    const val VK_TAB: Int = 0x09
    const val VK_CLEAR: Int = 0x0C
    const val VK_RETURN: Int = 0x0D
    const val VK_SHIFT: Int = 0x10
    const val VK_CONTROL: Int = 0x11
    const val VK_MENU: Int = 0x12
    const val VK_ESCAPE: Int = 0x1B
    const val VK_SPACE: Int = 0x20
    const val VK_PRIOR: Int = 0x21
    const val VK_NEXT: Int = 0x22
    const val VK_END: Int = 0x23
    const val VK_HOME: Int = 0x24
    const val VK_LEFT: Int = 0x25
    const val VK_UP: Int = 0x26
    const val VK_RIGHT: Int = 0x27
    const val VK_DOWN: Int = 0x28
    const val VK_INSERT: Int = 0x2D
    const val VK_DELETE: Int = 0x2E
    const val VK_0: Int = 0x30
    const val VK_2: Int = 0x32
    const val VK_9: Int = 0x39
    const val VK_A: Int = 0x41
    const val VK_Z: Int = 0x5A
    const val VK_NUMPAD0: Int = 0x60
    const val VK_NUMPAD9: Int = 0x69
    const val VK_F1: Int = 0x70
    const val VK_F24: Int = 0x87

    /** A character that came from an input method or `SendInput` rather than a key. */
    const val VK_PACKET: Int = 0xE7

    /** The keys that keep their meaning whatever the modifiers; F1 to F24 are computed. */
    private val NAVIGATION: Map<Int, KeyCode> = mapOf(
        VK_UP to KeyCode.Up,
        VK_DOWN to KeyCode.Down,
        VK_LEFT to KeyCode.Left,
        VK_RIGHT to KeyCode.Right,
        VK_HOME to KeyCode.Home,
        VK_END to KeyCode.End,
        VK_PRIOR to KeyCode.PageUp,
        VK_NEXT to KeyCode.PageDown,
        VK_INSERT to KeyCode.Insert,
        VK_DELETE to KeyCode.Delete,
    )

    /** Arrows, Home/End, PgUp/PgDn, Insert/Delete and F1..F24, or null. */
    fun navigationKey(vk: Int): KeyCode? =
        if (vk in VK_F1..VK_F24) KeyCode.Function(vk - VK_F1 + 1) else NAVIGATION[vk]

    /**
     * The keypad keys that Alt+keypad character codes are typed on: the digits with Num Lock on,
     * and with it off the same keys as navigation keys without [ControlKeyState.ENHANCED_KEY].
     */
    fun isKeypadDigit(vk: Int, controlKeyState: Int): Boolean = vk in VK_NUMPAD0..VK_NUMPAD9 ||
        (controlKeyState and ControlKeyState.ENHANCED_KEY == 0 && vk in KEYPAD_NAVIGATION)

    private val KEYPAD_NAVIGATION = setOf(
        VK_INSERT, VK_END, VK_DOWN, VK_NEXT, VK_LEFT, VK_CLEAR, VK_RIGHT, VK_HOME, VK_UP, VK_PRIOR,
    )
}
