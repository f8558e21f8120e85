// SPDX-License-Identifier: Apache-2.0
package coterm.app

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** What the user sees when a demo dies: one line, never a stack trace, and exit status 70. */
class LauncherTest : FunSpec({
    fun captured(block: (PrintStream) -> Unit): String {
        val bytes = ByteArrayOutputStream()
        PrintStream(bytes, true, Charsets.UTF_8).use(block)
        return bytes.toString(Charsets.UTF_8)
    }

    context("a demo that throws: one line and status 70") {
        withData(
            nameFn = { it::class.java.simpleName },
            OutOfMemoryError("Java heap space"),
            StackOverflowError(),
            UnsatisfiedLinkError("no libc"),
            IllegalStateException("broken \u001b[2J"),
        ) { error ->
            var status = -1
            val out = captured { err -> status = runReportingFailures(err) { throw error } }
            status shouldBe 70
            out shouldBe "coterm: internal error: ${error.toString().replace("\u001b", "^[")}\n"
        }
    }

    test("a demo that returns: its status, nothing printed") {
        var status = -1
        captured { err -> status = runReportingFailures(err) { 3 } } shouldBe ""
        status shouldBe 3
    }

    test("an exception no one caught on a thread: one line; an Error also exits with 70") {
        val exits = mutableListOf<Int>()
        val out = captured { err ->
            val handler = OneLineUncaughtHandler(err) { exits += it }
            handler.uncaughtException(Thread("worker"), IllegalArgumentException("odd"))
            handler.uncaughtException(Thread("reader"), OutOfMemoryError("Java heap space"))
        }
        out shouldBe "coterm: internal error on thread worker: java.lang.IllegalArgumentException: odd\n" +
            "coterm: internal error on thread reader: java.lang.OutOfMemoryError: Java heap space\n"
        exits shouldBe listOf(70)
    }
})
