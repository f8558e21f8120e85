// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.testing.FakeTerminal
import coterm.testing.ctrlC
import coterm.testing.keys
import coterm.testing.stripCsi
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runTest

/** A storm of Ctrl+C in one read (one batch) is one press, at the prompt as during a command. */
class InterruptStormTest : FunSpec({
    test("10,000 Ctrl+C in one batch at the prompt discard the line once and the next line is read") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal)
            try {
                val first = async { console.readLineResult("# ") }
                console.inject(keys("half") + List(10_000) { ctrlC })
                first.await() shouldBe LineResult.Interrupted("half")
                val second = async { console.readLineResult("# ") }
                console.inject(keys("echo ok\r"))
                second.await() shouldBe LineResult.Line("echo ok")
                stripCsi(terminal.output).split("^C").size - 1 shouldBe 1
            } finally {
                console.close()
            }
        }
    }

    test("Ctrl+C presses in separate batches at the prompt are separate presses") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal)
            try {
                repeat(3) {
                    val line = async { console.readLineResult("# ") }
                    console.inject(listOf(ctrlC))
                    line.await() shouldBe LineResult.Interrupted("")
                }
            } finally {
                console.close()
            }
        }
    }
})
