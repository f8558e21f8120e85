// SPDX-License-Identifier: Apache-2.0
package coterm.input

import coterm.testing.Chunking
import coterm.testing.hex
import coterm.testing.show
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecRootScope
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.lang.management.ManagementFactory

private const val E = "\u001b"
private val None = Modifiers.None
private val Shift = Modifiers.Shift
private val Alt = Modifiers.Alt
private val Ctrl = Modifiers.Ctrl
private val Meta = Modifiers.Meta

internal fun utf8(text: String): ByteArray = text.toByteArray(Charsets.UTF_8)

internal fun raw(text: String): RawBytes = RawBytes.of(utf8(text))

internal fun raw(bytes: ByteArray): RawBytes = RawBytes.of(bytes)

internal fun char(c: Char): KeyCode = KeyCode.Char(c.code)

private fun describe(event: InputEvent): String = when (event) {
    is InputEvent.Key -> if (event.modifiers.isEmpty) "${event.key}" else "${event.modifiers}+${event.key}"
    is InputEvent.Paste -> "Paste(${event.text.length} chars)"
    is InputEvent.Unknown -> "Unknown(${event.raw.size})"
    else -> event.toString()
}

/** One table row: [input] decodes (then flushes) to [expected] in every [Chunking]. */
internal data class Case(val input: ByteArray, val expected: List<InputEvent>, val label: String? = null) {
    val name: String get() = label ?: "`${show(input)}` → ${expected.joinToString(", ", transform = ::describe)}"
}

/** [text] is one key; its raw bytes are the whole input. */
private fun one(text: String, code: KeyCode, modifiers: Modifiers = None) =
    Case(utf8(text), listOf(InputEvent.Key(code, modifiers, raw(text))))

private fun one(bytes: ByteArray, code: KeyCode, modifiers: Modifiers = None) =
    Case(bytes, listOf(InputEvent.Key(code, modifiers, raw(bytes))))

private fun key(code: KeyCode, modifiers: Modifiers, rawText: String) = InputEvent.Key(code, modifiers, raw(rawText))

private fun key(code: KeyCode, modifiers: Modifiers, rawBytes: ByteArray) = InputEvent.Key(code, modifiers, raw(rawBytes))

private fun unknown(text: String) = InputEvent.Unknown(raw(text))

private fun case(input: String, vararg expected: InputEvent) = Case(utf8(input), expected.toList())

private fun case(input: ByteArray, vararg expected: InputEvent) = Case(input, expected.toList())

private fun paste(content: String, text: String = content) =
    case("$E[200~$content$E[201~", InputEvent.Paste(text, raw("$E[200~$content$E[201~")))

/** A table: every case runs through every chunking, with a final flush. */
private fun FunSpecRootScope.table(family: String, cases: List<Case>) {
    context(family) {
        withTests(nameFn = { it.name }, ts = cases) { case ->
            for (chunking in Chunking.all) {
                withClue(chunking) { chunking.decode(case.input) shouldBe case.expected }
            }
        }
    }
}

private val FFFD = KeyCode.Char(0xFFFD)

