// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.input.RawBytes
import coterm.windows.ControlKeyState.ALT
import coterm.windows.ControlKeyState.CTRL
import coterm.windows.ControlKeyState.SHIFT_PRESSED
import coterm.windows.VirtualKeys.VK_2
import coterm.windows.VirtualKeys.VK_0
import coterm.windows.VirtualKeys.VK_9
import coterm.windows.VirtualKeys.VK_A
import coterm.windows.VirtualKeys.VK_BACK
import coterm.windows.VirtualKeys.VK_CANCEL
import coterm.windows.VirtualKeys.VK_ESCAPE
import coterm.windows.VirtualKeys.VK_MENU
import coterm.windows.VirtualKeys.VK_RETURN
import coterm.windows.VirtualKeys.VK_SPACE
import coterm.windows.VirtualKeys.VK_TAB
import coterm.windows.VirtualKeys.VK_Z

/**
 * Turns Windows console input records into the [InputEvent]s the POSIX decoder gives for the
 * same key presses: pure, no threads or native calls, one instance per input stream.
 *
 * ## Keys
 * Only key-down records make keys, each [InputRecord.Key.repeatCount] times (0 counts as 1).
 * The rule is "what xterm's default encoding of this key press decodes to":
 *
 * | record | event |
 * |---|---|
 * | a printable character (AltGr, dead keys, IME and `VK_PACKET` included) | `Char(cp)`; Shift is in the character and dropped; Alt adds Alt; Ctrl alone adds Ctrl |
 * | a character typed with Ctrl and Alt both held (AltGr is Right Alt + Left Ctrl) | the plain character, no modifiers |
 * | a control character (Ctrl+letter) | as the POSIX byte: 0x03 is `Char('c')` + Ctrl (the interrupt key), 0x08 Ctrl+H, 0x09 Tab, 0x0D Enter, 0x1B Escape, 0x00 Ctrl+Space, 0x1C..0x1F Ctrl+`\ ] ^ _`; Alt adds Alt |
 * | VK_RETURN (char 13; Ctrl+Enter has char 10) | Enter, with Alt if held |
 * | VK_TAB | Tab, with Shift and Alt if held |
 * | VK_BACK | Backspace with Alt if held; with Ctrl (no Alt) Ctrl+H, as xterm sends ^H |
 * | VK_ESCAPE | Escape, with Alt if held |
 * | arrows, Home/End, PgUp/PgDn, Insert/Delete, F1..F24 | that key with every modifier held (Shift, Alt, Ctrl; left and right alike) |
 * | VK_CANCEL (Ctrl+Break) | [InputEvent.Interrupt] |
 * | no character, with Ctrl or Alt: a letter or digit key | `Char` of that letter/digit with the modifiers, Shift included |
 * | no character otherwise (Shift, Ctrl, Alt, Caps Lock alone, a dead key's first press) | nothing |
 * | keypad digits while Alt is held, without a character | nothing: an Alt+keypad code being typed |
 * | the Alt key's key-up record carrying a character | that character: the end of an Alt+keypad code |
 * | other key-up records | nothing |
 *
 * A surrogate pair (two key records, or a key record per half) is joined into one `Char`; so is
 * a pair typed as two Alt+keypad codes (conhost pastes a character that is not on the keyboard
 * that way, one UTF-16 unit per Alt key-up: a pasted emoji is two codes). A lone surrogate
 * becomes U+FFFD when the next key that makes an event arrives, or at [flush]; it never throws.
 * A high surrogate at the end of one batch is joined with a low surrogate at the start of the next.
 *
 * `raw` holds the record's character as UTF-8 (what a POSIX terminal mostly sends for it), empty
 * for keys without a character: there are no bytes on this path.
 *
 * ## Other records
 * Buffer-size records become [InputEvent.Resize] (columns and rows of the record; the terminal
 * replaces them with the visible window's size where it can), focus records [InputEvent.Focus];
 * mouse and menu records and unknown types are dropped (coterm does not ask for mouse input).
 *
 * ## Paste (the classic console has no bracketed paste)
 * A batch of records read in one go is delivered as ONE [InputEvent.Paste] when every key it
 * produces is a plain character, Tab or Enter (no modifiers), it produces at least
 * [PASTE_MIN_KEYS] of them, among them at least one Enter and one character. A person typing is
 * far slower than the reader, so typed keys arrive one or two per batch: a single Enter press, or
 * a few keys and Enter that arrive separately, stay keys. A batch with anything else in it (an
 * arrow, Escape, Ctrl+C, Ctrl+Break) is never a paste, so an interrupt is never folded into text.
 * When the reader stopped a pasted batch early because more records were waiting, the next batch
 * continues the paste if it holds only plain characters, Tabs and Enters (any number), so a
 * large paste cut into batches never ends with a lone Enter that submits a line. In the paste's
 * text every Enter is one `\n` (CR and LF alike: console hosts already turn the clipboard's CRLF
 * into one Enter record); resize and focus events in the batch keep their order, the paste
 * standing where its first key was.
 *
 * ## Chunk invariance
 * The only state kept between batches is a pending high surrogate (and whether a paste
 * continues), so with paste detection off the events are the same however the records are split
 * into batches. With it on, the paste heuristic depends on batches by definition; what stays
 * the same for any split is (1) the sequence of events other than plain Char/Tab/Enter keys and
 * pastes, and (2) the text typed: plain characters, Tabs, Enters (as `\n`) and paste text put
 * together.
 *
 * Not thread-safe: the dispatcher thread owns it.
 */
