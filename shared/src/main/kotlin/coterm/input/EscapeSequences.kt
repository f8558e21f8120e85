// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * Which bytes and escape sequences name which keys: data only, read by [CsiParser] and
 * [InputDecoder]. Like prompt_toolkit's `ansi_escape_sequences.py`, adding a terminal's key is
 * adding a row here.
 *
 * Sources: xterm's ctlseqs ("PC-Style Function Keys", "VT220-Style Function Keys"), the Linux
 * console (`ESC [ [ A`..`E`), rxvt (lower-case arrows, `^`/`@` finals), the kitty keyboard
 * protocol (`CSI codepoint ; modifiers u`) and xterm's modifyOtherKeys (`CSI 27 ; m ; cp ~`).
 */
internal object EscapeSequences {
    const val ESC: Int = 0x1B
    const val BEL: Int = 0x07
    const val CTRL_C: Int = 0x03
    const val DEL: Int = 0x7F

    /** Longest CSI parameter/intermediate part kept before it is reported as [InputEvent.Unknown]. */
    const val MAX_CSI_BODY: Int = 256

    /** Longest OSC/DCS/APC/PM/SOS string kept; past it the bytes so far are reported and decoding resyncs. */
    const val MAX_STRING: Int = 4096

    /** `CSI 200 ~` starts a bracketed paste. */
    const val PASTE_START: Int = 200

    /** `CSI 201 ~` ends a bracketed paste: the exact bytes looked for inside one. */
    val PASTE_END_MARKER: ByteArray = "\u001b[201~".toByteArray(Charsets.US_ASCII)

    /** Bytes after ESC that open a control string ended by BEL or ST: OSC, DCS, APC, PM, SOS. */
    const val STRING_INTRODUCERS: String = "]P_^X"

    /** `CSI [1;m] x` and `SS3 x`: a final letter that names a key by itself. */
    val LETTER_KEYS: Map<Char, KeyCode> = mapOf(
        'A' to KeyCode.Up,
        'B' to KeyCode.Down,
        'C' to KeyCode.Right,
        'D' to KeyCode.Left,
        'H' to KeyCode.Home,
        'F' to KeyCode.End,
        'P' to KeyCode.Function(1),
        'Q' to KeyCode.Function(2),
        'R' to KeyCode.Function(3),
        'S' to KeyCode.Function(4),
    )

    /** `CSI n [;m] ~`: VT220-style keys by their number. */
    val TILDE_KEYS: Map<Int, KeyCode> = mapOf(
        1 to KeyCode.Home, 7 to KeyCode.Home,
        2 to KeyCode.Insert,
        3 to KeyCode.Delete,
        4 to KeyCode.End, 8 to KeyCode.End,
        5 to KeyCode.PageUp,
        6 to KeyCode.PageDown,
        11 to KeyCode.Function(1), 12 to KeyCode.Function(2), 13 to KeyCode.Function(3),
        14 to KeyCode.Function(4), 15 to KeyCode.Function(5),
        17 to KeyCode.Function(6), 18 to KeyCode.Function(7), 19 to KeyCode.Function(8),
        20 to KeyCode.Function(9), 21 to KeyCode.Function(10),
        23 to KeyCode.Function(11), 24 to KeyCode.Function(12),
        25 to KeyCode.Function(13), 26 to KeyCode.Function(14),
        28 to KeyCode.Function(15), 29 to KeyCode.Function(16),
        31 to KeyCode.Function(17), 32 to KeyCode.Function(18),
        33 to KeyCode.Function(19), 34 to KeyCode.Function(20),
    )

    /** `SS3 x` from the keypad in application mode (xterm, VT100). */
    val SS3_KEYPAD: Map<Char, KeyStroke> = mapOf(
        'M' to KeyStroke(KeyCode.Enter),
        'X' to KeyStroke(KeyCode.Char('='.code)),
        'j' to KeyStroke(KeyCode.Char('*'.code)),
        'k' to KeyStroke(KeyCode.Char('+'.code)),
        'l' to KeyStroke(KeyCode.Char(','.code)),
        'm' to KeyStroke(KeyCode.Char('-'.code)),
        'n' to KeyStroke(KeyCode.Char('.'.code)),
        'o' to KeyStroke(KeyCode.Char('/'.code)),
        'p' to KeyStroke(KeyCode.Char('0'.code)),
        'q' to KeyStroke(KeyCode.Char('1'.code)),
        'r' to KeyStroke(KeyCode.Char('2'.code)),
        's' to KeyStroke(KeyCode.Char('3'.code)),
        't' to KeyStroke(KeyCode.Char('4'.code)),
        'u' to KeyStroke(KeyCode.Char('5'.code)),
        'v' to KeyStroke(KeyCode.Char('6'.code)),
        'w' to KeyStroke(KeyCode.Char('7'.code)),
        'x' to KeyStroke(KeyCode.Char('8'.code)),
        'y' to KeyStroke(KeyCode.Char('9'.code)),
    )

