// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * One console at a time owns the process's terminal ([Console.open] goes through
 * [ProcessTerminalClaim.open]); consoles on other terminals take no claim.
 */
class ConsoleOwnershipTest : FunSpec({
    val noExit = NoExit()
    fun openOwning(terminal: () -> FakeTerminal) = ProcessTerminalClaim.open(ConsoleOptions(), terminal, noExit)

    test("a second console on the process's terminal is refused with a clear error, before it touches anything") {
        val first = FakeTerminal()
        val console = openOwning { first }
        try {
            var secondOpened = false
            val error = shouldThrow<IllegalStateException> { openOwning { secondOpened = true; FakeTerminal() } }
            error.message shouldContain "a Console is already open on this process's terminal"
            error.message shouldContain "close it before opening another"
            secondOpened shouldBe false
            // The first is untouched and still works.
            first.rawModeActive shouldBe true
            runBlocking {
                val line = async { console.readLine("# ") }
                first.type("first still works\r")
                withTimeout(10_000) { line.await() } shouldBe "first still works"
            }
        } finally {
            console.close()
        }
        // Closed: the process's terminal can be owned again.
        openOwning { FakeTerminal() }.close()
        noExit.assertNone()
    }

    test("consoles on terminals that are not the process's take no claim") {
        val owner = openOwning { FakeTerminal() }
        try {
            Console(FakeTerminal(), ConsoleOptions(), exit = noExit).close()
            Console(FakeTerminal(), ConsoleOptions(), exit = noExit).close()
        } finally {
            owner.close()
        }
        noExit.assertNone()
    }

    test("a console that fails to open gives the claim back") {
        shouldThrow<IllegalStateException> {
            openOwning { error("no terminal here") }
        }
        openOwning { FakeTerminal() }.close()
        noExit.assertNone()
    }
})