internal class KeyRecordTranslator(private val detectPaste: Boolean = true) {
    /** A high surrogate waiting for its low half, with the record's modifiers; 0 when none. */
    private var pendingHigh: Char = NO_CHAR
    private var pendingState = 0
    private var pasteContinues = false

    /**
     * The events of one batch of [records]. [moreWaiting] says the reader stopped this batch
     * early while more records were queued (a paste may go on in the next batch).
     */
    fun translate(records: List<InputRecord>, moreWaiting: Boolean = false): List<InputEvent> {
        val events = ArrayList<InputEvent>(records.size)
        for (record in records) {
            when (record) {
                is InputRecord.Key -> key(record, events)
                is InputRecord.WindowBufferSize -> events += InputEvent.Resize(record.columns, record.rows)
                is InputRecord.Focus -> events += InputEvent.Focus(record.setFocus)
                is InputRecord.Mouse, is InputRecord.Menu, is InputRecord.Other -> Unit
            }
        }
        val paste = detectPaste && isPaste(events, pasteContinues)
        pasteContinues = paste && moreWaiting
        return if (paste) foldPaste(events) else events
    }

    /** Resolves what is held (a lone high surrogate becomes U+FFFD); for the end of input. */
    fun flush(): List<InputEvent> {
        if (pendingHigh == NO_CHAR) return emptyList()
        val out = ArrayList<InputEvent>(1)
        releaseLoneSurrogate(out)
        return out
    }

    private fun key(record: InputRecord.Key, out: MutableList<InputEvent>) {
        val c = record.char
        if (!record.keyDown) {
            // Alt+keypad codes: the character comes with the Alt key's release, one UTF-16 unit
            // per release (a pasted emoji is two codes), so it is joined like a key-down's.
            if (record.virtualKeyCode == VK_MENU && c != NO_CHAR) {
                if (Character.isSurrogate(c)) surrogate(c, 0, 1, out) else afterLoneHalf(out) { character(c.code, 0, 1, it) }
            }
            return
        }
        val times = if (record.repeatCount <= 0) 1 else record.repeatCount
        if (Character.isSurrogate(c)) surrogate(c, record.controlKeyState, times, out) else afterLoneHalf(out) { keyDown(record, times, it) }
    }

    /** One half of a surrogate pair: a high half waits for its low half, which makes the character. */
    private fun surrogate(c: Char, state: Int, times: Int, out: MutableList<InputEvent>) {
        if (Character.isHighSurrogate(c)) {
            releaseLoneSurrogate(out)
            pendingHigh = c
            pendingState = state
        } else if (pendingHigh != NO_CHAR) {
            val cp = Character.toCodePoint(pendingHigh, c)
            val joined = pendingState or state
            pendingHigh = NO_CHAR
            character(cp, joined, times, out)
        } else {
            character(REPLACEMENT, state, times, out)
        }
    }

    /**
     * Runs [produce]; if it made events while a high surrogate waits, the pair was broken by
     * another key: the lone half goes first, as U+FFFD. A key that makes nothing (Alt, Shift, a
     * keypad digit of an Alt code) leaves the half waiting.
     */
    private inline fun afterLoneHalf(out: MutableList<InputEvent>, produce: (MutableList<InputEvent>) -> Unit) {
        val start = out.size
        produce(out)
        if (out.size > start && pendingHigh != NO_CHAR) {
            val produced = out.subList(start, out.size).toList()
            out.subList(start, out.size).clear()
            releaseLoneSurrogate(out)
            out += produced
        }
    }

    private fun releaseLoneSurrogate(out: MutableList<InputEvent>) {
        if (pendingHigh == NO_CHAR) return
        val state = pendingState
        pendingHigh = NO_CHAR
        character(REPLACEMENT, state, 1, out)
    }

