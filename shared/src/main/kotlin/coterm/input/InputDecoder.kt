// SPDX-License-Identifier: Apache-2.0
package coterm.input

import coterm.InternalCotermApi
import coterm.input.EscapeSequences.CTRL_C
import coterm.input.EscapeSequences.ESC

/**
 * The push parser that turns bytes read from a terminal into [InputEvent]s: [feed] it bytes as
 * they are read, [flush] it when no more bytes are coming for now.
 *
 * ## Contract
 * - **Chunk invariance.** However one byte stream is split across [feed] calls, the events are
 *   the same (with no [flush] in between). The decoder never decides anything from where a
 *   read happened to end; an incomplete tail is held until more bytes, or [flush], decide it.
 * - **No byte lost.** Every byte fed ends up in exactly one event's [InputEvent.raw], in
 *   order: after a final [flush], the raw bytes of all events put together are the input.
 * - **Time is the caller's.** The decoder has no clock and no threads. When [pending] is
 *   [Pending.Escape] (a lone ESC, part of a sequence, part of a UTF-8 character) the reader
 *   arms a short timer (about 50 ms) and calls [flush] if nothing else arrives; when it is
 *   [Pending.Paste] it waits much longer, since the paste normally ends with its own marker.
 * - **Total.** No input makes it throw, and nothing it holds grows without bound except the
 *   text of a bracketed paste.
 *
 * ## What the bytes become
 * | bytes | event |
 * |---|---|
 * | UTF-8 text | `Key(Char(cp))`; each ill-formed subpart is U+FFFD and never eats the next valid byte (`C3 41` is U+FFFD, `A`) |
 * | CR, HT, DEL | Enter, Tab, Backspace |
 * | other C0 controls | the letter with Ctrl: 0x01 Ctrl+A, 0x08 Ctrl+H (not Backspace), 0x0A Ctrl+J, 0x03 Ctrl+C, 0x00 Ctrl+Space, 0x1C..0x1F Ctrl+`\ ] ^ _` |
 * | `ESC` then a key | that key with Alt: `ESC a` Alt+A, `ESC 0x7f` Alt+Backspace, `ESC ESC [ A` Alt+Up; but `ESC 0x03` is Escape then Ctrl+C, so an interrupt is never swallowed |
 * | a C0 control (not BEL, BS..CR) inside OSC/DCS/APC/PM/SOS | ends it: what was held is resolved, then the control is decoded as a key |
 * | `CSI`/`SS3` key sequences | arrows, Home, End, Insert, Delete, PgUp, PgDn, F1..F20, Shift+Tab, keypad, kitty `CSI cp;m u`, xterm's `CSI 27;m;cp ~`, with modifiers `m` as `Modifiers(m - 1)` (see [EscapeSequences]) |
 * | `CSI I`, `CSI O` | Focus gained, lost |
 * | `CSI row;col R` that cannot be F3 with modifiers | [InputEvent.Unknown]: a cursor-position reply, which coterm never asks for, never becomes a key |
 * | `CSI 200~` ... `CSI 201~` | one [InputEvent.Paste]; CRLF and CR become `\n`, other controls stay in the text |
 * | any other CSI, OSC, DCS, APC, PM, SOS | one [InputEvent.Unknown] each, raw kept whole |
 *
 * ## Incomplete input at [flush]
 * | held | becomes |
 * |---|---|
 * | `ESC` | Escape |
 * | `ESC ESC` | Alt+Escape (the first ESC is read as Alt, as for any key after it) |
 * | `ESC [`, `ESC O`, `ESC ]`, `ESC P` ... | Alt+`[`, Alt+`O`, Alt+`]`, Alt+`P` ...: the key the user most likely typed |
 * | a partial sequence with more bytes (`ESC [ 1 ;`) | Unknown with those bytes |
 * | part of a UTF-8 character | U+FFFD |
 * | a paste without its end marker | Paste with the text so far; an end marker arriving later is Unknown |
 *
 * The same rules apply when a byte that cannot continue a sequence arrives (a control, ESC,
 * DEL, or a non-ASCII byte inside a CSI): what was held is resolved as above and the byte is
 * then decoded normally, so `ESC [ 1 ESC [ A` is Unknown(`ESC [ 1`) then Up.
 *
 * An extra ESC in front of a sequence adds Alt to a key. In front of anything that is not a key
 * (a paste, focus, a reply, Unknown) it is given back as its own Escape key.
 *
 * Sequence lengths are capped: a CSI body longer than 256 bytes is reported as Unknown in
 * pieces of at most that size up to its final byte; a control string longer than 4096 bytes is
 * reported as Unknown and decoding starts afresh with the next byte.
 *
 * Compared with crossterm and Node: crossterm resolves ESC by read boundaries, so a sequence
 * split across reads comes out as wrong keys; here only [flush] does that. Compared with
 * prompt_toolkit's `Vt100Parser`: the same feed/flush shape, but bytes rather than decoded
 * text, so invalid UTF-8 and raw bytes survive.
 *
 * Not thread-safe: one reader owns one decoder.
 */
