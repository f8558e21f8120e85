// SPDX-License-Identifier: Apache-2.0
package coterm.windows.testing

import coterm.windows.InputRecord
import coterm.windows.InputRecordLayout

/**
 * Recorded `INPUT_RECORD`s as `ReadConsoleInputW` writes them: 20 little-endian bytes each, laid
 * out with the Windows SDK's offsets written here as literal numbers (independently of
 * [InputRecordLayout], which decodes them), with the values the Windows documentation gives.
 */
internal object Records {
    const val RIGHT_ALT = 0x0001
    const val LEFT_ALT = 0x0002
    const val RIGHT_CTRL = 0x0004
    const val LEFT_CTRL = 0x0008
    const val SHIFT = 0x0010
    const val NUMLOCK = 0x0020
    const val ENHANCED = 0x0100

    fun key(
        vk: Int,
        char: Char = '\u0000',
        state: Int = 0,
        down: Boolean = true,
        repeat: Int = 1,
        scan: Int = 0,
    ): ByteArray = ByteArray(20).also {
        it.u16(0, 0x0001)
        it.u32(4, if (down) 1 else 0)
        it.u16(8, repeat)
        it.u16(10, vk)
        it.u16(12, scan)
        it.u16(14, char.code)
        it.u32(16, state)
    }

    fun bufferSize(columns: Int, rows: Int): ByteArray = ByteArray(20).also {
        it.u16(0, 0x0004)
        it.u16(4, columns)
        it.u16(6, rows)
    }

    fun focus(gained: Boolean): ByteArray = ByteArray(20).also {
        it.u16(0, 0x0010)
        it.u32(4, if (gained) 1 else 0)
    }

    fun menu(command: Int): ByteArray = ByteArray(20).also {
        it.u16(0, 0x0008)
        it.u32(4, command)
    }

    fun mouse(x: Int, y: Int, buttons: Int): ByteArray = ByteArray(20).also {
        it.u16(0, 0x0002)
        it.u16(4, x)
        it.u16(6, y)
        it.u32(8, buttons)
    }

    /** A key-down and its key-up, as a keyboard (or a console's paste) produces them. */
    fun press(vk: Int, char: Char = '\u0000', state: Int = 0): List<ByteArray> =
        listOf(key(vk, char, state), key(vk, char, state, down = false))

    /** The records a console produces for typing (or pasting) [text]: one press per UTF-16 unit. */
    fun typing(text: String): List<ByteArray> = text.flatMap { c ->
        when {
            c == '\r' || c == '\n' -> press(0x0D, '\r')
            c == '\t' -> press(0x09, '\t')
            c in 'a'..'z' -> press(0x41 + (c - 'a'), c)
            c in 'A'..'Z' -> listOf(key(0x10, state = SHIFT)) + press(0x41 + (c - 'A'), c, SHIFT) + key(0x10, down = false)
            c in '0'..'9' -> press(0x30 + (c - '0'), c)
            c == ' ' -> press(0x20, ' ')
            else -> press(0xE7, c) // VK_PACKET, as for characters not on the keyboard
        }
    }

    fun decode(records: List<ByteArray>): List<InputRecord> = records.map { InputRecordLayout.decode(it, 0) }

    private fun ByteArray.u16(at: Int, value: Int) {
        this[at] = value.toByte()
        this[at + 1] = (value shr 8).toByte()
    }

    private fun ByteArray.u32(at: Int, value: Int) {
        u16(at, value and 0xffff)
        u16(at + 2, value ushr 16)
    }
}
