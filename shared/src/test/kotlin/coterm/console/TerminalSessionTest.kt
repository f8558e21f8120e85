// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.TerminalException
import coterm.testing.FakeTerminal
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldEndWith
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

private const val ON = "\u001b[?2004h"
private const val OFF = "\u001b[?2004l"

/** The shutdown hook [TerminalSession.install] registered, read as the JVM holds it: no accessor in the code for tests. */
private fun TerminalSession.hook(): Thread? =
    TerminalSession::class.java.getDeclaredField("hook").apply { isAccessible = true }.get(this) as Thread?

/** [TerminalSession]: one baseline (the state from before the start), and termios restored without waiting for output. */
class TerminalSessionTest : FunSpec({
    test("pause gives the terminal back with bracketed paste off; resume takes raw mode back from the saved state") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = true)
        try {
            terminal.output shouldBe ON
            session.pause()
            terminal.rawModeActive shouldBe false
            terminal.output shouldBe ON + OFF
            session.pause()
            terminal.output shouldBe ON + OFF
            session.resume()
            terminal.rawModeActive shouldBe true
            terminal.rawModeEntered shouldBe 1
            terminal.rawModeResumed shouldBe 1
            terminal.output shouldBe ON + OFF + ON
        } finally {
            session.restore()
        }
        terminal.rawModeActive shouldBe false
        terminal.output shouldBe ON + OFF + ON + OFF
    }

    test("restoreModes puts termios back at once, writing nothing, even while the terminal takes no output") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = true)
        terminal.stallWrites = true
        val restored = CompletableFuture.runAsync { session.restoreModes() }
        restored.get(10, TimeUnit.SECONDS)
        terminal.rawModeActive shouldBe false
        terminal.output shouldBe ON
        // The write comes after, and would wait for the terminal (exit paths bound it).
        val written = CompletableFuture.runAsync { session.restore() }
        terminal.stallWrites = false
        written.get(10, TimeUnit.SECONDS)
        terminal.output shouldBe ON + OFF
        session.restore()
        terminal.output shouldBe ON + OFF
    }

    test("a resume that fails leaves bracketed paste off and is tried again by the next pause and resume") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = true)
        try {
            session.pause()
            terminal.failResume = true
            shouldThrow<TerminalException> { session.resume() }
            terminal.rawModeActive shouldBe false
            terminal.output shouldEndWith OFF
            terminal.failResume = false
            session.pause()
            session.resume()
            terminal.rawModeActive.shouldBeTrue()
            terminal.output shouldEndWith ON
        } finally {
            session.restore()
        }
    }

    test("after restore, pause and resume change nothing") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = true)
        session.restore()
        session.pause()
        session.resume()
        terminal.rawModeActive shouldBe false
        terminal.output shouldBe ON + OFF
    }

    test("the one shutdown hook restores termios and switches bracketed paste off; restore removes it") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = true)
        val hook = checkNotNull(session.hook())
        hook.name shouldBe "coterm-restore-terminal"
        // Run as the JVM would at exit (removed first, so that it is not run twice).
        Runtime.getRuntime().removeShutdownHook(hook).shouldBeTrue()
        hook.run()
        terminal.rawModeActive shouldBe false
        terminal.output shouldBe ON + OFF
        session.hook() shouldBe null
    }

    test("the bracketed-paste switch waits for the writer's lock: it never lands inside other output") {
        val terminal = FakeTerminal()
        val writer = ConsoleWriter(terminal, rendering = true)
        val session = TerminalSession.install(terminal, writer, raw = true, bracketedPaste = true)
        try {
            val paused = writer.exclusive {
                val pause = CompletableFuture.runAsync { session.pause() }
                Thread.sleep(100)
                terminal.output shouldBe ON
                pause
            }
            paused.get(10, TimeUnit.SECONDS)
            terminal.output shouldBe ON + OFF
        } finally {
            session.restore()
        }
    }
})
