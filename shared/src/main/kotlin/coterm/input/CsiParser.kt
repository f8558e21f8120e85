// SPDX-License-Identifier: Apache-2.0
package coterm.input

/** What a complete CSI or SS3 sequence means, before raw bytes and an Alt prefix are attached. */
internal sealed interface Decoded {
    /** A key press. */
    data class Key(val stroke: KeyStroke) : Decoded

    /** `CSI I` / `CSI O`: focus gained or lost. */
    data class Focus(val gained: Boolean) : Decoded

    /** `CSI 200 ~`: the bytes up to `CSI 201 ~` are a paste. */
    data object PasteStart : Decoded

    /** Well-formed, but no key or event this decoder knows. */
    data object Unrecognised : Decoded
}

/**
 * Reads the parameters and final byte of a complete CSI (`ESC [`) or SS3 (`ESC O`) sequence and
 * says what it means. Pure functions over a byte range: the framing (where a sequence starts and
 * ends, length caps, interruptions) is [InputDecoder]'s job, the key names are in
 * [EscapeSequences].
 *
 * The modifier parameter `m` is xterm's: `Modifiers(m - 1)`, so 2 is Shift, 3 Alt, 5 Ctrl,
 * 9 Meta. Only those four bits are kept: kitty's higher bits (hyper, meta, Caps Lock, Num Lock)
 * are dropped so that Ctrl+A with Caps Lock on is still Ctrl+A.
 */
internal object CsiParser {
    /** A parameter or sub-parameter that was left empty (`CSI ;5A`). */
    const val ABSENT: Int = -1

    /** Numbers are clamped here: big enough for any real parameter, far from overflow. */
    private const val MAX_NUMBER = 9_999_999

    /** Kitty's key event sub-parameter (`CSI 97;5:3u`): 3 is a key release. */
    private const val KEY_RELEASE = 3

    /**
     * The parameters of a CSI body (the bytes between `ESC [` and the final byte): one IntArray
     * per `;`-separated parameter, holding its `:`-separated sub-parameters, [ABSENT] where
     * empty. Null when the body has anything but digits, `;` and `:` (a private marker such as
     * `?` or `<`, or intermediate bytes): no key sequence this decoder knows has those.
     */
    fun parameters(buffer: ByteArray, from: Int, to: Int): List<IntArray>? {
        if (from == to) return emptyList()
        val params = ArrayList<IntArray>(4)
        val current = ArrayList<Int>(2)
        var value = ABSENT
        for (i in from until to) {
            when (val b = buffer[i].toInt() and 0xFF) {
                in '0'.code..'9'.code -> value = minOf((if (value == ABSENT) 0 else value) * 10 + (b - '0'.code), MAX_NUMBER)
                ':'.code -> { current += value; value = ABSENT }
                ';'.code -> { current += value; params += current.toIntArray(); current.clear(); value = ABSENT }
                else -> return null
            }
        }
        current += value
        params += current.toIntArray()
        return params
    }

    /** The modifiers named by xterm's parameter [param]; absent, 0 and 1 all mean none. */
    fun modifiers(param: Int): Modifiers = if (param <= 1) Modifiers.None else Modifiers((param - 1) and 0x0F)

    /** What `ESC [ body final` means, the body being [from] until [to] in [buffer]. */
    fun csi(buffer: ByteArray, from: Int, to: Int, final: Int): Decoded {
        val params = parameters(buffer, from, to) ?: return Decoded.Unrecognised
        val f = final.toChar()
        EscapeSequences.LETTER_KEYS[f]?.let { code ->
            if (f == 'R' && isCursorReply(params)) return Decoded.Unrecognised
            return letterKey(params, code, Modifiers.None)
        }
        EscapeSequences.RXVT_ARROWS[f]?.let { code ->
            return if (params.isEmpty()) key(code, Modifiers.Shift) else Decoded.Unrecognised
        }
        EscapeSequences.RXVT_TILDE_MODIFIERS[f]?.let { mods ->
            val code = if (params.size == 1 && params[0].size == 1) EscapeSequences.TILDE_KEYS[params[0][0]] else null
            return if (code != null) key(code, mods) else Decoded.Unrecognised
        }
        return when (f) {
            'Z' -> letterKey(params, KeyCode.Tab, Modifiers.Shift)
            'I', 'O' -> if (params.isEmpty()) Decoded.Focus(gained = f == 'I') else Decoded.Unrecognised
            '~' -> tilde(params)
            'u' -> kitty(params)
            else -> Decoded.Unrecognised
        }
    }

