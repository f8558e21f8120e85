// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.Terminal
import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** A [FakeTerminal] whose reads throw [failure] once [arm] is counted down: the reader thread fails. */
private class FailingTerminal(val fake: FakeTerminal, private val failure: Throwable) : Terminal by fake {
    val arm = CountDownLatch(1)

    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        arm.await()
        throw failure
    }
}

/** What the console writes to standard error while [block] runs. */
private fun <T> capturingStandardError(block: () -> T): Pair<T, String> {
    val previous = System.err
    val bytes = ByteArrayOutputStream()
    System.setErr(PrintStream(bytes, true, Charsets.UTF_8))
    try {
        return block() to bytes.toString(Charsets.UTF_8)
    } finally {
        System.setErr(previous)
    }
}

/** The reader thread failing: an exception ends input, an Error ends the program with one line and status 70. */
class ConsoleReaderFailureTest : FunSpec({
    test("an Error on the reader thread: the terminal restored, one line on standard error, exit status 70") {
        val terminal = FailingTerminal(FakeTerminal(), OutOfMemoryError("Java heap space"))
        val exited = CompletableFuture<Int>()
        val (status, err) = capturingStandardError {
            val console = Console(terminal, ConsoleOptions(), exit = { exited.complete(it) })
            try {
                terminal.fake.rawModeActive shouldBe true
                terminal.arm.countDown()
                exited.get(10, TimeUnit.SECONDS)
            } finally {
                console.close()
            }
        }
        status shouldBe 70
        terminal.fake.rawModeActive shouldBe false
        err shouldBe "coterm: the input reader failed: java.lang.OutOfMemoryError: Java heap space\n"
    }

    test("an exception on the reader thread: one line, input ends, no exit") {
        val terminal = FailingTerminal(FakeTerminal(), IllegalStateException("read failed"))
        val (line, err) = capturingStandardError {
            val noExit = NoExit()
            val console = Console(terminal, ConsoleOptions(), exit = noExit)
            val read = try {
                runBlocking {
                    val line = async { console.readLine("# ") }
                    terminal.arm.countDown()
                    withTimeout(10_000) { line.await() }
                }
            } finally {
                console.close()
            }
            noExit.assertNone()
            read
        }
        line.shouldBeNull()
        err shouldBe "coterm: the input reader failed: java.lang.IllegalStateException: read failed\n"
    }
})
