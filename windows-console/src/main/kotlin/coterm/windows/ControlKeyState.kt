// SPDX-License-Identifier: Apache-2.0
package coterm.windows

/**
 * The `dwControlKeyState` bits of key records (`wincontypes.h`): which modifier keys were held
 * and which lock keys were on when the key event happened.
 */
internal object ControlKeyState {
    const val RIGHT_ALT_PRESSED: Int = 0x0001
    const val LEFT_ALT_PRESSED: Int = 0x0002
    const val RIGHT_CTRL_PRESSED: Int = 0x0004
    const val LEFT_CTRL_PRESSED: Int = 0x0008
    const val SHIFT_PRESSED: Int = 0x0010
    const val NUMLOCK_ON: Int = 0x0020
    const val SCROLLLOCK_ON: Int = 0x0040
    const val CAPSLOCK_ON: Int = 0x0080

    /** The key is one of the "enhanced" keys: the arrows, Home/End... block, not the keypad's. */
    const val ENHANCED_KEY: Int = 0x0100

    const val ALT: Int = RIGHT_ALT_PRESSED or LEFT_ALT_PRESSED
    const val CTRL: Int = RIGHT_CTRL_PRESSED or LEFT_CTRL_PRESSED
}