    /**
     * What `ESC O digits final` means, the digits being [from] until [to] in [buffer] (empty, or
     * a modifier parameter as some terminals send in `ESC O 5 A`).
     */
    fun ss3(buffer: ByteArray, from: Int, to: Int, final: Int): Decoded {
        var param = ABSENT
        for (i in from until to) param = (if (param == ABSENT) 0 else param) * 10 + (buffer[i] - '0'.code.toByte())
        val mods = modifiers(param)
        val f = final.toChar()
        EscapeSequences.LETTER_KEYS[f]?.let { return key(it, mods) }
        EscapeSequences.SS3_KEYPAD[f]?.let { return key(it.key, it.modifiers + mods) }
        EscapeSequences.RXVT_ARROWS[f]?.let { return if (param == ABSENT) key(it, Modifiers.Ctrl) else Decoded.Unrecognised }
        return Decoded.Unrecognised
    }

    /**
     * True for a `CSI row;col R` that can only be a cursor-position reply: coterm never asks for
     * one, so a reply (another program's, or a late one) is never a key. Row 1 with a column in
     * 2..16 is read as F3 with modifiers, which it also spells.
     */
    private fun isCursorReply(params: List<IntArray>): Boolean {
        if (params.size != 2 || params[0].size != 1 || params[1].size != 1) return false
        val row = params[0][0]
        val column = params[1][0]
        return row >= 1 && column >= 1 && (row != 1 || column !in 2..16)
    }

    /** `CSI x` or `CSI 1 ; m x`: [code] with [base] plus the modifiers of `m`. */
    private fun letterKey(params: List<IntArray>, code: KeyCode, base: Modifiers): Decoded {
        if (params.isEmpty()) return key(code, base)
        if (params.size != 2 || params[0].size != 1 || (params[0][0] != 1 && params[0][0] != ABSENT)) {
            return Decoded.Unrecognised
        }
        val mods = modifierParameter(params[1]) ?: return Decoded.Unrecognised
        return key(code, base + mods)
    }

    /** `CSI n ~`, `CSI n ; m ~`, the paste start, and xterm's modifyOtherKeys `CSI 27 ; m ; cp ~`. */
    private fun tilde(params: List<IntArray>): Decoded {
        if (params.isEmpty() || params[0].size != 1) return Decoded.Unrecognised
        val number = params[0][0]
        if (number == EscapeSequences.PASTE_START && params.size == 1) return Decoded.PasteStart
        if (number == 27 && params.size == 3 && params[2].size == 1) {
            val mods = modifierParameter(params[1]) ?: return Decoded.Unrecognised
            return codePointKey(params[2][0], mods)
        }
        val code = EscapeSequences.TILDE_KEYS[number] ?: return Decoded.Unrecognised
        return when (params.size) {
            1 -> key(code, Modifiers.None)
            2 -> modifierParameter(params[1])?.let { key(code, it) } ?: Decoded.Unrecognised
            else -> Decoded.Unrecognised
        }
    }

    /** Kitty / fixterms `CSI codepoint[:shifted[:base]] [; m[:event] [; text]] u`. */
    private fun kitty(params: List<IntArray>): Decoded {
        if (params.isEmpty() || params.size > 3) return Decoded.Unrecognised
        val mods = if (params.size >= 2) modifierParameter(params[1]) ?: return Decoded.Unrecognised else Modifiers.None
        return codePointKey(params[0][0], mods)
    }

    /** The modifiers of a parameter `m[:event]`; null for a key release, which is not a press. */
    private fun modifierParameter(param: IntArray): Modifiers? {
        if (param.size > 2 || (param.size == 2 && param[1] == KEY_RELEASE)) return null
        return modifiers(param[0])
    }

    /**
     * A key named by its code point, as kitty and modifyOtherKeys send it: controls as the
     * decoder reads the raw byte (13 Enter, 9 Tab, 27 Escape, 127 Backspace, 1 Ctrl+A), other
     * characters as themselves. Not characters: surrogates, values past U+10FFFF, C1 controls
     * and the private-use area, where kitty numbers its functional keys.
     */
    private fun codePointKey(codePoint: Int, mods: Modifiers): Decoded = when {
        codePoint < 0 -> Decoded.Unrecognised
        codePoint < 0x20 -> EscapeSequences.CONTROL_KEYS[codePoint].let { key(it.key, it.modifiers + mods) }
        codePoint == EscapeSequences.DEL -> key(KeyCode.Backspace, mods)
        codePoint in 0x80..0x9F || codePoint in 0xD800..0xDFFF || codePoint in 0xE000..0xF8FF || codePoint > 0x10FFFF ->
            Decoded.Unrecognised
        else -> key(KeyCode.Char(codePoint), mods)
    }

    private fun key(code: KeyCode, mods: Modifiers): Decoded = Decoded.Key(KeyStroke(code, mods))
}