@InternalCotermApi
public class InputDecoder {
    /**
     * What kind of incomplete input an [InputDecoder] holds, which tells the reader which timer
     * to arm before calling [flush].
     */
    public enum class Pending {
        /** Nothing is held. */
        None,

        /** A lone ESC, part of an escape sequence, or part of a UTF-8 character: flush after a short silence. */
        Escape,

        /** Inside a bracketed paste: flush only after a long silence. */
        Paste,
    }

    private enum class State { Ground, Utf8, Escape, EscapeEscape, Csi, CsiOverflow, Ss3, LinuxFunction, Str, StrEscape, Paste }

    private var state = State.Ground

    /** The bytes of the unit being decoded; they become the next event's raw bytes. */
    private val held = ByteArray(EscapeSequences.MAX_STRING + 2)
    private var heldLength = 0

    /** Where the parameters of a CSI, the digits of an SS3 or the content of a string start in [held]. */
    private var bodyStart = 0

    /** True when [held] starts with an extra ESC that adds Alt to the key that follows it. */
    private var alt = false

    /** Events decoded by the current [feed] or [flush]; reused so that a feed inside a paste allocates nothing. */
    private val events = ArrayList<InputEvent>()

    private val utf8 = Utf8Decoder()
    private var paste: PasteBuffer? = null

    /** What kind of incomplete input is held, so the caller knows which timer to arm. */
    public val pending: Pending
        get() = when (state) {
            State.Ground -> Pending.None
            State.Paste -> Pending.Paste
            else -> Pending.Escape
        }

    /** True when all that is held is ESC (or ESC ESC): [flush] would give the Escape key. */
    @get:JvmSynthetic
    internal val holdsOnlyEscape: Boolean
        get() = state == State.Escape && heldLength == 1 || state == State.EscapeEscape && heldLength == 2

    /**
     * Decodes [length] bytes of [bytes] from [offset]; returns the events that are complete.
     * Incomplete tails are held for the next call or for [flush].
     *
     * @throws IndexOutOfBoundsException if the range is not inside [bytes].
     */
    public fun feed(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size - offset): List<InputEvent> {
        if (offset < 0 || length < 0 || offset > bytes.size - length) {
            throw IndexOutOfBoundsException("offset $offset, length $length, size ${bytes.size}")
        }
        val segments = ArrayList<List<InputEvent>>(2)
        feedSegments(bytes, offset, length, segments)
        return when (segments.size) {
            0 -> emptyList()
            1 -> segments[0]
            else -> segments.flatten()
        }
    }

    /**
     * Decodes [length] bytes of [bytes] from [offset] into [out], as segments in order: a run of
     * at least [TYPED_RUN] printable ASCII bytes met with nothing held is one [TypedText]; the
     * other events go in lists of their own between them. [feed] is these segments flattened.
     */
    @JvmSynthetic
    internal fun feedSegments(bytes: ByteArray, offset: Int, length: Int, out: MutableList<List<InputEvent>>) {
        val end = offset + length
        var i = offset
        while (i < end) {
            val p = paste
            if (p != null) {
                // Pastes take the fast path: bulk copies, no per-byte dispatch.
                i = p.consume(bytes, i, end)
                if (p.isComplete) endPaste(p, events)
                continue
            }
            if (state == State.Ground) {
                var run = i
                while (run < end && isPrintableAscii(bytes[run])) run++
                if (run - i >= TYPED_RUN) {
                    if (events.isNotEmpty()) out.add(takeEvents())
                    out.add(TypedText(String(bytes, i, run - i, Charsets.ISO_8859_1)))
                    i = run
                    continue
                }
                // A short run: each byte is its key, and the state stays Ground.
                while (i < run) events += EscapeSequences.SINGLE_BYTE_EVENTS[bytes[i++].toInt()]
                if (i == end) break
            }
            decode(bytes[i].toInt() and 0xFF, events)
            i++
        }
        if (events.isNotEmpty()) out.add(takeEvents())
    }