class InputDecoderTest : FunSpec({
    table(
        "text",
        listOf(
            one("a", char('a')),
            one("A", char('A')),
            one(" ", char(' ')),
            one("~", char('~')),
            one("é", char('é')),
            one("中", char('中')),
            one("😀", KeyCode.Char(0x1F600)),
            one("👍", KeyCode.Char(0x1F44D)),
            case("h中😀", key(char('h'), None, "h"), key(char('中'), None, "中"), key(KeyCode.Char(0x1F600), None, "😀")),
        ),
    )

    table(
        "invalid UTF-8",
        listOf(
            case(hex("c3 41"), key(FFFD, None, hex("c3")), key(char('A'), None, "A")),
            case(hex("c0 80"), key(FFFD, None, hex("c0")), key(FFFD, None, hex("80"))),
            case(hex("e0 80 af"), key(FFFD, None, hex("e0")), key(FFFD, None, hex("80")), key(FFFD, None, hex("af"))),
            case(hex("ed a0 80"), key(FFFD, None, hex("ed")), key(FFFD, None, hex("a0")), key(FFFD, None, hex("80"))),
            case(
                hex("f4 90 80 80"),
                key(FFFD, None, hex("f4")), key(FFFD, None, hex("90")), key(FFFD, None, hex("80")), key(FFFD, None, hex("80")),
            ),
            case(hex("f5 41"), key(FFFD, None, hex("f5")), key(char('A'), None, "A")),
            case(hex("80"), key(FFFD, None, hex("80"))),
            case(hex("ff fe"), key(FFFD, None, hex("ff")), key(FFFD, None, hex("fe"))),
            case(hex("e4 b8"), key(FFFD, None, hex("e4 b8"))),
            case(hex("e4 b8 41"), key(FFFD, None, hex("e4 b8")), key(char('A'), None, "A")),
            case(hex("f0 9f 98"), key(FFFD, None, hex("f0 9f 98"))),
            case(hex("e4 0d"), key(FFFD, None, hex("e4")), key(KeyCode.Enter, None, "\r")),
            case(hex("f0 9f 98 1b '[A'"), key(FFFD, None, hex("f0 9f 98")), key(KeyCode.Up, None, "$E[A")),
            case(hex("e4 c3 a9"), key(FFFD, None, hex("e4")), key(char('é'), None, "é")),
        ),
    )

    table(
        "C0 controls",
        listOf(
            one("\r", KeyCode.Enter),
            one("\t", KeyCode.Tab),
            one(hex("7f"), KeyCode.Backspace),
            one(hex("08"), char('h'), Ctrl),
            one("\n", char('j'), Ctrl),
            one(hex("00"), char(' '), Ctrl),
            one(hex("1c"), char('\\'), Ctrl),
            one(hex("1d"), char(']'), Ctrl),
            one(hex("1e"), char('^'), Ctrl),
            one(hex("1f"), char('_'), Ctrl),
        ) + (0x01..0x1A).filter { it !in listOf(0x08, 0x09, 0x0A, 0x0D) }.map {
            one(byteArrayOf(it.toByte()), KeyCode.Char('a'.code + it - 1), Ctrl)
        },
    )

    table(
        "ESC and Alt",
        listOf(
            one(E, KeyCode.Escape),
            one("${E}a", char('a'), Alt),
            one("${E}A", char('A'), Alt),
            one("$E ", char(' '), Alt),
            one("$E\u0001", char('a'), Ctrl + Alt),
            one("$E\u0008", char('h'), Ctrl + Alt),
            one(hex("1b 7f"), KeyCode.Backspace, Alt),
            one("$E\r", KeyCode.Enter, Alt),
            one("$E\t", KeyCode.Tab, Alt),
            one("${E}é", char('é'), Alt),
            one("${E}中", char('中'), Alt),
            one(hex("1b ff"), FFFD, Alt),
            one(hex("1b c3"), FFFD, Alt),
            case(hex("1b c3 41"), key(FFFD, Alt, hex("1b c3")), key(char('A'), None, "A")),
            one("$E$E", KeyCode.Escape, Alt),
            case("$E${E}a", key(KeyCode.Escape, Alt, "$E$E"), key(char('a'), None, "a")),
            case("$E$E$E", key(KeyCode.Escape, Alt, "$E$E"), key(KeyCode.Escape, None, E)),
            case("$E$E$E$E", key(KeyCode.Escape, Alt, "$E$E"), key(KeyCode.Escape, Alt, "$E$E")),
            one("$E[", char('['), Alt),
            one("${E}O", char('O'), Alt),
            one("$E]", char(']'), Alt),
            one("${E}P", char('P'), Alt),
            one("${E}_", char('_'), Alt),
            case("$E$E[", key(KeyCode.Escape, None, E), key(char('['), Alt, "$E[")),
            case("$E[1;", unknown("$E[1;")),
            case("$E$E[1;", key(KeyCode.Escape, None, E), unknown("$E[1;")),
            case("${E}O5", unknown("${E}O5")),
            case("$E[$E", key(char('['), Alt, "$E["), key(KeyCode.Escape, None, E)),
            case("$E[1$E[A", unknown("$E[1"), key(KeyCode.Up, None, "$E[A")),
            case("$E[1\r", unknown("$E[1"), key(KeyCode.Enter, None, "\r")),
            case(hex("1b '[1' 7f"), unknown("$E[1"), key(KeyCode.Backspace, None, hex("7f"))),
            case("$E[1é", unknown("$E[1"), key(char('é'), None, "é")),
            case("${E}O\r", key(char('O'), Alt, "${E}O"), key(KeyCode.Enter, None, "\r")),
            case("${E}O1;", unknown("${E}O1"), key(char(';'), None, ";")),
            case("${E}Oa1", key(KeyCode.Up, Ctrl, "${E}Oa"), key(char('1'), None, "1")),
        ),
    )

    table(
        "arrows, Home and End",
        listOf(
            one("$E[A", KeyCode.Up), one("$E[B", KeyCode.Down), one("$E[C", KeyCode.Right), one("$E[D", KeyCode.Left),
            one("$E[H", KeyCode.Home), one("$E[F", KeyCode.End),
            one("${E}OA", KeyCode.Up), one("${E}OB", KeyCode.Down), one("${E}OC", KeyCode.Right), one("${E}OD", KeyCode.Left),
            one("${E}OH", KeyCode.Home), one("${E}OF", KeyCode.End),
            one("$E[1;2A", KeyCode.Up, Shift),
            one("$E[1;3A", KeyCode.Up, Alt),
            one("$E[1;4A", KeyCode.Up, Alt + Shift),
            one("$E[1;5A", KeyCode.Up, Ctrl),
            one("$E[1;6A", KeyCode.Up, Ctrl + Shift),
            one("$E[1;7A", KeyCode.Up, Ctrl + Alt),
            one("$E[1;8A", KeyCode.Up, Ctrl + Alt + Shift),
            one("$E[1;9A", KeyCode.Up, Meta),
            one("$E[1;2D", KeyCode.Left, Shift),
            one("$E[1;5C", KeyCode.Right, Ctrl),
            one("$E[1;3B", KeyCode.Down, Alt),
            one("$E[1;2H", KeyCode.Home, Shift),
            one("$E[1;5F", KeyCode.End, Ctrl),
            one("${E}O5A", KeyCode.Up, Ctrl),
            one("${E}O2D", KeyCode.Left, Shift),
            one("$E$E[A", KeyCode.Up, Alt),
            one("$E$E[1;5A", KeyCode.Up, Ctrl + Alt),
            one("$E${E}OD", KeyCode.Left, Alt),
            one("$E[a", KeyCode.Up, Shift),
            one("${E}Ob", KeyCode.Down, Ctrl),
        ),
    )

    table(
        "tilde keys",
        listOf(
            one("$E[1~", KeyCode.Home), one("$E[7~", KeyCode.Home),
            one("$E[2~", KeyCode.Insert), one("$E[3~", KeyCode.Delete),
            one("$E[4~", KeyCode.End), one("$E[8~", KeyCode.End),
            one("$E[5~", KeyCode.PageUp), one("$E[6~", KeyCode.PageDown),
        ) + listOf(11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24, 25, 26, 28, 29, 31, 32, 33, 34).mapIndexed { i, n ->
            one("$E[$n~", KeyCode.Function(i + 1))
        } + listOf(
            one("$E[3;5~", KeyCode.Delete, Ctrl),
            one("$E[3;2~", KeyCode.Delete, Shift),
            one("$E[5;3~", KeyCode.PageUp, Alt),
            one("$E[6;5~", KeyCode.PageDown, Ctrl),
            one("$E[2;6~", KeyCode.Insert, Ctrl + Shift),
            one("$E[15;2~", KeyCode.Function(5), Shift),
            one("$E[24;8~", KeyCode.Function(12), Ctrl + Alt + Shift),
            one("$E$E[3~", KeyCode.Delete, Alt),
            one("$E[3^", KeyCode.Delete, Ctrl),
            one("$E[3@", KeyCode.Delete, Ctrl + Shift),
        ),
    )

    table(
        "function keys in SS3, CSI and Linux console form",
        listOf(
            one("${E}OP", KeyCode.Function(1)), one("${E}OQ", KeyCode.Function(2)),
            one("${E}OR", KeyCode.Function(3)), one("${E}OS", KeyCode.Function(4)),
            one("$E[P", KeyCode.Function(1)), one("$E[S", KeyCode.Function(4)),
            one("$E[1;2P", KeyCode.Function(1), Shift), one("$E[1;5Q", KeyCode.Function(2), Ctrl),
            one("$E[1;2R", KeyCode.Function(3), Shift), one("$E[1;3S", KeyCode.Function(4), Alt),
            one("${E}O2P", KeyCode.Function(1), Shift),
            one("$E[[A", KeyCode.Function(1)), one("$E[[B", KeyCode.Function(2)), one("$E[[C", KeyCode.Function(3)),
            one("$E[[D", KeyCode.Function(4)), one("$E[[E", KeyCode.Function(5)),
            one("$E$E[[A", KeyCode.Function(1), Alt),
            case("$E[[", unknown("$E[[")),
            case("$E[[Z", unknown("$E[["), key(char('Z'), None, "Z")),
        ),
    )

    table(
        "keypad, Shift+Tab, focus",
        listOf(
            one("$E[Z", KeyCode.Tab, Shift),
            one("$E$E[Z", KeyCode.Tab, Shift + Alt),
            one("${E}OM", KeyCode.Enter),
            one("${E}Op", char('0')), one("${E}Oy", char('9')), one("${E}Ok", char('+')), one("${E}OX", char('=')),
            case("$E[I", InputEvent.Focus(true, raw("$E[I"))),
            case("$E[O", InputEvent.Focus(false, raw("$E[O"))),
            case("$E$E[I", key(KeyCode.Escape, None, E), InputEvent.Focus(true, raw("$E[I"))),
        ),
    )

    table(
        "kitty and modifyOtherKeys",
        listOf(
            one("$E[97u", char('a')),
            one("$E[97;5u", char('a'), Ctrl),
            one("$E[97;3u", char('a'), Alt),
            one("$E[97:65;2u", char('a'), Shift),
            one("$E[99;5u", char('c'), Ctrl),
            one("$E[13u", KeyCode.Enter),
            one("$E[13;2u", KeyCode.Enter, Shift),
            one("$E[9;5u", KeyCode.Tab, Ctrl),
            one("$E[127u", KeyCode.Backspace),
            one("$E[127;3u", KeyCode.Backspace, Alt),
            one("$E[27u", KeyCode.Escape),
            one("$E[8364u", char('€')),
            one("$E[128512;5u", KeyCode.Char(0x1F600), Ctrl),
            one("$E[27;5;13~", KeyCode.Enter, Ctrl),
            one("$E[27;2;9~", KeyCode.Tab, Shift),
            one("$E[27;5;105~", char('i'), Ctrl),
            case("$E[97;5:3u", unknown("$E[97;5:3u")),
            case("$E[57399u", unknown("$E[57399u")),
        ),
    )

    table(
        "replies and unknown sequences",
        listOf(
            // Cursor-position replies (coterm asks for none): kept whole, never a key.
            case("$E[12;40R", unknown("$E[12;40R")),
            case("$E[1;80R", unknown("$E[1;80R")),
            one("$E[1;5R", KeyCode.Function(3), Ctrl),
            case("$E[5n", unknown("$E[5n")),
            case("$E[?1;2c", unknown("$E[?1;2c")),
            case("$E[?1u", unknown("$E[?1u")),
            case("$E[<0;10;20M", unknown("$E[<0;10;20M")),
            case("$E[<0;10;20m", unknown("$E[<0;10;20m")),
            case("$E[99~", unknown("$E[99~")),
            case("$E[201~", unknown("$E[201~")),
            case("$E[2A", unknown("$E[2A")),
            case("$E[1;2;3A", unknown("$E[1;2;3A")),
            case("$E[2 q", unknown("$E[2 q")),
            case("$E$E[5n", key(KeyCode.Escape, None, E), unknown("$E[5n")),
            case("${E}OZ", unknown("${E}OZ")),
            case("$E]11;rgb:0000/0000/0000\u0007", unknown("$E]11;rgb:0000/0000/0000\u0007")),
            case("$E]11;rgb:ffff/ffff/ffff$E\\", unknown("$E]11;rgb:ffff/ffff/ffff$E\\")),
            case("${E}P1\$r0m$E\\", unknown("${E}P1\$r0m$E\\")),
            case("${E}_Gi=1;OK$E\\", unknown("${E}_Gi=1;OK$E\\")),
            case("$E^privacy$E\\", unknown("$E^privacy$E\\")),
            case("${E}Xstart$E\\", unknown("${E}Xstart$E\\")),
            case("$E]\u0007", unknown("$E]\u0007")),
            case("$E]0;title\r\nstill title\u0007x", unknown("$E]0;title\r\nstill title\u0007"), key(char('x'), None, "x")),
            case("$E]11", unknown("$E]11")),
            case("$E]11$E", unknown("$E]11"), key(KeyCode.Escape, None, E)),
            case("$E]11${E}a", unknown("$E]11"), key(char('a'), Alt, "${E}a")),
            case("$E]11$E[A", unknown("$E]11"), key(KeyCode.Up, None, "$E[A")),
            case("$E]$E", key(char(']'), Alt, "$E]"), key(KeyCode.Escape, None, E)),
        ),
    )

    table(
        "bracketed paste",
        listOf(
            paste("hello"),
            paste(""),
            paste("a\r\nb\rc\nd", "a\nb\nc\nd"),
            paste("a\r\r\nb\r", "a\n\nb\n"),
            paste("tab\there\u0003\u0000", "tab\there\u0003\u0000"),
            paste("é中😀"),
            paste("x$E[Ay"),
            paste("$E[201x"),
            paste("$E$E[20"),
            paste(E),
            case(
                hex("1b '[200~' 'é' c3 41 1b '[201~'"),
                InputEvent.Paste("é\uFFFDA", raw(hex("1b '[200~' 'é' c3 41 1b '[201~'"))),
            ),
            case(hex("1b '[200~' e4 b8 1b '[201~'"), InputEvent.Paste("\uFFFD", raw(hex("1b '[200~' e4 b8 1b '[201~'")))),
            case("$E[200~$E$E[201~", InputEvent.Paste(E, raw("$E[200~$E$E[201~"))),
            case(
                "a$E[200~b$E[201~c",
                key(char('a'), None, "a"),
                InputEvent.Paste("b", raw("$E[200~b$E[201~")),
                key(char('c'), None, "c"),
            ),
            case(
                "$E[200~one$E[201~$E[200~two$E[201~",
                InputEvent.Paste("one", raw("$E[200~one$E[201~")),
                InputEvent.Paste("two", raw("$E[200~two$E[201~")),
            ),
            case("$E$E[200~x$E[201~", key(KeyCode.Escape, None, E), InputEvent.Paste("x", raw("$E[200~x$E[201~"))),
            case("$E[200~abc", InputEvent.Paste("abc", raw("$E[200~abc"))),
            case("$E[200~abc$E[20", InputEvent.Paste("abc$E[20", raw("$E[200~abc$E[20"))),
        ),
    )

    table(
        "length caps",
        listOf(
            Case(
                utf8("$E[" + "1;".repeat(150) + "A"),
                listOf(unknown("$E[" + "1;".repeat(128)), unknown("1;".repeat(22) + "A")),
                label = "a CSI with a 300-byte body is Unknown in capped pieces up to its final byte",
            ),
            Case(
                utf8("$E[" + "1;".repeat(128) + "\rx"),
                listOf(unknown("$E[" + "1;".repeat(128)), key(KeyCode.Enter, None, "\r"), key(char('x'), None, "x")),
                label = "a CSI cut exactly at the cap is Unknown, then the interrupting byte decodes",
            ),
            Case(
                utf8("$E[" + "1".repeat(600) + "~a"),
                listOf(unknown("$E[" + "1".repeat(256)), unknown("1".repeat(256)), unknown("1".repeat(88) + "~"), key(char('a'), None, "a")),
                label = "a 600-byte CSI body is three Unknown pieces, then decoding goes on",
            ),
            Case(
                utf8("$E]" + "x".repeat(4094) + "yz\u0007"),
                listOf(unknown("$E]" + "x".repeat(4094)), key(char('y'), None, "y"), key(char('z'), None, "z"), key(char('g'), Ctrl, "\u0007")),
                label = "an OSC longer than 4096 bytes is Unknown up to the cap, then decoding resyncs",
            ),
            Case(
                utf8("$E]" + "x".repeat(4093) + "\u0007"),
                listOf(unknown("$E]" + "x".repeat(4093) + "\u0007")),
                label = "an OSC of 4096 bytes plus its BEL is one Unknown",
            ),
        ),
    )

    context("held input and flush") {
        withTests(nameFn = { it.toString() }, ts = Chunking.all) { chunking ->
            val decoder = InputDecoder()
            chunking.decode(utf8(E), decoder, flush = false).shouldBeEmpty()
            decoder.pending shouldBe InputDecoder.Pending.Escape
            decoder.flush() shouldBe listOf(key(KeyCode.Escape, None, E))
            decoder.pending shouldBe InputDecoder.Pending.None
            decoder.flush().shouldBeEmpty()
        }
    }

    context("what is pending") {
        withTests(
            nameFn = { (input, pending) -> "`${show(utf8(input))}` leaves $pending" },
            listOf(
                "" to InputDecoder.Pending.None,
                "abc" to InputDecoder.Pending.None,
                E to InputDecoder.Pending.Escape,
                "$E$E" to InputDecoder.Pending.Escape,
                "$E[" to InputDecoder.Pending.Escape,
                "$E[1;" to InputDecoder.Pending.Escape,
                "${E}O" to InputDecoder.Pending.Escape,
                "$E]0;ti" to InputDecoder.Pending.Escape,
                "$E[200~" to InputDecoder.Pending.Paste,
                "$E[200~abc$E[201" to InputDecoder.Pending.Paste,
                "$E[200~abc$E[201~" to InputDecoder.Pending.None,
            ),
        ) { (input, pending) ->
            for (chunking in Chunking.all) {
                val decoder = InputDecoder()
                chunking.decode(utf8(input), decoder, flush = false)
                decoder.pending shouldBe pending
            }
        }
    }

    test("part of a UTF-8 character is pending as Escape and flushes to U+FFFD") {
        val decoder = InputDecoder()
        decoder.feed(hex("e4 b8")).shouldBeEmpty()
        decoder.pending shouldBe InputDecoder.Pending.Escape
        decoder.flush() shouldBe listOf(key(FFFD, None, hex("e4 b8")))
    }

    test("ESC and the key after it in separate reads are still Alt+key when no flush came between") {
        val decoder = InputDecoder()
        decoder.feed(utf8(E)).shouldBeEmpty()
        decoder.feed(utf8("x")) shouldBe listOf(key(char('x'), Alt, "${E}x"))
    }

    test("a flush between ESC and the next key makes them Escape and the key") {
        val decoder = InputDecoder()
        decoder.feed(utf8(E))
        decoder.flush() shouldBe listOf(key(KeyCode.Escape, None, E))
        decoder.feed(utf8("x")) shouldBe listOf(key(char('x'), None, "x"))
    }

    test("a paste flushed before its end marker, then the marker as Unknown") {
        val decoder = InputDecoder()
        decoder.feed(utf8("$E[200~abc")).shouldBeEmpty()
        decoder.pending shouldBe InputDecoder.Pending.Paste
        decoder.flush() shouldBe listOf(InputEvent.Paste("abc", raw("$E[200~abc")))
        decoder.pending shouldBe InputDecoder.Pending.None
        decoder.feed(utf8("$E[201~x")) shouldBe listOf(unknown("$E[201~"), key(char('x'), None, "x"))
    }

    context("a cursor-position reply that cannot be a key is unknown bytes, however it is split") {
        withTests(nameFn = { it.toString() }, ts = Chunking.all) { chunking ->
            chunking.decode(utf8("$E[3;7R$E[1;5R"), InputDecoder()) shouldBe listOf(
                unknown("$E[3;7R"),
                key(KeyCode.Function(3), Ctrl, "$E[1;5R"),
            )
        }
    }

    test("feed reads only the given range") {
        val decoder = InputDecoder()
        decoder.feed(utf8("xa${E}[Bx"), 1, 4) shouldBe listOf(key(char('a'), None, "a"), key(KeyCode.Down, None, "$E[B"))
        decoder.feed(utf8("abc"), 3, 0).shouldBeEmpty()
    }

    test("a range outside the array is refused") {
        val decoder = InputDecoder()
        shouldThrow<IndexOutOfBoundsException> { decoder.feed(ByteArray(4), 2, 3) }
        shouldThrow<IndexOutOfBoundsException> { decoder.feed(ByteArray(4), -1, 2) }
        shouldThrow<IndexOutOfBoundsException> { decoder.feed(ByteArray(4), 0, -1) }
    }

    test("a byte read alone, ASCII or an ill-formed UTF-8 subpart, is a shared event: random input allocates none per byte") {
        val bytes = hex("61 80 ff c3 41 e0 80 03")
        val first = InputDecoder().feed(bytes)
        val second = InputDecoder().feed(bytes)
        first shouldBe second
        first.map { it.raw.size } shouldBe listOf(1, 1, 1, 1, 1, 1, 1, 1)
        for (i in first.indices) withClue("event $i, ${first[i]}") { (first[i] === second[i]) shouldBe true }
        // With Alt, or held with other bytes, the replacement has bytes of its own.
        val alt = InputDecoder().feed(hex("1b 80")).single()
        alt shouldBe key(FFFD, Alt, hex("1b 80"))
    }

    test("Ctrl+C is a key that says it is an interrupt") {
        val event = InputDecoder().feed(hex("03")).single()
        event.shouldBeInstanceOf<InputEvent.Key>().isInterrupt shouldBe true
    }

    context("a 1 MB bracketed paste is one Paste event") {
        val line = "0123456789abcdéf中😀\r\n"
        val content = buildString { while (length < 1_000_000) append(line) }
        val expectedText = content.replace("\r\n", "\n")
        val input = utf8("$E[200~$content$E[201~")
        withTests(nameFn = { it.toString() }, ts = Chunking.all) { chunking ->
            val events = chunking.decode(input)
            events shouldHaveSize 1
            val paste = events.single().shouldBeInstanceOf<InputEvent.Paste>()
            paste.text.length shouldBe expectedText.length
            paste.text shouldBe expectedText
            paste.raw shouldBe RawBytes.of(input)
        }

        test("fed whole, it decodes in linear time") {
            // CPU time of this thread, best of three, so JIT warm-up and other builds sharing
            // the machine do not decide. Quadratic work on 1 MB would take minutes, linear work
            // takes milliseconds (about 20 ms warm on a loaded 2-core machine).
            val threads = ManagementFactory.getThreadMXBean()
            val millis = (1..3).minOf {
                val start = threads.currentThreadCpuTime
                InputDecoder().feed(input).single().shouldBeInstanceOf<InputEvent.Paste>()
                (threads.currentThreadCpuTime - start) / 1_000_000
            }
            println("1 MB paste decoded in $millis ms of CPU time")
            (millis < 500) shouldBe true
        }
    }
})
