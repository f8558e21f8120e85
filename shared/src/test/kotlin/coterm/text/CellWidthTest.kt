// SPDX-License-Identifier: Apache-2.0
package coterm.text

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe

class CellWidthTest : FunSpec({
    data class Case(val what: String, val codePoint: Int, val width: Int)

    withData(
        nameFn = { "${it.what} U+%04X is %d".format(it.codePoint, it.width) },
        ts = listOf(
            Case("ASCII letter", 'a'.code, 1),
            Case("space", ' '.code, 1),
            Case("tilde", '~'.code, 1),
            Case("Latin-1 é", 0xE9, 1),
            Case("Greek omega", 0x3A9, 1),
            Case("Cyrillic", 0x416, 1),
            Case("combining acute", 0x301, 0),
            Case("combining enclosing circle", 0x20DD, 0),
            Case("zero-width space", 0x200B, 0),
            Case("zero-width joiner", 0x200D, 0),
            Case("variation selector 16", 0xFE0F, 0),
            Case("Hangul medial vowel", 0x1161, 0),
            Case("Hangul initial consonant", 0x1100, 2),
            Case("CJK ideograph 中", 0x4E2D, 2),
            Case("Hiragana あ", 0x3042, 2),
            Case("Hangul syllable 한", 0xD55C, 2),
            Case("ideographic space", 0x3000, 2),
            Case("fullwidth A", 0xFF21, 2),
            Case("halfwidth katakana", 0xFF76, 1),
            Case("CJK extension B", 0x20000, 2),
            Case("grinning face", 0x1F600, 2),
            Case("rocket", 0x1F680, 2),
            Case("crab", 0x1F980, 2),
            Case("skin tone modifier", 0x1F3FB, 2),
            Case("watch", 0x231A, 2),
            Case("heavy heart (text style)", 0x2764, 1),
            Case("box drawing", 0x2500, 1),
        ),
    ) { case ->
        CellWidth.of(case.codePoint) shouldBe case.width
    }

    test("every code point assigned in Unicode 15.0 (and known to this JDK) has the width its Unicode data gives") {
        val table = UnicodeWidths.load()
        val wrong = mutableListOf<String>()
        var checked = 0
        for ((range, wide) in table) for (cp in range) {
            // Characters this JDK does not know have no general category here; controls never reach CellWidth.
            if (!Character.isDefined(cp)) continue
            val type = Character.getType(cp).toByte()
            if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.PRIVATE_USE) continue
            val expected = when {
                type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT -> 0
                UnicodeWidths.joiningJamo.any { cp in it } -> 0
                wide -> 2
                else -> 1
            }
            checked++
            val actual = CellWidth.of(cp)
            if (actual != expected) wrong += "U+%04X %s: %d, the data says %d".format(cp, Character.getName(cp), actual, expected)
        }
        withClue("${wrong.size} of $checked code points differ; the first: ${wrong.take(20).joinToString("\n")}") {
            wrong.size shouldBe 0
        }
        // Unicode 13 (JDK 17) assigns about 143,000 characters outside the private use areas.
        checked shouldBeGreaterThan 140_000
    }
})

/**
 * The reference data, apart from the code under test: the East Asian Width of every assigned code
 * point from `EastAsianWidth-15.0.0.txt` (kept in the test resources, see its header), and the
 * Hangul jamo that join the syllable before them.
 */
private object UnicodeWidths {
    /** Hangul_Syllable_Type V and T in `HangulSyllableType-15.0.0.txt`: vowels and final consonants, 0 cells in `wcwidth`. */
    val joiningJamo = listOf(0x1160..0x11A7, 0xD7B0..0xD7C6, 0x11A8..0x11FF, 0xD7CB..0xD7FB)

    /** Each range of assigned code points and whether it is Wide or Fullwidth. */
    fun load(): List<Pair<IntRange, Boolean>> {
        val text = checkNotNull(CellWidthTest::class.java.getResource("east-asian-width-15.0.0.txt")) { "east-asian-width-15.0.0.txt missing" }.readText()
        return text.lines().filter { it.isNotBlank() && !it.startsWith("#") }.map { line ->
            val (range, kind) = line.split(';')
            val ends = range.split("..").map { it.toInt(16) }
            require(kind == "W" || kind == "N") { "bad line: $line" }
            ends.first()..ends.last() to (kind == "W")
        }
    }
}
