// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import com.sun.jna.Function
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** What [LibC] assumes about JNA and the C library that the compiler cannot check. */
class LibCTest : FunSpec({
    test("JNA still shifts the fixed-argument count of a variadic call by the amount LibC uses") {
        // JNA keeps the shift private; a JNA upgrade that moves it would silently pass wrong flags
        // to ioctl, fcntl and open, which only matters (and only breaks) on macOS arm64.
        val field = Function::class.java.getDeclaredField("USE_VARARGS_SHIFT").apply { isAccessible = true }
        withClue("JNA's Function.USE_VARARGS_SHIFT") { field.getInt(null) shouldBe LibC.JNA_VARARGS_SHIFT }
        Function.USE_VARARGS shouldBe 0xFF
    }

    test("variadic call flags: the count shifted into JNA's field, 0 for an ordinary function") {
        LibC.variadicCallFlags(0) shouldBe 0
        LibC.variadicCallFlags(2) shouldBe (2 shl 7)
        LibC.variadicCallFlags(255) shouldBe (255 shl 7)
        shouldThrow<IllegalArgumentException> { LibC.variadicCallFlags(256) }
        shouldThrow<IllegalArgumentException> { LibC.variadicCallFlags(-1) }
    }

    test("on macOS select is bound to the symbol C code compiled with the default headers calls") {
        LibC.DARWIN_SELECT shouldBe "select\$DARWIN_EXTSN"
    }

    test("select reports a pipe with a byte in it, and times out on an empty one") {
        val fds = IntArray(2)
        LibC.pipe(fds) shouldBe 0
        try {
            val empty = FdSet().apply { add(fds[0]) }
            val start = System.nanoTime()
            LibC.select(fds[0] + 1, empty.words, longArrayOf(0, 150_000)) shouldBe 0
            withClue("a 150 ms timeval") { ((System.nanoTime() - start) / 1_000_000 >= 140) shouldBe true }
            LibC.write(fds[1], byteArrayOf(1), 1) shouldBe 1L
            val ready = FdSet().apply { add(fds[0]) }
            LibC.select(fds[0] + 1, ready.words, null) shouldBe 1
            (fds[0] in ready) shouldBe true
        } finally {
            fds.forEach { LibC.close(it) }
        }
    }
})
