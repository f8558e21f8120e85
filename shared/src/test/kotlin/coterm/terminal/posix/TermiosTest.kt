// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withContexts
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.byte
import io.kotest.property.arbitrary.byteArray
import io.kotest.property.arbitrary.constant
import io.kotest.property.checkAll


class TermiosTest : FunSpec({
    test("Linux: a cooked terminal (stty sane) loses exactly the raw-mode bits") {
        val layout = TermiosLayout.Linux
        val cooked = termios(layout, iflag = 0x500, oflag = 0x5, cflag = 0xbf, lflag = 0x8a3b) {
            it[layout.ccOffset + layout.vmin] = 1
            it[layout.ccOffset + layout.vtime] = 0
            it[layout.ccOffset + 0] = 3 // VINTR = Ctrl+C
        }
        val raw = cooked.toRaw()
        raw.lflag shouldBe 0x0a30L // ECHOE, ECHOK, ECHOCTL, ECHOKE stay
        raw.iflag shouldBe 0L
        raw.oflag shouldBe 0x5L // OPOST | ONLCR: println still starts at column 0
        raw.cflag shouldBe 0xbfL
        raw.cc(layout.vmin) shouldBe 1
        raw.cc(layout.vtime) shouldBe 0
        raw.cc(0) shouldBe 3
    }

    test("macOS: 8-byte flags keep their other bits, including the upper ones") {
        val layout = TermiosLayout.MacOs
        val noflsh = 0x80000000L
        val upper = 0x1234_0000_0000L
        val cooked = termios(layout, iflag = 0x2b02L or upper, oflag = 0x3, cflag = 0x4b00, lflag = 0x5cbL or noflsh or upper) {
            it[layout.ccOffset + layout.vmin] = 4
            it[layout.ccOffset + layout.vtime] = 2
        }
        val raw = cooked.toRaw()
        raw.lflag shouldBe (0x043L or noflsh or upper)
        raw.iflag shouldBe (0x2802L or upper) // IXON and ICRNL cleared; IMAXBEL, BRKINT stay
        raw.oflag shouldBe 0x3L
        raw.cflag shouldBe 0x4b00L
        raw.cc(layout.vmin) shouldBe 1
        raw.cc(layout.vtime) shouldBe 0
    }

    test("a struct of the wrong size is refused") {
        shouldThrow<IllegalArgumentException> { Termios(TermiosLayout.Linux, ByteArray(72)) }
        shouldThrow<IllegalArgumentException> { Termios(TermiosLayout.MacOs, ByteArray(60)) }
    }

    test("the bytes are copied in and out, so nobody can change a saved struct") {
        val source = ByteArray(TermiosLayout.Linux.size) { 0x7f }
        val termios = Termios(TermiosLayout.Linux, source)
        source.fill(0)
        termios.toByteArray().all { it == 0x7f.toByte() }.shouldBeTrue()
        termios.toByteArray()[0] = 0
        termios.toByteArray()[0] shouldBe 0x7f.toByte()
    }

    context("for any struct") {
        withContexts(nameFn = { it.name }, TermiosLayout.Linux, TermiosLayout.MacOs) { layout ->
            test("toRaw changes only the raw-mode bits, VMIN and VTIME") {
                checkAll(Arb.byteArray(Arb.constant(layout.size), Arb.byte())) { bytes ->
                    val before = Termios(layout, bytes)
                    val after = before.toRaw()
                    val lflagMask = layout.icanon or layout.echo or layout.echonl or layout.iexten or layout.isig
                    val iflagMask = layout.ixon or layout.icrnl or layout.inlcr or layout.igncr
                    after.lflag shouldBe (before.lflag and lflagMask.inv())
                    after.iflag shouldBe (before.iflag and iflagMask.inv())
                    after.cc(layout.vmin) shouldBe 1
                    after.cc(layout.vtime) shouldBe 0
                    val changeable = (layout.lflagOffset until layout.lflagOffset + layout.flagSize) +
                        (layout.iflagOffset until layout.iflagOffset + layout.flagSize) +
                        (layout.ccOffset + layout.vmin) + (layout.ccOffset + layout.vtime)
                    val beforeBytes = before.toByteArray()
                    val afterBytes = after.toByteArray()
                    for (i in beforeBytes.indices) {
                        if (i !in changeable) withClue("byte $i") { afterBytes[i] shouldBe beforeBytes[i] }
                    }
                }
            }

            test("toRaw is idempotent and its result is raw") {
                checkAll(Arb.byteArray(Arb.constant(layout.size), Arb.byte())) { bytes ->
                    val raw = Termios(layout, bytes).toRaw()
                    raw.isRaw().shouldBeTrue()
                    raw.toRaw() shouldBe raw
                }
            }

            test("a struct with any raw-mode bit set is not raw") {
                val rawBytes = Termios(layout, ByteArray(layout.size)).toRaw().toByteArray()
                for (bit in listOf(layout.icanon, layout.echo, layout.echonl, layout.iexten, layout.isig)) {
                    Termios(layout, rawBytes).withLflag(bit).isRaw().shouldBeFalse()
                }
            }
        }
    }
})

/** A struct with the given flags, all else zero, then [edit]. Little-endian like every layout. */
private fun termios(
    layout: TermiosLayout,
    iflag: Long,
    oflag: Long,
    cflag: Long,
    lflag: Long,
    edit: (ByteArray) -> Unit = {},
): Termios {
    val bytes = ByteArray(layout.size)
    fun put(offset: Int, value: Long) {
        for (i in 0 until layout.flagSize) bytes[offset + i] = (value ushr (8 * i)).toByte()
    }
    put(layout.iflagOffset, iflag)
    put(layout.oflagOffset, oflag)
    put(layout.cflagOffset, cflag)
    put(layout.lflagOffset, lflag)
    edit(bytes)
    return Termios(layout, bytes)
}

private fun Termios.withLflag(bit: Long): Termios =
    termios(layout, iflag, oflag, cflag, lflag or bit) { target ->
        toByteArray().copyInto(target, 0, layout.ccOffset, layout.size)
    }
