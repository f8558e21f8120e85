package coterm.terminal.posix

import com.sun.jna.Function
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** What [LibC] assumes about JNA that the compiler cannot check. */
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
})
