// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.terminal.InputSink
import coterm.terminal.TerminalException
import coterm.terminal.TerminalSignal
import coterm.terminal.TerminalSize
import coterm.windows.testing.FakeConsoleApi
import coterm.windows.testing.Records
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** The Windows terminal over a fake console whose wait really blocks. */
class WindowsTerminalTest : FunSpec({
    class Collected : InputSink {
        val events = mutableListOf<InputEvent>()
        val bytes = ByteArrayOutputStream()
        override fun bytes(bytes: ByteArray, offset: Int, length: Int) = this.bytes.write(bytes, offset, length)
        override fun event(event: InputEvent) {
            events += event
        }
    }

    fun dispatcherThreads() = Thread.getAllStackTraces().keys.filter { it.name == RecordDispatcher.THREAD_NAME && it.isAlive }

    fun readAll(terminal: WindowsTerminal): Collected {
        val sink = Collected()
        terminal.readInput(sink, 10_000) shouldBe sink.events.size + (if (sink.bytes.size() > 0) 1 else 0)
        return sink
    }

    test("records queued in the console come out as one batch of events, a resize with the window's rows") {
        val api = FakeConsoleApi(size = TerminalSize(132, 43))
        val terminal = WindowsTerminal(api)
        api.queue(Records.press(0x41, 'h') + Records.press(0x43, '\u0003', Records.LEFT_CTRL) + listOf(Records.bufferSize(132, 9001)))
        readAll(terminal).events shouldContainExactly listOf(
            InputEvent.Key(KeyCode.Char('h'.code), raw = KeyRecordTranslator.utf8('h'.code)),
            InputEvent.Key(KeyCode.Char('c'.code), Modifiers.Ctrl, KeyRecordTranslator.utf8(3)),
            InputEvent.Resize(132, 43),
        )
        terminal.close()
    }

    test("width comes from the buffer, where conhost wraps; height from the window") {
        ConsoleApi.layoutSizeOf(bufferColumns = 200, windowTop = 8970, windowBottom = 8999) shouldBe TerminalSize(200, 30)
        ConsoleApi.layoutSizeOf(bufferColumns = 120, windowTop = 0, windowBottom = 29) shouldBe TerminalSize(120, 30)
        ConsoleApi.layoutSizeOf(bufferColumns = 0, windowTop = 0, windowBottom = 29).shouldBeNull()
        val api = FakeConsoleApi(size = TerminalSize(120, 30))
        val terminal = WindowsTerminal(api)
        // The buffer grew to 200 columns behind a 120-column window: lines wrap at 200.
        api.queue(Records.bufferSize(200, 9001))
        readAll(terminal).events shouldContainExactly listOf(InputEvent.Resize(200, 30))
        terminal.close()
    }

    test("a paste queued in one go is one Paste event") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        api.queue(Records.typing("echo 1\recho 2\r"))
        readAll(terminal).events.map { (it as InputEvent.Paste).text } shouldContainExactly listOf("echo 1\necho 2\n")
        terminal.close()
    }

    test("close wakes the dispatcher blocked in its INFINITE wait, and joins it: no thread left behind") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        val reader = CompletableFuture.supplyAsync { terminal.readInput(Collected(), -1) }
        Thread.sleep(100)
        terminal.dispatcherAlive shouldBe true
        terminal.wake()
        reader.get(10, TimeUnit.SECONDS) shouldBe 0
        terminal.close()
        terminal.dispatcherAlive shouldBe false
        dispatcherThreads() shouldBe emptyList()
        api.closed shouldBe true
        terminal.readInput(Collected(), -1) shouldBe -1
    }

    test("the idle dispatcher waits once and does not wake by itself") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        terminal.readInput(Collected(), 300) shouldBe 0
        api.waits shouldBe 1
        terminal.close()
    }

    test("a failing console call ends input with a clear error, then end of input") {
        val api = FakeConsoleApi().apply { failWait = true }
        val terminal = WindowsTerminal(api)
        val error = shouldThrow<TerminalException> { terminal.readInput(Collected(), 10_000) }
        error.message shouldBe "WaitForMultipleObjects failed: Windows error 6"
        terminal.readInput(Collected(), 10_000) shouldBe -1
        terminal.close()
        terminal.dispatcherAlive shouldBe false
    }

    test("the VT input path hands bytes to the shared decoder and events as events") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api, vtInput = true)
        api.queue("\u001b[A".map { Records.key(0, it) } + listOf(Records.focus(true)))
        val sink = Collected()
        terminal.readInput(sink, 10_000) shouldBe 2
        sink.bytes.toString(Charsets.UTF_8) shouldBe "\u001b[A"
        sink.events shouldContainExactly listOf(InputEvent.Focus(true))
        terminal.close()
    }

    test("read() gives the characters as bytes: Ctrl+C is 0x03, Enter CR") {
        val api = FakeConsoleApi()
        val terminal = WindowsTerminal(api)
        api.queue(Records.press(0x41, 'a') + Records.press(0x43, '\u0003', Records.LEFT_CTRL) + Records.press(0x0D, '\r'))
        val buffer = ByteArray(2)
        terminal.read(buffer, 10_000) shouldBe 2
        buffer.toList() shouldBe listOf('a'.code.toByte(), 3.toByte())
        terminal.read(buffer, 10_000) shouldBe 1
        buffer[0] shouldBe 0x0D.toByte()
        terminal.close()
    }

    context("console modes") {
        test("raw mode changes both modes by bit operations on the saved values and restores both exactly") {
            val api = FakeConsoleApi(inputMode = 0x01F7, outputMode = 0x0003)
            val terminal = WindowsTerminal(api)
            val raw = terminal.enterRawMode()
            api.inputMode shouldBe ConsoleModes.rawInput(0x01F7, vtInput = false)
            api.outputMode shouldBe 0x0007
            raw.close()
            raw.close()
            api.inputMode shouldBe 0x01F7
            api.outputMode shouldBe 0x0003
            api.modeChanges.size shouldBe 4
            terminal.close()
        }

        test("pause writes the saved modes back; resume computes raw mode from them, not from what a child left") {
            val api = FakeConsoleApi(inputMode = 0x01F7, outputMode = 0x0003)
            val terminal = WindowsTerminal(api)
            val raw = terminal.enterRawMode()
            raw.pause()
            api.inputMode shouldBe 0x01F7
            api.outputMode shouldBe 0x0003
            // A child process changes both modes and exits without restoring them.
            api.setMode(ConsoleApi.Stream.Input, 0x0000)
            api.setMode(ConsoleApi.Stream.Output, 0x0000)
            raw.resume()
            api.inputMode shouldBe ConsoleModes.rawInput(0x01F7, vtInput = false)
            api.outputMode shouldBe 0x0007
            raw.close()
            api.inputMode shouldBe 0x01F7
            api.outputMode shouldBe 0x0003
            terminal.close()
        }

        test("closing the terminal restores the modes too") {
            val api = FakeConsoleApi(inputMode = 0x0087, outputMode = 0x0001)
            val terminal = WindowsTerminal(api, vtInput = true)
            terminal.enterRawMode()
            api.inputMode shouldBe 0x0288
            terminal.close()
            api.inputMode shouldBe 0x0087
            api.outputMode shouldBe 0x0001
        }

        test("refused VT output: input goes raw, output is left alone and not 'restored'") {
            val api = FakeConsoleApi(outputMode = 0x0003, refuseVtOutput = true)
            val terminal = WindowsTerminal(api)
            terminal.enterRawMode().close()
            api.modeChanges.map { it.first } shouldContainExactly listOf(ConsoleApi.Stream.Input, ConsoleApi.Stream.Input)
            api.outputMode shouldBe 0x0003
            terminal.close()
        }

        test("refused raw input is a clear error and changes nothing") {
            val api = FakeConsoleApi(inputMode = null)
            val terminal = WindowsTerminal(api)
            shouldThrow<TerminalException> { terminal.enterRawMode() }.message shouldBe "GetConsoleMode(input) failed: Windows error 6"
            api.modeChanges shouldBe emptyList()
            terminal.close()
        }
    }

    context("control events, as SetConsoleCtrlHandler delivers them") {
        test("Ctrl+C and Ctrl+Break signals are interrupts; close, logoff and shutdown terminate") {
            val api = FakeConsoleApi()
            val terminal = WindowsTerminal(api, closeGraceMillis = 0)
            val received = mutableListOf<TerminalSignal>()
            val registration = terminal.onSignal { received += it }
            api.raise(ConsoleApi.CTRL_C_EVENT) shouldBe true
            api.raise(ConsoleApi.CTRL_BREAK_EVENT) shouldBe true
            api.raise(ConsoleApi.CTRL_CLOSE_EVENT) shouldBe true
            api.raise(ConsoleApi.CTRL_LOGOFF_EVENT) shouldBe true
            api.raise(ConsoleApi.CTRL_SHUTDOWN_EVENT) shouldBe true
            api.raise(42) shouldBe false
            received shouldContainExactly listOf(
                TerminalSignal.Interrupt, TerminalSignal.Interrupt,
                TerminalSignal.Terminate, TerminalSignal.Terminate, TerminalSignal.Terminate,
            )
            registration.close()
            api.hasCtrlHandler shouldBe false
            terminal.close()
        }
    }

    context("output") {
        test("UTF-8 split across writes is written whole through WriteConsoleW") {
            val api = FakeConsoleApi()
            val terminal = WindowsTerminal(api)
            val bytes = "é😀\u001b[1m".toByteArray()
            terminal.write(bytes, 0, 1)
            terminal.flush()
            api.written.toString() shouldBe ""
            terminal.write(bytes, 1, 3)
            terminal.flush()
            api.written.toString() shouldBe "é"
            terminal.write(bytes, 4, bytes.size - 4)
            terminal.flush()
            api.written.toString() shouldBe "é😀\u001b[1m"
            terminal.close()
        }

        test("the bracketed paste switches are dropped on the records path and kept on the VT path in raw mode") {
            val records = FakeConsoleApi()
            WindowsTerminal(records).apply {
                write("\u001b[?2004h".toByteArray())
                write("x".toByteArray())
                write("\u001b[?2004l".toByteArray())
                close()
            }
            records.written.toString() shouldBe "x"
            val vt = FakeConsoleApi()
            WindowsTerminal(vt, vtInput = true).apply {
                // Outside raw mode the output mode is the user's: the switch would print.
                write("\u001b[?2004h".toByteArray())
                flush()
                vt.written.toString() shouldBe ""
                enterRawMode()
                write("\u001b[?2004h".toByteArray())
                flush()
                vt.written.toString() shouldBe "\u001b[?2004h"
                close()
            }
        }
    }

    context("VT input path: nothing is written after the output mode is given back") {
        val on = "\u001b[?2004h".toByteArray()
        val off = "\u001b[?2004l".toByteArray()

        /** The calls after [from] that write an escape sequence once the output mode is the user's again. */
        fun escapesAfterRestore(api: FakeConsoleApi, from: Int): List<String> {
            val calls = api.calls.drop(from)
            val restored = calls.indexOf("mode Output 0x3")
            check(restored >= 0) { "the output mode was not restored: $calls" }
            return calls.drop(restored + 1).filter { it.startsWith("write") && '\u001b' in it }
        }

        test("pause (run): pending output and paste-off go out while VT output is on, then the modes; the session's own paste-off after it is dropped") {
            val api = FakeConsoleApi(inputMode = 0x01F7, outputMode = 0x0003)
            val terminal = WindowsTerminal(api, vtInput = true)
            val raw = terminal.enterRawMode()
            terminal.write(on)
            terminal.flush()
            terminal.write("\u001b[1mx".toByteArray())
            val from = api.calls.size
            // What TerminalSession.pause does: the raw mode first, then bracketed paste off.
            raw.pause()
            terminal.write(off)
            terminal.flush()
            api.calls.drop(from) shouldContainExactly listOf(
                "write \u001b[1mx", "write \u001b[?2004l", "mode Input 0x1f7", "mode Output 0x3",
            )
            escapesAfterRestore(api, from) shouldBe emptyList()
            // resume: raw modes first, then the session turns paste on again, in VT mode.
            raw.resume()
            terminal.write(on)
            terminal.flush()
            api.calls.last() shouldBe "write \u001b[?2004h"
            terminal.close()
        }

        test("close (quit, exit): paste-off before the modes are restored, and written once") {
            val api = FakeConsoleApi(inputMode = 0x01F7, outputMode = 0x0003)
            val terminal = WindowsTerminal(api, vtInput = true)
            val raw = terminal.enterRawMode()
            terminal.write(on)
            terminal.flush()
            val from = api.calls.size
            // What TerminalSession.restore does: the raw mode closed, then paste off.
            raw.close()
            terminal.write(off)
            terminal.flush()
            terminal.close()
            api.calls.drop(from) shouldContainExactly listOf("write \u001b[?2004l", "mode Input 0x1f7", "mode Output 0x3")
            escapesAfterRestore(api, from) shouldBe emptyList()
        }

        test("a console that holds writes (a Quick Edit selection) does not hold up the modes: they are restored after 0.5 s") {
            val api = FakeConsoleApi(inputMode = 0x01F7, outputMode = 0x0003)
            val terminal = WindowsTerminal(api, vtInput = true)
            val raw = terminal.enterRawMode()
            terminal.write("pending".toByteArray())
            api.stallWrites = true
            val start = System.nanoTime()
            raw.close()
            val millis = (System.nanoTime() - start) / 1_000_000
            (millis < 2_000) shouldBe true
            api.inputMode shouldBe 0x01F7
            api.outputMode shouldBe 0x0003
            api.stallWrites = false
            terminal.close()
        }

        test("the terminal closed with raw mode still on restores in the same order") {
            val api = FakeConsoleApi(inputMode = 0x01F7, outputMode = 0x0003)
            val terminal = WindowsTerminal(api, vtInput = true)
            terminal.enterRawMode()
            terminal.write(on)
            val from = api.calls.size
            terminal.close()
            api.calls.drop(from) shouldContainExactly listOf("write \u001b[?2004h", "write \u001b[?2004l", "mode Input 0x1f7", "mode Output 0x3")
        }
    }

    context("the provider's decision") {
        test("standard input or output not a console: no terminal (plain line input instead)") {
            WindowsTerminalProvider.open(FakeConsoleApi(inputMode = null), null).shouldBeNull()
            WindowsTerminalProvider.open(FakeConsoleApi(outputMode = null), null).shouldBeNull()
        }

        test("VT output refused (old consoles): no terminal; the probe leaves the modes as they were") {
            val api = FakeConsoleApi(refuseVtOutput = true)
            WindowsTerminalProvider.open(api, null).shouldBeNull()
            api.outputMode shouldBe 0x0003
        }

        test("records by default; VT input when asked and accepted; records when VT input is refused") {
            val plain = FakeConsoleApi()
            WindowsTerminalProvider.open(plain, null).shouldNotBeNull().close()
            plain.modeChanges.last() shouldBe (ConsoleApi.Stream.Output to 0x0003)
            val vt = FakeConsoleApi()
            val vtTerminal = WindowsTerminalProvider.open(vt, "vt").shouldNotBeNull()
            vt.inputMode shouldBe 0x01F7
            vtTerminal.enterRawMode()
            (vt.inputMode!! and ConsoleModes.ENABLE_VIRTUAL_TERMINAL_INPUT) shouldBe ConsoleModes.ENABLE_VIRTUAL_TERMINAL_INPUT
            vtTerminal.close()
            val refused = FakeConsoleApi(refuseVtInput = true)
            val fallback = WindowsTerminalProvider.open(refused, "vt").shouldNotBeNull()
            fallback.enterRawMode()
            (refused.inputMode!! and ConsoleModes.ENABLE_VIRTUAL_TERMINAL_INPUT) shouldBe 0
            fallback.close()
        }
    }
})
