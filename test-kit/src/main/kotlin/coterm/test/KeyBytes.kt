// SPDX-License-Identifier: Apache-2.0
package coterm.test

import coterm.input.KeyCode
import coterm.input.KeyStroke

/**
 * The bytes xterm sends for a key, in normal cursor-key mode: what [VirtualTerminal.press] types.
 * Modifiers on named keys use xterm's `CSI 1 ; m X` / `CSI n ; m ~` form (m = 1 + Shift 1, Alt 2,
 * Ctrl 4, Meta 8); Alt on a character is an ESC before it; Ctrl on a letter is its control byte.
 */
internal object KeyBytes {
    private const val ESC = "\u001b"

    fun of(stroke: KeyStroke): ByteArray = text(stroke).toByteArray(Charsets.UTF_8)

    private fun text(stroke: KeyStroke): String {
        val m = stroke.modifiers
        val param = 1 + m.bits
        return when (val key = stroke.key) {
            is KeyCode.Char -> {
                var s = String(Character.toChars(key.codePoint))
                if (m.hasCtrl()) s = control(key.codePoint) ?: throw IllegalArgumentException("no control byte for Ctrl+$s")
                if (m.hasAlt() || m.hasMeta()) ESC + s else s
            }
            KeyCode.Enter -> prefix(m.hasAlt(), "\r")
            KeyCode.Tab -> if (m.hasShift()) "$ESC[Z" else prefix(m.hasAlt(), "\t")
            KeyCode.Backspace -> prefix(m.hasAlt(), if (m.hasCtrl()) "\b" else "\u007f")
            KeyCode.Escape -> ESC
            KeyCode.Up -> letter('A', param)
            KeyCode.Down -> letter('B', param)
            KeyCode.Right -> letter('C', param)
            KeyCode.Left -> letter('D', param)
            KeyCode.Home -> letter('H', param)
            KeyCode.End -> letter('F', param)
            KeyCode.Insert -> tilde(2, param)
            KeyCode.Delete -> tilde(3, param)
            KeyCode.PageUp -> tilde(5, param)
            KeyCode.PageDown -> tilde(6, param)
            is KeyCode.Function -> when (key.number) {
                in 1..4 -> if (param == 1) "${ESC}O" + "PQRS"[key.number - 1] else "$ESC[1;$param" + "PQRS"[key.number - 1]
                else -> tilde(FUNCTION_NUMBERS[key.number] ?: throw IllegalArgumentException("no sequence for F${key.number}"), param)
            }
        }
    }

    private fun prefix(alt: Boolean, s: String) = if (alt) ESC + s else s

    private fun letter(final: Char, param: Int) = if (param == 1) "$ESC[$final" else "$ESC[1;$param$final"

    private fun tilde(n: Int, param: Int) = if (param == 1) "$ESC[$n~" else "$ESC[$n;$param~"

    /** Ctrl with a letter or one of `@[\]^_ ` and space: the C0 byte, as a terminal sends it. */
    private fun control(cp: Int): String? = when (cp) {
        in 'a'.code..'z'.code -> (cp - 'a'.code + 1).toChar().toString()
        in '@'.code..'_'.code -> (cp - '@'.code).toChar().toString()
        ' '.code -> "\u0000"
        '?'.code -> "\u007f"
        else -> null
    }

    private val FUNCTION_NUMBERS = mapOf(
        5 to 15, 6 to 17, 7 to 18, 8 to 19, 9 to 20, 10 to 21, 11 to 23, 12 to 24,
        13 to 25, 14 to 26, 15 to 28, 16 to 29, 17 to 31, 18 to 32, 19 to 33, 20 to 34,
    )
}
