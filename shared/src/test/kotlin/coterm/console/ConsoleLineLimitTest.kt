// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.testing.FakeTerminal
import coterm.testing.keys
import coterm.testing.stripCsi
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runTest

private const val NOTICE = "coterm: the line is limited to 10 characters; the rest was not inserted"

/** [ConsoleOptions.maxLineLength]: text past it is refused with one notice above the prompt. */
class ConsoleLineLimitTest : FunSpec({
    test("typing past the limit shows the notice once above the prompt and the line stays editable") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal, options = ConsoleOptions(maxLineLength = 10))
            try {
                val line = async { console.readLine("# ") }
                console.inject(keys("echo 0123456789"))
                console.inject(keys("more"))
                console.inject(listOf(InputEvent.Paste("and a paste")))
                console.inject(listOf(InputEvent.Key(KeyCode.Backspace)) + keys("Z\r"))
                line.await() shouldBe "echo 0123Z"
                val output = stripCsi(terminal.output)
                output.split(NOTICE).size - 1 shouldBe 1
                // The notice went above the prompt, which was redrawn with the line below it.
                output.substringAfter(NOTICE).startsWith("\r\n") shouldBe true
            } finally {
                console.close()
            }
        }
    }

    test("a 10 MB paste with the default limit keeps 1,000,000 characters") {
        runTest {
            val terminal = FakeTerminal()
            val console = virtualTimeConsole(terminal)
            try {
                val line = async { console.readLine("# ") }
                console.inject(listOf(InputEvent.Paste("y".repeat(10 * 1024 * 1024))))
                console.inject(keys("\r"))
                line.await()!!.length shouldBe 1_000_000
                terminal.output.contains("limited to 1000000 characters") shouldBe true
            } finally {
                console.close()
            }
        }
    }
})