    /** rxvt's lower-case arrows: `CSI a` is Shift+Up, `SS3 a` is Ctrl+Up. */
    val RXVT_ARROWS: Map<Char, KeyCode> = mapOf(
        'a' to KeyCode.Up,
        'b' to KeyCode.Down,
        'c' to KeyCode.Right,
        'd' to KeyCode.Left,
    )

    /** rxvt's `CSI n ^` (Ctrl) and `CSI n @` (Ctrl+Shift) in place of `CSI n ~`. */
    val RXVT_TILDE_MODIFIERS: Map<Char, Modifiers> = mapOf(
        '^' to Modifiers.Ctrl,
        '@' to Modifiers.Ctrl + Modifiers.Shift,
    )

    /** The Linux console's `ESC [ [ x`: F1 to F5. */
    val LINUX_CONSOLE_KEYS: Map<Char, KeyCode> = mapOf(
        'A' to KeyCode.Function(1),
        'B' to KeyCode.Function(2),
        'C' to KeyCode.Function(3),
        'D' to KeyCode.Function(4),
        'E' to KeyCode.Function(5),
    )

    /**
     * The key each C0 control byte (0x00..0x1F) is typed as. ESC (0x1B) is listed as Escape
     * for `CSI 27 u`; the decoder treats a raw ESC byte before looking here.
     */
    val CONTROL_KEYS: List<KeyStroke> = List(0x20) { byte ->
        when (byte) {
            0x00 -> KeyStroke(KeyCode.Char(' '.code), Modifiers.Ctrl)
            0x09 -> KeyStroke(KeyCode.Tab)
            0x0D -> KeyStroke(KeyCode.Enter)
            0x1B -> KeyStroke(KeyCode.Escape)
            in 0x01..0x1A -> KeyStroke(KeyCode.Char('a'.code + byte - 1), Modifiers.Ctrl)
            else -> KeyStroke(KeyCode.Char("\\]^_"[byte - 0x1C].code), Modifiers.Ctrl)
        }
    }

    /** The key each byte below 0x80 stands for on its own: a control, DEL (Backspace) or a printable character. */
    val SINGLE_BYTE_KEYS: List<KeyStroke> = List(0x80) { byte ->
        when {
            byte < 0x20 -> CONTROL_KEYS[byte]
            byte == DEL -> KeyStroke(KeyCode.Backspace)
            else -> KeyStroke(KeyCode.Char(byte))
        }
    }

    /**
     * The event each byte below 0x80 other than ESC becomes when it is read on its own, with its
     * raw byte: one shared instance per byte (events are immutable), so typed ASCII allocates
     * nothing as it is decoded.
     */
    val SINGLE_BYTE_EVENTS: Array<InputEvent.Key> = Array(0x80) { byte ->
        val stroke = SINGLE_BYTE_KEYS[byte]
        InputEvent.Key(stroke.key, stroke.modifiers, RawBytes.of(byte))
    }

    /**
     * The event a byte from 0x80 up becomes when it is an ill-formed UTF-8 subpart on its own
     * (a stray continuation byte, or a lead byte the next byte does not continue): U+FFFD with
     * that byte as its raw bytes, indexed by `byte - 0x80`. Shared like [SINGLE_BYTE_EVENTS], so
     * random or binary input does not allocate an event per byte.
     */
    val LONE_BYTE_REPLACEMENTS: Array<InputEvent.Key> = Array(0x80) { i ->
        InputEvent.Key(KeyCode.Char(Utf8Decoder.REPLACEMENT), Modifiers.None, RawBytes.of(0x80 + i))
    }
}
