// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import coterm.terminal.posix.PosixTerminal
import coterm.terminal.posix.PseudoTerminal
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import sun.misc.Signal
import sun.misc.SignalHandler
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * Signals raised at the test JVM itself. INT, TERM and HUP are raised only while the handler
 * under test is installed (checked first), so the JVM's own handlers never see them.
 */
class ProcessSignalsTest : FunSpec({
    context("each signal reaches the listener as its TerminalSignal") {
        withTests(
            nameFn = { "SIG${it.first} -> ${it.second}" },
            "INT" to TerminalSignal.Interrupt,
            "TERM" to TerminalSignal.Terminate,
            "HUP" to TerminalSignal.Hangup,
            "WINCH" to TerminalSignal.Resize,
            "CONT" to TerminalSignal.Continue,
        ) { (name, expected) ->
            val received = LinkedBlockingQueue<TerminalSignal>()
            ProcessSignals.install { received.put(it) }.use { registration ->
                registration.installed shouldContain expected
                Signal.raise(Signal(name))
                received.poll(5, TimeUnit.SECONDS) shouldBe expected
            }
        }
    }

    test("all five are taken on this JVM") {
        ProcessSignals.install { }.use { registration ->
            registration.installed.shouldContainExactly(TerminalSignal.entries.toSet())
        }
    }

    test("close puts the previous handler back, and a second close changes nothing") {
        val winch = Signal("WINCH")
        val outer = LinkedBlockingQueue<String>()
        val original = Signal.handle(winch, SignalHandler { outer.put("outer") })
        try {
            val received = LinkedBlockingQueue<TerminalSignal>()
            val registration = ProcessSignals.install { received.put(it) }
            Signal.raise(winch)
            received.poll(5, TimeUnit.SECONDS) shouldBe TerminalSignal.Resize
            registration.close()
            registration.close()
            Signal.raise(winch)
            outer.poll(5, TimeUnit.SECONDS) shouldBe "outer"
            received.poll(200, TimeUnit.MILLISECONDS) shouldBe null
        } finally {
            Signal.handle(winch, original)
        }
    }

    test("a second registration is refused while the first is open; the first keeps the signals; after close one is accepted") {
        val received = LinkedBlockingQueue<TerminalSignal>()
        val first = ProcessSignals.install { received.put(it) }
        try {
            val error = shouldThrow<IllegalStateException> { ProcessSignals.install { } }
            error.message shouldContain "already routed to an open console"
            Signal.raise(Signal("WINCH"))
            received.poll(5, TimeUnit.SECONDS) shouldBe TerminalSignal.Resize
        } finally {
            first.close()
        }
        first.close()
        ProcessSignals.install { }.close()
    }

    test("PosixTerminal.onSignal delegates to ProcessSignals") {
        val received = LinkedBlockingQueue<TerminalSignal>()
        PseudoTerminal.open().use { pty ->
            PosixTerminal(pty.slave, pty.slave).use { terminal ->
                terminal.onSignal { received.put(it) }.use {
                    Signal.raise(Signal("WINCH"))
                    received.poll(5, TimeUnit.SECONDS) shouldBe TerminalSignal.Resize
                }
            }
        }
    }
})
