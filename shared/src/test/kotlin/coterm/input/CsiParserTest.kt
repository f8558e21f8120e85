// SPDX-License-Identifier: Apache-2.0
package coterm.input

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe

private const val A = CsiParser.ABSENT

private fun params(body: String): List<List<Int>>? {
    val bytes = body.toByteArray(Charsets.US_ASCII)
    return CsiParser.parameters(bytes, 0, bytes.size)?.map { it.toList() }
}

/** What `ESC [ sequence` means, the last character being the final byte. */
private fun csi(sequence: String): Decoded {
    val bytes = sequence.toByteArray(Charsets.US_ASCII)
    return CsiParser.csi(bytes, 0, bytes.size - 1, bytes.last().toInt())
}

private fun ss3(sequence: String): Decoded {
    val bytes = sequence.toByteArray(Charsets.US_ASCII)
    return CsiParser.ss3(bytes, 0, bytes.size - 1, bytes.last().toInt())
}

private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = Decoded.Key(KeyStroke(code, modifiers))

class CsiParserTest : FunSpec({
    context("parameters") {
        withTests(
            nameFn = { (body, expected) -> "`$body` is $expected" },
            listOf(
                "" to emptyList(),
                "1" to listOf(listOf(1)),
                "1;5" to listOf(listOf(1), listOf(5)),
                ";5" to listOf(listOf(A), listOf(5)),
                "1;" to listOf(listOf(1), listOf(A)),
                "97:65;2" to listOf(listOf(97, 65), listOf(2)),
                "97::98;5:3" to listOf(listOf(97, A, 98), listOf(5, 3)),
                "00012" to listOf(listOf(12)),
                "99999999999999" to listOf(listOf(9_999_999)),
            ),
        ) { (body, expected) -> params(body) shouldBe expected }
    }

    context("bodies that are not plain numbers have no parameters") {
        withTests(listOf("?1;2", "<0;10;20", ">1", "=5", "1 ", "1\$", "2!")) { body -> params(body).shouldBeNull() }
    }

    context("modifier parameter m is Modifiers(m - 1), four bits kept") {
        withTests(
            nameFn = { (m, mods) -> "$m is $mods" },
            listOf(
                A to Modifiers.None, 0 to Modifiers.None, 1 to Modifiers.None,
                2 to Modifiers.Shift, 3 to Modifiers.Alt, 4 to Modifiers.Alt + Modifiers.Shift,
                5 to Modifiers.Ctrl, 6 to Modifiers.Ctrl + Modifiers.Shift, 7 to Modifiers.Ctrl + Modifiers.Alt,
                8 to Modifiers.Ctrl + Modifiers.Alt + Modifiers.Shift, 9 to Modifiers.Meta,
                16 to Modifiers(15),
                // kitty: Ctrl (4) + Caps Lock (64) + 1.
                69 to Modifiers.Ctrl,
            ),
        ) { (m, mods) -> CsiParser.modifiers(m) shouldBe mods }
    }

    context("CSI meanings") {
        withTests(
            nameFn = { (seq, meaning) -> "`CSI $seq` is $meaning" },
            listOf(
                "A" to key(KeyCode.Up),
                "1;5D" to key(KeyCode.Left, Modifiers.Ctrl),
                ";2H" to key(KeyCode.Home, Modifiers.Shift),
                "1;5:1A" to key(KeyCode.Up, Modifiers.Ctrl),
                "1;5:3A" to Decoded.Unrecognised,
                "2A" to Decoded.Unrecognised,
                "1;2;3A" to Decoded.Unrecognised,
                "1;2R" to key(KeyCode.Function(3), Modifiers.Shift),
                "1;1R" to Decoded.Unrecognised,
                "1;40R" to Decoded.Unrecognised,
                "7;1R" to Decoded.Unrecognised,
                "0;5R" to Decoded.Unrecognised,
                "Z" to key(KeyCode.Tab, Modifiers.Shift),
                "1;5Z" to key(KeyCode.Tab, Modifiers.Shift + Modifiers.Ctrl),
                "I" to Decoded.Focus(true),
                "O" to Decoded.Focus(false),
                "1I" to Decoded.Unrecognised,
                "3~" to key(KeyCode.Delete),
                "3;5~" to key(KeyCode.Delete, Modifiers.Ctrl),
                "3;5;1~" to Decoded.Unrecognised,
                "22~" to Decoded.Unrecognised,
                "200~" to Decoded.PasteStart,
                "200;1~" to Decoded.Unrecognised,
                "201~" to Decoded.Unrecognised,
                "~" to Decoded.Unrecognised,
                "27;5;13~" to key(KeyCode.Enter, Modifiers.Ctrl),
                "27;6;65~" to key(KeyCode.Char('A'.code), Modifiers.Ctrl + Modifiers.Shift),
                "97u" to key(KeyCode.Char('a'.code)),
                "97;5u" to key(KeyCode.Char('a'.code), Modifiers.Ctrl),
                "97:65;2u" to key(KeyCode.Char('a'.code), Modifiers.Shift),
                "97;5:2u" to key(KeyCode.Char('a'.code), Modifiers.Ctrl),
                "97;5:3u" to Decoded.Unrecognised,
                "97;1;97u" to key(KeyCode.Char('a'.code)),
                "13u" to key(KeyCode.Enter),
                "9;2u" to key(KeyCode.Tab, Modifiers.Shift),
                "127u" to key(KeyCode.Backspace),
                "27u" to key(KeyCode.Escape),
                "8u" to key(KeyCode.Char('h'.code), Modifiers.Ctrl),
                "57399u" to Decoded.Unrecognised,
                "55296u" to Decoded.Unrecognised,
                "1114112u" to Decoded.Unrecognised,
                "150u" to Decoded.Unrecognised,
                "u" to Decoded.Unrecognised,
                "a" to key(KeyCode.Up, Modifiers.Shift),
                "2^" to key(KeyCode.Insert, Modifiers.Ctrl),
                "5@" to key(KeyCode.PageUp, Modifiers.Ctrl + Modifiers.Shift),
                "99^" to Decoded.Unrecognised,
                "?1;2c" to Decoded.Unrecognised,
                "5n" to Decoded.Unrecognised,
            ),
        ) { (seq, meaning) -> csi(seq) shouldBe meaning }
    }

    test("`CSI 1;5R` is F3 with Ctrl, `CSI R` is F3: coterm asks for no cursor report") {
        csi("1;5R") shouldBe key(KeyCode.Function(3), Modifiers.Ctrl)
        csi("R") shouldBe key(KeyCode.Function(3))
    }

    context("SS3 meanings") {
        withTests(
            nameFn = { (seq, meaning) -> "`SS3 $seq` is $meaning" },
            listOf(
                "A" to key(KeyCode.Up),
                "F" to key(KeyCode.End),
                "P" to key(KeyCode.Function(1)),
                "S" to key(KeyCode.Function(4)),
                "5A" to key(KeyCode.Up, Modifiers.Ctrl),
                "2P" to key(KeyCode.Function(1), Modifiers.Shift),
                "M" to key(KeyCode.Enter),
                "p" to key(KeyCode.Char('0'.code)),
                "y" to key(KeyCode.Char('9'.code)),
                "k" to key(KeyCode.Char('+'.code)),
                "a" to key(KeyCode.Up, Modifiers.Ctrl),
                "5a" to Decoded.Unrecognised,
                "Z" to Decoded.Unrecognised,
            ),
        ) { (seq, meaning) -> ss3(seq) shouldBe meaning }
    }
})
