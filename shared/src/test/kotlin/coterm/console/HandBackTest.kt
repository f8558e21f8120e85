// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.TerminalException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.runBlocking

/** Taking the terminal back: every step runs whatever the others do; the error names each one that failed. */
class HandBackTest : FunSpec({
    val names = listOf("raw mode", "the input reader", "Ctrl+C")

    withData(
        nameFn = { failing -> if (failing.isEmpty()) "no step fails" else "failing: " + failing.joinToString { names[it] } },
        emptySet(), setOf(0), setOf(1), setOf(2), setOf(0, 2), setOf(0, 1, 2),
    ) { failing: Set<Int> ->
        val ran = mutableListOf<String>()
        val steps = names.mapIndexed { i, name ->
            HandBack.Step(name) {
                ran += name
                if (i in failing) throw IllegalStateException("$name broke")
            }
        }
        if (failing.isEmpty()) {
            runBlocking { HandBack.run(steps) }
        } else {
            val error = shouldThrow<TerminalException> { runBlocking { HandBack.run(steps) } }
            error.message shouldContain "could not take the terminal back after the child process"
            for (i in names.indices) {
                if (i in failing) error.message shouldContain "${names[i]}: ${names[i]} broke" else error.message shouldNotContain "${names[i]} broke"
            }
            error.cause?.message shouldBe "${names[failing.min()]} broke"
            error.suppressed.map { it.message } shouldBe failing.sorted().drop(1).map { "${names[it]} broke" }
        }
        ran shouldBe names
    }
})