    /**
     * Forces out whatever is held as the table above says; called by the reader after the ESC
     * timeout, or at end of input. Returns the resulting events, empty when nothing was held.
     */
    public fun flush(): List<InputEvent> {
        if (state == State.Ground) return emptyList()
        resolve(events)
        return takeEvents()
    }

    /** What [events] collected, handed out as a list of its own; no allocation when empty. */
    private fun takeEvents(): List<InputEvent> {
        if (events.isEmpty()) return emptyList()
        val result = events.toList()
        events.clear()
        return result
    }

    private fun isPrintableAscii(b: Byte): Boolean = b >= 0x20 && b < 0x7F

    private fun decode(b: Int, out: MutableList<InputEvent>) {
        when (state) {
            State.Ground -> ground(b, out)
            State.Utf8 -> utf8Continuation(b, out)
            State.Escape -> afterEscape(b, out)
            State.EscapeEscape -> afterEscapeEscape(b, out)
            State.Csi -> csi(b, out)
            State.CsiOverflow -> csiOverflow(b, out)
            State.Ss3 -> ss3(b, out)
            State.LinuxFunction -> linuxFunction(b, out)
            State.Str -> controlString(b, out)
            State.StrEscape -> controlStringEscape(b, out)
            State.Paste -> {
                // feed() hands paste bytes to the buffer directly; kept total for safety.
                val p = paste ?: return
                p.consume(byteArrayOf(b.toByte()), 0, 1)
                if (p.isComplete) endPaste(p, out)
            }
        }
    }

    private fun ground(b: Int, out: MutableList<InputEvent>) {
        when {
            b == ESC -> {
                hold(b)
                state = State.Escape
            }
            // Nothing is held in Ground and no Alt applies: the byte's shared event.
            b < 0x80 -> out += EscapeSequences.SINGLE_BYTE_EVENTS[b]
            else -> {
                hold(b)
                utf8Lead(b, out)
            }
        }
    }

    /** [b], already held, starts a UTF-8 character (after ESC when [alt]). */
    private fun utf8Lead(b: Int, out: MutableList<InputEvent>) {
        if (utf8.accept(b) == Utf8Decoder.INVALID) {
            emitReplacement(out)
        } else {
            state = State.Utf8
        }
    }

    private fun utf8Continuation(b: Int, out: MutableList<InputEvent>) {
        when (val result = utf8.accept(b)) {
            Utf8Decoder.REJECTED -> {
                emitReplacement(out)
                decode(b, out)
            }
            Utf8Decoder.NEED_MORE -> hold(b)
            else -> {
                hold(b)
                emitKey(KeyStroke(KeyCode.Char(result)), out)
            }
        }
    }

    private fun afterEscape(b: Int, out: MutableList<InputEvent>) {
        if (b == CTRL_C) {
            // Escape then Ctrl+C typed quickly: an interrupt is never folded into Alt.
            resolve(out)
            decode(b, out)
            return
        }
        hold(b)
        when {
            b == '['.code -> enterBody(State.Csi)
            b == 'O'.code -> enterBody(State.Ss3)
            b == ESC -> state = State.EscapeEscape
            EscapeSequences.STRING_INTRODUCERS.indexOf(b.toChar()) >= 0 -> enterBody(State.Str)
            else -> {
                alt = true
                if (b < 0x80) emitKey(EscapeSequences.SINGLE_BYTE_KEYS[b], out) else utf8Lead(b, out)
            }
        }
    }

