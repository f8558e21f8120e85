// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import coterm.terminal.posix.PosixTerminal
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs

/** A provider the tests name in `coterm.terminal.provider`: it hands out [terminal] while [accept] holds. */
class NamedTestProvider : TerminalProvider {
    override val priority: Int get() = 0

    override fun load(): Terminal? = if (accept) terminal else null

    companion object {
        val terminal = FakeTerminal()

        @Volatile var accept = true
    }
}

class TerminalProviderTest : FunSpec({
    fun <T> withProperty(value: String?, block: () -> T): T {
        val before = System.getProperty(TerminalProvider.PROVIDER_PROPERTY)
        if (value == null) System.clearProperty(TerminalProvider.PROVIDER_PROPERTY) else System.setProperty(TerminalProvider.PROVIDER_PROPERTY, value)
        try {
            return block()
        } finally {
            if (before == null) System.clearProperty(TerminalProvider.PROVIDER_PROPERTY) else System.setProperty(TerminalProvider.PROVIDER_PROPERTY, before)
        }
    }

    test("a provider named in coterm.terminal.provider is tried first") {
        NamedTestProvider.accept = true
        withProperty(NamedTestProvider::class.java.name) { TerminalProvider.discover() } shouldBeSameInstanceAs NamedTestProvider.terminal
    }

    test("without the property, Linux gets the built-in POSIX terminal (standard input need not be a tty)") {
        val terminal = withProperty(null) { TerminalProvider.discover() }
        try {
            terminal.shouldBeInstanceOf<PosixTerminal>()
        } finally {
            terminal.close()
        }
    }

    test("a named provider that declines, is missing or is no provider falls through to the POSIX terminal") {
        NamedTestProvider.accept = false
        try {
            for (name in listOf(NamedTestProvider::class.java.name, "no.such.Provider", "java.lang.String", "  ")) {
                val terminal = withProperty(name) { TerminalProvider.discover() }
                try {
                    (terminal is PosixTerminal) shouldBe true
                } finally {
                    terminal.close()
                }
            }
        } finally {
            NamedTestProvider.accept = true
        }
    }
})
