// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.input.RawBytes
import coterm.windows.testing.Records
import coterm.windows.testing.Records.ENHANCED
import coterm.windows.testing.Records.LEFT_ALT
import coterm.windows.testing.Records.LEFT_CTRL
import coterm.windows.testing.Records.RIGHT_ALT
import coterm.windows.testing.Records.RIGHT_CTRL
import coterm.windows.testing.Records.SHIFT
import coterm.windows.testing.Records.NUMLOCK
import io.kotest.core.spec.style.FunSpec
import coterm.windows.testing.forAll
import coterm.windows.testing.row
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe

/** Recorded key records (values as the Windows documentation gives them) through the translator. */
class KeyRecordTranslatorTest : FunSpec({
    val ctrl = Modifiers.Ctrl
    val alt = Modifiers.Alt
    val shift = Modifiers.Shift

    fun keysOf(vararg records: ByteArray, translator: KeyRecordTranslator = KeyRecordTranslator()) =
        translator.translate(Records.decode(records.toList())).map { if (it is InputEvent.Key) it.key to it.modifiers else it }

    fun char(c: Char) = KeyCode.Char(c.code)

    test("each key record becomes the key the POSIX decoder gives for the same key press") {
        forAll(
            row("a", Records.key(0x41, 'a'), char('a') to Modifiers.None),
            row("Shift+A: the capital letter, Shift dropped as on POSIX", Records.key(0x41, 'A', SHIFT), char('A') to Modifiers.None),
            row("Enter is VK_RETURN with char 13", Records.key(0x0D, '\r'), KeyCode.Enter to Modifiers.None),
            row("Ctrl+Enter (char 10) is Enter", Records.key(0x0D, '\n', LEFT_CTRL), KeyCode.Enter to Modifiers.None),
            row("Alt+Enter", Records.key(0x0D, '\r', LEFT_ALT), KeyCode.Enter to alt),
            row("Tab", Records.key(0x09, '\t'), KeyCode.Tab to Modifiers.None),
            row("Shift+Tab", Records.key(0x09, '\t', SHIFT), KeyCode.Tab to shift),
            row("Backspace (char 8)", Records.key(0x08, '\b'), KeyCode.Backspace to Modifiers.None),
            row("Alt+Backspace", Records.key(0x08, '\b', LEFT_ALT), KeyCode.Backspace to alt),
            row("Ctrl+Backspace (char 127) is Ctrl+H, as xterm sends ^H", Records.key(0x08, '\u007f', LEFT_CTRL), char('h') to ctrl),
            row("Escape", Records.key(0x1B, '\u001b'), KeyCode.Escape to Modifiers.None),
            row("Alt+Escape", Records.key(0x1B, '\u001b', LEFT_ALT), KeyCode.Escape to alt),
            row("Ctrl+C: char 3 with Ctrl is the interrupt key", Records.key(0x43, '\u0003', LEFT_CTRL), char('c') to ctrl),
            row("Ctrl+C with the right Ctrl", Records.key(0x43, '\u0003', RIGHT_CTRL), char('c') to ctrl),
            row("Ctrl+Shift+C: still Ctrl+C (POSIX cannot tell either)", Records.key(0x43, '\u0003', LEFT_CTRL or SHIFT), char('c') to ctrl),
            row("Ctrl+H (char 8, VK 'H') stays Ctrl+H, not Backspace", Records.key(0x48, '\b', LEFT_CTRL), char('h') to ctrl),
            row("Ctrl+I is Tab, as byte 0x09 is", Records.key(0x49, '\t', LEFT_CTRL), KeyCode.Tab to Modifiers.None),
            row("Ctrl+M is Enter, as CR is", Records.key(0x4D, '\r', LEFT_CTRL), KeyCode.Enter to Modifiers.None),
            row("Ctrl+J", Records.key(0x4A, '\n', LEFT_CTRL), char('j') to ctrl),
            row("Ctrl+[ is Escape", Records.key(0xDB, '\u001b', LEFT_CTRL), KeyCode.Escape to Modifiers.None),
            row("Ctrl+\\", Records.key(0xDC, '\u001c', LEFT_CTRL), char('\\') to ctrl),
            row("Ctrl+Space (char 32 with Ctrl)", Records.key(0x20, ' ', LEFT_CTRL), char(' ') to ctrl),
            row("Ctrl+2 (char 0) is Ctrl+Space, as NUL is", Records.key(0x32, '\u0000', LEFT_CTRL), char(' ') to ctrl),
            row("Alt+a", Records.key(0x41, 'a', LEFT_ALT), char('a') to alt),
            row("Right Alt+a where the layout has no AltGr character", Records.key(0x41, 'a', RIGHT_ALT), char('a') to alt),
            row("Alt+Shift+A", Records.key(0x41, 'A', LEFT_ALT or SHIFT), char('A') to alt),
            row("Ctrl+Alt+A (no character)", Records.key(0x41, '\u0000', LEFT_CTRL or LEFT_ALT), char('a') to (ctrl + alt)),
            row("Ctrl+Alt+Shift+A (no character)", Records.key(0x41, '\u0000', LEFT_CTRL or LEFT_ALT or SHIFT), char('a') to (ctrl + alt + shift)),
            row("Alt+Ctrl+letter with a control char", Records.key(0x41, '\u0001', LEFT_CTRL or LEFT_ALT), char('a') to (ctrl + alt)),
            row("AltGr+Q on a German layout is @, a plain character", Records.key(0x51, '@', RIGHT_ALT or LEFT_CTRL), char('@') to Modifiers.None),
            row("AltGr+E is the euro sign", Records.key(0x45, '€', RIGHT_ALT or LEFT_CTRL), char('€') to Modifiers.None),
            row("Ctrl+Alt+2 typing ² (Ctrl+Alt acts as AltGr)", Records.key(0x32, '²', LEFT_ALT or LEFT_CTRL), char('²') to Modifiers.None),
            row("a character from an IME (VK_PACKET)", Records.key(0xE7, '日'), char('日') to Modifiers.None),
            row("a composed character after a dead key", Records.key(0x45, 'é'), char('é') to Modifiers.None),
            row("Up (enhanced)", Records.key(0x26, state = ENHANCED), KeyCode.Up to Modifiers.None),
            row("Ctrl+Up", Records.key(0x26, state = ENHANCED or LEFT_CTRL), KeyCode.Up to ctrl),
            row("Shift+Alt+Ctrl+Down", Records.key(0x28, state = ENHANCED or SHIFT or RIGHT_ALT or RIGHT_CTRL), KeyCode.Down to (shift + alt + ctrl)),
            row("Left", Records.key(0x25, state = ENHANCED), KeyCode.Left to Modifiers.None),
            row("Right on the keypad (not enhanced)", Records.key(0x27), KeyCode.Right to Modifiers.None),
            row("Home", Records.key(0x24, state = ENHANCED), KeyCode.Home to Modifiers.None),
            row("Shift+End", Records.key(0x23, state = ENHANCED or SHIFT), KeyCode.End to shift),
            row("PgUp", Records.key(0x21, state = ENHANCED), KeyCode.PageUp to Modifiers.None),
            row("Ctrl+PgDn", Records.key(0x22, state = ENHANCED or LEFT_CTRL), KeyCode.PageDown to ctrl),
            row("Insert", Records.key(0x2D, state = ENHANCED), KeyCode.Insert to Modifiers.None),
            row("Delete (char 0 or 127 alike)", Records.key(0x2E, '\u007f', ENHANCED), KeyCode.Delete to Modifiers.None),
            row("F1", Records.key(0x70), KeyCode.Function(1) to Modifiers.None),
            row("Shift+F5", Records.key(0x74, state = SHIFT), KeyCode.Function(5) to shift),
            row("Ctrl+F12", Records.key(0x7B, state = LEFT_CTRL), KeyCode.Function(12) to ctrl),
            row("Alt+F13", Records.key(0x7C, state = LEFT_ALT), KeyCode.Function(13) to alt),
            row("F24", Records.key(0x87), KeyCode.Function(24) to Modifiers.None),
            row("keypad 5 with Num Lock", Records.key(0x65, '5', NUMLOCK), char('5') to Modifiers.None),
        ) { _, record, expected -> keysOf(record) shouldBe listOf(expected) }
    }

    test("Ctrl+C comes out as exactly the event the POSIX decoder makes of byte 0x03") {
        val event = KeyRecordTranslator().translate(Records.decode(listOf(Records.key(0x43, '\u0003', LEFT_CTRL, scan = 0x2E)))).single()
        event shouldBe InputEvent.Key(KeyCode.Char('c'.code), Modifiers.Ctrl, RawBytes.of(0x03))
        (event as InputEvent.Key).isInterrupt shouldBe true
    }

    test("Ctrl+Break (VK_CANCEL) is an interrupt") {
        keysOf(Records.key(0x03, '\u0003', LEFT_CTRL)) shouldBe listOf(InputEvent.Interrupt)
        keysOf(Records.key(0x03, state = RIGHT_CTRL)) shouldBe listOf(InputEvent.Interrupt)
    }

    test("keys that make nothing: modifiers alone, key-ups, a dead key's first press, Alt+keypad digits") {
        keysOf(
            Records.key(0x10, state = SHIFT), Records.key(0x11, state = LEFT_CTRL), Records.key(0x12, state = LEFT_ALT),
            Records.key(0x14), Records.key(0x5B), Records.key(0x41, 'a', down = false), Records.key(0xDE),
            Records.key(0x61, state = LEFT_ALT or NUMLOCK), Records.key(0x23, state = LEFT_ALT),
        ).shouldBeEmpty()
    }

    test("an Alt+keypad code gives its character on the Alt key's release") {
        keysOf(
            Records.key(0x12, state = LEFT_ALT),
            Records.key(0x60, state = LEFT_ALT or NUMLOCK), Records.key(0x60, state = LEFT_ALT or NUMLOCK, down = false),
            Records.key(0x62, state = LEFT_ALT or NUMLOCK), Records.key(0x63, state = LEFT_ALT or NUMLOCK),
            Records.key(0x63, state = LEFT_ALT or NUMLOCK),
            Records.key(0x12, 'é', NUMLOCK, down = false),
        ) shouldBe listOf(char('é') to Modifiers.None)
    }

    /** What conhost queues when it pastes [unit] as an Alt+keypad code: Alt down, digits, Alt up with the unit. */
    fun altCode(unit: Char): List<ByteArray> =
        listOf(Records.key(0x12, state = LEFT_ALT)) +
            unit.code.toString().flatMap { d ->
                val vk = 0x60 + (d - '0')
                listOf(Records.key(vk, state = LEFT_ALT or NUMLOCK), Records.key(vk, state = LEFT_ALT or NUMLOCK, down = false))
            } +
            Records.key(0x12, unit, NUMLOCK, down = false)

    test("a character pasted as two Alt+keypad codes (one per UTF-16 unit) is joined into one, also across batches") {
        val emoji = "😀".codePointAt(0)
        val records = altCode('\uD83D') + altCode('\uDE00')
        keysOf(*records.toTypedArray()) shouldBe listOf(KeyCode.Char(emoji) to Modifiers.None)
        val event = KeyRecordTranslator().translate(Records.decode(records)).single() as InputEvent.Key
        event.raw shouldBe RawBytes.of("😀".toByteArray())
        val translator = KeyRecordTranslator(detectPaste = false)
        records.indices.forEach { cut ->
            val split = translator.translate(Records.decode(records.take(cut))) + translator.translate(Records.decode(records.drop(cut)))
            split.map { (it as InputEvent.Key).key } shouldBe listOf(KeyCode.Char(emoji))
        }
    }

    test("a lone Alt+keypad surrogate half never throws: U+FFFD, and the next character stays itself") {
        keysOf(*(altCode('\uDE00')).toTypedArray()) shouldBe listOf(KeyCode.Char(0xFFFD) to Modifiers.None)
        keysOf(*(altCode('\uD83D') + altCode('é')).toTypedArray()) shouldBe
            listOf(KeyCode.Char(0xFFFD) to Modifiers.None, char('é') to Modifiers.None)
        keysOf(*(altCode('\uD83D') + Records.press(0x41, 'a')).toTypedArray()) shouldBe
            listOf(KeyCode.Char(0xFFFD) to Modifiers.None, char('a') to Modifiers.None)
        val held = KeyRecordTranslator()
        held.translate(Records.decode(altCode('\uD83D'))).shouldBeEmpty()
        held.flush().map { (it as InputEvent.Key).key } shouldBe listOf(KeyCode.Char(0xFFFD))
    }

    test("a repeat count of N gives N events; 0 counts as 1; the largest count is honoured") {
        keysOf(Records.key(0x41, 'a', repeat = 0xFFFF)).size shouldBe 0xFFFF
        keysOf(Records.key(0x41, 'a', repeat = 3)) shouldBe List(3) { char('a') to Modifiers.None }
        keysOf(Records.key(0x26, state = ENHANCED, repeat = 4)) shouldBe List(4) { KeyCode.Up to Modifiers.None }
        keysOf(Records.key(0x43, '\u0003', LEFT_CTRL, repeat = 2)) shouldBe List(2) { char('c') to ctrl }
        keysOf(Records.key(0x41, 'a', repeat = 0)) shouldBe listOf(char('a') to Modifiers.None)
    }

    test("surrogate pairs are joined, also across batches; lone halves become U+FFFD") {
        val emoji = "😀".codePointAt(0)
        keysOf(Records.key(0xE7, '\uD83D'), Records.key(0xE7, '\uD83D', down = false), Records.key(0xE7, '\uDE00')) shouldBe
            listOf(KeyCode.Char(emoji) to Modifiers.None)
        val translator = KeyRecordTranslator()
        keysOf(Records.key(0xE7, '\uD83D'), translator = translator).shouldBeEmpty()
        keysOf(Records.key(0xE7, '\uDE00'), translator = translator) shouldBe listOf(KeyCode.Char(emoji) to Modifiers.None)
        keysOf(Records.key(0xE7, '\uDE00')) shouldBe listOf(KeyCode.Char(0xFFFD) to Modifiers.None)
        keysOf(Records.key(0xE7, '\uD83D'), Records.key(0x41, 'a')) shouldBe
            listOf(KeyCode.Char(0xFFFD) to Modifiers.None, char('a') to Modifiers.None)
        val held = KeyRecordTranslator()
        held.translate(Records.decode(listOf(Records.key(0xE7, '\uD83D')))).shouldBeEmpty()
        held.flush() shouldBe listOf(InputEvent.Key(KeyCode.Char(0xFFFD), raw = KeyRecordTranslator.utf8(0xFFFD)))
    }

    test("buffer-size records are resizes, focus records focus events; mouse and menu records are dropped") {
        keysOf(Records.bufferSize(100, 40), Records.focus(false), Records.focus(true), Records.mouse(1, 1, 1), Records.menu(7)) shouldBe
            listOf(InputEvent.Resize(100, 40), InputEvent.Focus(false), InputEvent.Focus(true))
    }

    context("the paste heuristic") {
        fun batch(text: String, translator: KeyRecordTranslator = KeyRecordTranslator(), more: Boolean = false) =
            translator.translate(Records.decode(Records.typing(text)), more)

        test("a batch with text and an Enter is one Paste, CR turned into \\n") {
            batch("echo one\recho Two\r") shouldBe listOf(
                InputEvent.Paste("echo one\necho Two\n", RawBytes.of(*"echo one\recho Two\r".map { it.code }.toIntArray())),
            )
        }

        test("every Enter is one newline in the paste, CR and LF alike") {
            val records = Records.typing("a") + Records.press(0x0D, '\r') + Records.press(0x0D, '\n', LEFT_CTRL) + Records.typing("b")
            KeyRecordTranslator().translate(Records.decode(records)).map { (it as InputEvent.Paste).text } shouldBe listOf("a\n\nb")
        }

        test("a single Enter press stays a key") {
            batch("\r") shouldBe listOf(InputEvent.Key(KeyCode.Enter, raw = RawBytes.of(0x0D)))
        }

        test("a few keys and Enter that arrive one batch each stay keys") {
            val translator = KeyRecordTranslator()
            "ls\r".map { batch(it.toString(), translator) }.flatten().map { (it as InputEvent.Key).key } shouldBe
                listOf(char('l'), char('s'), KeyCode.Enter)
        }

        test("text without Enter, or too short, stays keys") {
            batch("hello world").all { it is InputEvent.Key } shouldBe true
            batch("a\r").all { it is InputEvent.Key } shouldBe true
            batch("\r\r\r").all { it is InputEvent.Key } shouldBe true
        }

        test("a batch with any other key is never a paste: Ctrl+C stays the interrupt key") {
            val records = Records.typing("abc\r") + Records.press(0x43, '\u0003', LEFT_CTRL)
            val events = KeyRecordTranslator().translate(Records.decode(records))
            events.size shouldBe 5
            (events.last() as InputEvent.Key).isInterrupt shouldBe true
            val withArrow = Records.typing("abc\r") + Records.press(0x26, state = ENHANCED)
            KeyRecordTranslator().translate(Records.decode(withArrow)).none { it is InputEvent.Paste } shouldBe true
        }

        test("a resize inside a pasted batch keeps its place after the paste's start") {
            val records = Records.typing("ab") + listOf(Records.bufferSize(90, 20)) + Records.typing("\rc")
            KeyRecordTranslator().translate(Records.decode(records)) shouldBe
                listOf(InputEvent.Paste("ab\nc", RawBytes.of('a'.code, 'b'.code, 0x0D, 'c'.code)), InputEvent.Resize(90, 20))
        }

        test("a paste cut short by the batch limit goes on in the next batch, even a lone Enter") {
            val translator = KeyRecordTranslator()
            batch("line one\rline", translator, more = true).single().shouldBeInstanceOfPaste()
            batch("\r", translator).single() shouldBe InputEvent.Paste("\n", RawBytes.of(0x0D))
            batch("\r", translator).single() shouldBe InputEvent.Key(KeyCode.Enter, raw = RawBytes.of(0x0D))
        }

        test("with detection off a paste stays keys") {
            batch("one\rtwo\r", KeyRecordTranslator(detectPaste = false)).size shouldBe 8
        }
    }
})

private fun InputEvent.shouldBeInstanceOfPaste() {
    (this is InputEvent.Paste) shouldBe true
}