    private fun afterEscapeEscape(b: Int, out: MutableList<InputEvent>) {
        if (b == '['.code || b == 'O'.code) {
            hold(b)
            alt = true
            enterBody(if (b == '['.code) State.Csi else State.Ss3)
        } else {
            resolve(out)
            decode(b, out)
        }
    }

    private fun csi(b: Int, out: MutableList<InputEvent>) {
        when (b) {
            in 0x20..0x3F -> {
                if (heldLength - bodyStart >= EscapeSequences.MAX_CSI_BODY) {
                    giveBackAltPrefix(out)
                    emit(InputEvent.Unknown(takeHeld()), out)
                    state = State.CsiOverflow
                }
                hold(b)
            }
            in 0x40..0x7E -> {
                hold(b)
                if (b == '['.code && heldLength - 1 == bodyStart) state = State.LinuxFunction else endCsi(b, out)
            }
            else -> {
                resolve(out)
                decode(b, out)
            }
        }
    }

    private fun endCsi(final: Int, out: MutableList<InputEvent>) {
        val meaning = CsiParser.csi(held, bodyStart, heldLength - 1, final)
        emitDecoded(meaning, out)
    }

    /** The tail of an over-long CSI: reported in capped pieces up to and including its final byte. */
    private fun csiOverflow(b: Int, out: MutableList<InputEvent>) {
        when (b) {
            in 0x20..0x3F -> {
                if (heldLength >= EscapeSequences.MAX_CSI_BODY) emit(InputEvent.Unknown(takeHeld()), out)
                hold(b)
                state = State.CsiOverflow
            }
            in 0x40..0x7E -> {
                hold(b)
                emit(InputEvent.Unknown(takeHeld()), out)
            }
            else -> {
                resolve(out)
                decode(b, out)
            }
        }
    }

    private fun ss3(b: Int, out: MutableList<InputEvent>) {
        when {
            b in '0'.code..'9'.code && heldLength - bodyStart < 2 -> hold(b)
            b in 0x40..0x7E -> {
                hold(b)
                emitDecoded(CsiParser.ss3(held, bodyStart, heldLength - 1, b), out)
            }
            else -> {
                resolve(out)
                decode(b, out)
            }
        }
    }

    private fun linuxFunction(b: Int, out: MutableList<InputEvent>) {
        val code = EscapeSequences.LINUX_CONSOLE_KEYS[b.toChar()]
        if (code != null) {
            hold(b)
            emitKey(KeyStroke(code), out)
        } else {
            resolve(out)
            decode(b, out)
        }
    }

    private fun controlString(b: Int, out: MutableList<InputEvent>) {
        when {
            b == EscapeSequences.BEL -> {
                hold(b)
                emit(InputEvent.Unknown(takeHeld()), out)
            }
            b == ESC -> {
                hold(b)
                state = State.StrEscape
            }
            b < 0x20 && b !in 0x08..0x0D -> {
                // A control such as Ctrl+C, CAN or SUB cannot be part of a control string
                // (ECMA-48 8.3.89): what was held is resolved and the control is a key again.
                resolve(out)
                decode(b, out)
            }
            heldLength >= EscapeSequences.MAX_STRING -> {
                // Too long to be a reply we could use: report it and resync on this byte.
                emit(InputEvent.Unknown(takeHeld()), out)
                decode(b, out)
            }
            else -> hold(b)
        }
    }

    /** ESC inside a control string: `ESC \` (ST) ends it; anything else interrupts it. */
    private fun controlStringEscape(b: Int, out: MutableList<InputEvent>) {
        if (b == '\\'.code) {
            hold(b)
            emit(InputEvent.Unknown(takeHeld()), out)
        } else {
            heldLength-- // the ESC: it starts afresh, followed by b
            state = State.Str
            resolve(out)
            hold(ESC)
            state = State.Escape
            decode(b, out)
        }
    }

