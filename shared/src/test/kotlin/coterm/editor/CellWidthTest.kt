package coterm.editor

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.filter
import io.kotest.property.arbitrary.int
import io.kotest.property.checkAll

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

    test("every printable code point is 0, 1 or 2 cells") {
        val printable = Arb.int(0x20..0x10FFFF).filter { it !in 0x7F..0x9F && it !in 0xD800..0xDFFF }
        checkAll(5000, printable) { cp -> CellWidth.of(cp) shouldBeInRange 0..2 }
    }
})