    private fun keyDown(record: InputRecord.Key, times: Int, out: MutableList<InputEvent>) {
        val vk = record.virtualKeyCode
        val state = record.controlKeyState
        val c = record.char.code
        val alt = state and ALT != 0
        val ctrl = state and CTRL != 0
        val shift = state and SHIFT_PRESSED != 0
        val altOnly = if (alt) Modifiers.Alt else Modifiers.None
        val raw = if (c != 0) utf8(c) else RawBytes.Empty
        when {
            vk == VK_CANCEL -> repeat(times) { out += InputEvent.Interrupt }
            alt && !ctrl && c == 0 && VirtualKeys.isKeypadDigit(vk, state) -> Unit
            vk == VK_RETURN -> emit(KeyCode.Enter, altOnly, raw, times, out)
            vk == VK_TAB -> emit(KeyCode.Tab, altOnly + if (shift) Modifiers.Shift else Modifiers.None, raw, times, out)
            vk == VK_BACK ->
                if (ctrl && !alt) emit(KeyCode.Char('h'.code), Modifiers.Ctrl, raw, times, out)
                else emit(KeyCode.Backspace, altOnly, raw, times, out)
            vk == VK_ESCAPE -> emit(KeyCode.Escape, altOnly, raw, times, out)
            VirtualKeys.navigationKey(vk) != null -> {
                var modifiers = altOnly
                if (shift) modifiers += Modifiers.Shift
                if (ctrl) modifiers += Modifiers.Ctrl
                emit(VirtualKeys.navigationKey(vk)!!, modifiers, raw, times, out)
            }
            c != 0 -> character(c, state, times, out)
            ctrl || alt -> {
                val base = when {
                    vk in VK_A..VK_Z -> 'a'.code + (vk - VK_A)
                    ctrl && (vk == VK_SPACE || vk == VK_2) -> ' '.code
                    vk in VK_0..VK_9 -> vk
                    else -> return
                }
                var modifiers = altOnly
                if (ctrl) modifiers += Modifiers.Ctrl
                if (shift && base != ' '.code) modifiers += Modifiers.Shift
                emit(KeyCode.Char(base), modifiers, RawBytes.Empty, times, out)
            }
        }
    }

    /** A key that produced the code point [cp] (never a surrogate) with [state] held. */
    private fun character(cp: Int, state: Int, times: Int, out: MutableList<InputEvent>) {
        val alt = state and ALT != 0
        val ctrl = state and CTRL != 0
        val raw = utf8(cp)
        val altOnly = if (alt) Modifiers.Alt else Modifiers.None
        when {
            cp == DEL -> emit(KeyCode.Backspace, altOnly, raw, times, out)
            cp < 0x20 -> {
                val (code, modifiers) = controlKey(cp)
                emit(code, modifiers + altOnly, raw, times, out)
            }
            // AltGr (or Ctrl+Alt, which Windows treats the same): the character itself.
            ctrl && alt -> emit(KeyCode.Char(cp), Modifiers.None, raw, times, out)
            ctrl -> emit(KeyCode.Char(cp), Modifiers.Ctrl, raw, times, out)
            else -> emit(KeyCode.Char(cp), altOnly, raw, times, out)
        }
    }

    private fun emit(code: KeyCode, modifiers: Modifiers, raw: RawBytes, times: Int, out: MutableList<InputEvent>) {
        val event = InputEvent.Key(code, modifiers, raw)
        repeat(times) { out += event }
    }

    private fun isPaste(events: List<InputEvent>, continuing: Boolean): Boolean {
        var text = 0
        var enters = 0
        var chars = 0
        for (event in events) {
            when (event) {
                is InputEvent.Resize, is InputEvent.Focus -> Unit
                is InputEvent.Key -> {
                    if (!event.modifiers.isEmpty) return false
                    when (event.key) {
                        KeyCode.Enter -> enters++
                        KeyCode.Tab -> Unit
                        is KeyCode.Char -> chars++
                        else -> return false
                    }
                    text++
                }
                else -> return false
            }
        }
        if (text == 0) return false
        return continuing || (text >= PASTE_MIN_KEYS && enters > 0 && chars > 0)
    }

    private fun foldPaste(events: List<InputEvent>): List<InputEvent> {
        val text = StringBuilder()
        val raw = java.io.ByteArrayOutputStream()
        val out = ArrayList<InputEvent>()
        var pasteAt = -1
        for (event in events) {
            if (event !is InputEvent.Key) {
                out += event
                continue
            }
            if (pasteAt < 0) pasteAt = out.size
            when (val key = event.key) {
                KeyCode.Enter -> text.append('\n')
                KeyCode.Tab -> text.append('\t')
                is KeyCode.Char -> text.appendCodePoint(key.codePoint)
                else -> Unit
            }
            raw.write(event.raw.toByteArray())
        }
        out.add(pasteAt, InputEvent.Paste(text.toString(), RawBytes.of(raw.toByteArray())))
        return out
    }

    internal companion object {
        /** A batch needs at least this many plain keys (with an Enter) to count as a paste. */
        const val PASTE_MIN_KEYS: Int = 3

        private const val NO_CHAR = '\u0000'
        private const val DEL = 0x7F
        private const val REPLACEMENT = 0xFFFD

        /** The key the POSIX decoder makes of the C0 control byte [c]. */
        fun controlKey(c: Int): Pair<KeyCode, Modifiers> = when (c) {
            0x00 -> KeyCode.Char(' '.code) to Modifiers.Ctrl
            0x09 -> KeyCode.Tab to Modifiers.None
            0x0D -> KeyCode.Enter to Modifiers.None
            0x1B -> KeyCode.Escape to Modifiers.None
            in 0x01..0x1A -> KeyCode.Char('a'.code + c - 1) to Modifiers.Ctrl
            else -> KeyCode.Char("\\]^_"[c - 0x1C].code) to Modifiers.Ctrl
        }

        fun utf8(cp: Int): RawBytes = RawBytes.of(String(Character.toChars(cp)).toByteArray(Charsets.UTF_8))
    }
}