    /**
     * Resolves whatever is held as if no more bytes will come (the table in the class KDoc),
     * leaving the decoder in the ground state.
     */
    private fun resolve(out: MutableList<InputEvent>) {
        when (state) {
            State.Ground -> Unit
            State.Utf8 -> {
                utf8.reset()
                emitReplacement(out)
            }
            State.Escape -> emitKey(KeyStroke(KeyCode.Escape), out)
            State.EscapeEscape -> {
                alt = true
                emitKey(KeyStroke(KeyCode.Escape), out)
            }
            State.Csi, State.Ss3, State.Str ->
                if (heldLength == bodyStart) emitIntroducerAsAltKey(out) else emitUnknown(out)
            State.CsiOverflow -> if (heldLength > 0) emit(InputEvent.Unknown(takeHeld()), out) else reset()
            State.LinuxFunction -> emitUnknown(out)
            State.StrEscape -> {
                heldLength-- // the ESC: resolved on its own after the string
                state = State.Str
                resolve(out)
                hold(ESC)
                state = State.Escape
                resolve(out)
            }
            State.Paste -> paste?.let { endPaste(it, out) } ?: reset()
        }
    }

    /** `ESC [` (or `ESC O`, `ESC ]` ...) with nothing after it: Alt with that character. */
    private fun emitIntroducerAsAltKey(out: MutableList<InputEvent>) {
        giveBackAltPrefix(out)
        alt = true
        emitKey(KeyStroke(KeyCode.Char(held[heldLength - 1].toInt())), out)
    }

    private fun emitUnknown(out: MutableList<InputEvent>) {
        giveBackAltPrefix(out)
        emit(InputEvent.Unknown(takeHeld()), out)
    }

    private fun emitDecoded(meaning: Decoded, out: MutableList<InputEvent>) {
        when (meaning) {
            is Decoded.Key -> emitKey(meaning.stroke, out)
            is Decoded.Focus -> {
                giveBackAltPrefix(out)
                emit(InputEvent.Focus(meaning.gained, takeHeld()), out)
            }
            Decoded.PasteStart -> {
                giveBackAltPrefix(out)
                paste = PasteBuffer(held, heldLength)
                heldLength = 0
                state = State.Paste
            }
            Decoded.Unrecognised -> emitUnknown(out)
        }
    }

    private fun endPaste(p: PasteBuffer, out: MutableList<InputEvent>) {
        out += p.toEvent()
        paste = null
        reset()
    }

    /**
     * When an extra ESC was read as Alt but what follows is not a key, that ESC is reported as
     * an Escape key of its own, and the rest keeps its own raw bytes.
     */
    private fun giveBackAltPrefix(out: MutableList<InputEvent>) {
        if (!alt) return
        out += InputEvent.Key(KeyCode.Escape, Modifiers.None, RawBytes.of(ESC))
        System.arraycopy(held, 1, held, 0, heldLength - 1)
        heldLength--
        bodyStart--
        alt = false
    }

    private fun enterBody(next: State) {
        bodyStart = heldLength
        state = next
    }

    private fun hold(b: Int) {
        held[heldLength++] = b.toByte()
    }

    private fun emitKey(stroke: KeyStroke, out: MutableList<InputEvent>) {
        val mods = if (alt) stroke.modifiers + Modifiers.Alt else stroke.modifiers
        emit(InputEvent.Key(stroke.key, mods, takeHeld()), out)
    }

    /**
     * U+FFFD for the held bytes, an ill-formed UTF-8 subpart: one lone byte without Alt (what
     * random or binary input is mostly made of) is a shared event.
     */
    private fun emitReplacement(out: MutableList<InputEvent>) {
        if (!alt && heldLength == 1 && held[0] < 0) {
            emit(EscapeSequences.LONE_BYTE_REPLACEMENTS[(held[0].toInt() and 0xff) - 0x80], out)
        } else {
            emitKey(KeyStroke(KeyCode.Char(Utf8Decoder.REPLACEMENT)), out)
        }
    }

    private fun emit(event: InputEvent, out: MutableList<InputEvent>) {
        out += event
        reset()
    }

    private fun takeHeld(): RawBytes {
        val raw = RawBytes.of(held, 0, heldLength)
        heldLength = 0
        return raw
    }

    private fun reset() {
        heldLength = 0
        bodyStart = 0
        alt = false
        state = State.Ground
    }
}

/** The shortest run of printable ASCII that [InputDecoder.feedSegments] keeps as one [TypedText]: a burst, not a person. */
private const val TYPED_RUN = 32
