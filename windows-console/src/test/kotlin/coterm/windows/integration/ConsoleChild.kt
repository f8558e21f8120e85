// SPDX-License-Identifier: Apache-2.0
package coterm.windows.integration

import com.sun.jna.platform.win32.Kernel32
import com.sun.jna.platform.win32.Wincon
import coterm.console.CommandOutcome
import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.terminal.InputSink
import coterm.terminal.TerminalSignal
import coterm.windows.ConsoleModes
import coterm.windows.JnaConsoleApi
import coterm.windows.WindowsTerminal
import coterm.windows.WindowsTerminalProvider
import coterm.windows.testing.Records
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess

/**
 * The child JVM of [WindowsConsoleIntegrationTest]: each scenario runs in a console of its own
 * ([OwnConsole]) through the real JNA bindings, and ends by printing `PASS <scenario>` (exit 0),
 * or with an exception (exit 1, the stack trace on standard error). Windows only.
 *
 * The facts the checks rest on, from Microsoft's console documentation: `WriteConsoleInputW`
 * appends records to the input buffer as they are; `SetConsoleScreenBufferSize` queues a
 * `WINDOW_BUFFER_SIZE_EVENT` when `ENABLE_WINDOW_INPUT` is set; `GenerateConsoleCtrlEvent` with
 * process group 0 signals every process attached to the console (here only this one); handlers
 * added by `SetConsoleCtrlHandler` are called last-registered first; `ReadConsoleOutputCharacterW`
 * reads the characters of the buffer's cells.
 */
internal object ConsoleChild {
    @JvmStatic
    fun main(args: Array<String>) {
        try {
            when (val scenario = args.firstOrNull()) {
                "records" -> records()
                "ctrl-break" -> ctrlBreak()
                "modes" -> modes()
                "output-records" -> output(vt = false)
                "output-vt" -> output(vt = true)
                "run-child" -> runChild()
                "last-column" -> lastColumn()
                "echo-two-lines" -> echoTwoLines(Path.of(args[1]))
                else -> error("unknown scenario $scenario")
            }
            println("PASS ${args[0]}")
            System.out.flush()
            exitProcess(0)
        } catch (t: Throwable) {
            t.printStackTrace()
            System.err.flush()
            exitProcess(1)
        }
    }

    private fun terminal(inputPath: String? = null): WindowsTerminal =
        WindowsTerminalProvider.open(checkNotNull(JnaConsoleApi.open()) { "no console API" }, inputPath)
            ?: error("the console refused virtual-terminal output")

    /** Reads events until [count] have come or 10 s pass. */
    private fun events(terminal: WindowsTerminal, count: Int): List<InputEvent> {
        val events = ArrayList<InputEvent>()
        val sink = object : InputSink {
            override fun bytes(bytes: ByteArray, offset: Int, length: Int) = error("bytes on the records path")
            override fun event(event: InputEvent) {
                events += event
            }
        }
        val deadline = System.nanoTime() + 10_000_000_000L
        while (events.size < count && System.nanoTime() < deadline) terminal.readInput(sink, 500)
        return events
    }

    private fun check(what: String, actual: Any?, expected: Any?) {
        check(actual == expected) { "$what: expected $expected, got $actual" }
    }

    /** Injected records come out as the fixtures say; a real buffer resize is a Resize with the buffer's width. */
    private fun records() {
        val console = OwnConsole.open()
        val terminal = terminal()
        val raw = terminal.enterRawMode()
        val rows = console.info().srWindow.let { it.Bottom - it.Top + 1 }
        fun altCode(unit: Char) = listOf(Records.key(0x12, state = Records.LEFT_ALT)) +
            unit.code.toString().flatMap { d ->
                val vk = 0x60 + (d - '0')
                listOf(Records.key(vk, state = Records.LEFT_ALT or Records.NUMLOCK), Records.key(vk, state = Records.LEFT_ALT or Records.NUMLOCK, down = false))
            } + Records.key(0x12, unit, Records.NUMLOCK, down = false)
        console.inject(
            Records.press(0x43, '\u0003', Records.LEFT_CTRL) +
                Records.press(0x51, '@', Records.RIGHT_ALT or Records.LEFT_CTRL) +
                Records.press(0xE7, '\uD83D') + Records.press(0xE7, '\uDE00') +
                altCode('\uD83D') + altCode('\uDE00') +
                listOf(Records.key(0x41, 'a', repeat = 3), Records.key(0x41, 'a', down = false)) +
                listOf(Records.bufferSize(100, 9001)),
        )
        val emoji = KeyCode.Char("😀".codePointAt(0))
        val got = events(terminal, 8).map { if (it is InputEvent.Key) it.key to it.modifiers else it }
        check(
            "injected records", got,
            listOf(
                KeyCode.Char('c'.code) to Modifiers.Ctrl,
                KeyCode.Char('@'.code) to Modifiers.None,
                emoji to Modifiers.None,
                emoji to Modifiers.None,
                KeyCode.Char('a'.code) to Modifiers.None,
                KeyCode.Char('a'.code) to Modifiers.None,
                KeyCode.Char('a'.code) to Modifiers.None,
                InputEvent.Resize(100, rows),
            ),
        )
        val info = console.info()
        val wider = info.dwSize.X + 10
        check(console.setBufferSize(wider, info.dwSize.Y.toInt())) { "SetConsoleScreenBufferSize failed" }
        val resize = events(terminal, 1).filterIsInstance<InputEvent.Resize>().firstOrNull()
        // The window's height after the resize (a horizontal scroll bar may have taken a row).
        val rowsNow = console.info().srWindow.let { it.Bottom - it.Top + 1 }
        check("buffer resize", resize, InputEvent.Resize(wider, rowsNow))
        check("size()", terminal.size()?.columns, wider)
        raw.close()
        terminal.close()
    }

    /** Ctrl+Break as a control event: exactly one interrupt, and the process goes on. */
    private fun ctrlBreak() {
        OwnConsole.open()
        val terminal = terminal()
        val raw = terminal.enterRawMode()
        val interrupts = AtomicInteger()
        val others = AtomicInteger()
        val registration = terminal.onSignal { if (it == TerminalSignal.Interrupt) interrupts.incrementAndGet() else others.incrementAndGet() }
        check(Kernel32.INSTANCE.GenerateConsoleCtrlEvent(Wincon.CTRL_BREAK_EVENT, 0)) { "GenerateConsoleCtrlEvent failed" }
        Thread.sleep(1_000)
        check("interrupts", interrupts.get(), 1)
        check("other signals", others.get(), 0)
        registration.close()
        raw.close()
        terminal.close()
    }

    /** The modes from before the start during handOff, raw modes after it, the start's modes after close. */
    private fun modes() {
        val console = OwnConsole.open()
        val input = console.mode(console.input)
        val output = console.mode(console.output)
        val coterm = Console.open(ConsoleOptions())
        val rawInput = console.mode(console.input)
        val rawOutput = console.mode(console.output)
        check("raw input mode", rawInput, ConsoleModes.rawInput(input, vtInput = false))
        check("VT output mode", rawOutput, ConsoleModes.vtOutput(output))
        val during = runBlocking {
            coterm.runCommand("handoff") {
                coterm.handOff { console.mode(console.input) to console.mode(console.output) }
            }
        }
        check("modes during handOff", during, CommandOutcome.Completed(input to output))
        check("input mode after handOff", console.mode(console.input), rawInput)
        check("output mode after handOff", console.mode(console.output), rawOutput)
        coterm.close()
        check("input mode after close", console.mode(console.input), input)
        check("output mode after close", console.mode(console.output), output)
    }

    /** UTF-8 with an emoji reaches the screen whole, styles are obeyed, no escape sequence shows as text. */
    private fun output(vt: Boolean) {
        val console = OwnConsole.open()
        if (vt) System.setProperty(WindowsTerminalProvider.INPUT_PROPERTY, "vt")
        val coterm = Console.open(ConsoleOptions())
        coterm.println("héllo 😀 \u001b[1mbold\u001b[0m end")
        runBlocking { coterm.runCommand("handoff") { coterm.handOff { } } }
        coterm.println("after")
        coterm.close()
        val screen = console.screenToCursor().joinToString("\n")
        check(screen.contains("héllo")) { "no héllo on the screen:\n$screen" }
        check(screen.contains("😀") || screen.contains("\uD83D")) { "no emoji on the screen:\n$screen" }
        check(screen.contains("bold end")) { "styled text missing:\n$screen" }
        check(screen.contains("after")) { "the line after handOff is missing:\n$screen" }
        for (junk in listOf("\u001b", "←[", "[?2004", "[1m", "[0m")) {
            check(!screen.contains(junk)) { "'$junk' shows on the screen:\n$screen" }
        }
    }

    /**
     * The renderer's assumption, checked: with coterm's output mode (VT processing on,
     * DISABLE_NEWLINE_AUTO_RETURN left as the user had it, off by default) a character written in
     * the last column leaves the cursor on it (xterm's delayed wrap), and the next character
     * starts the next row. Microsoft's documentation ties the delay to DISABLE_NEWLINE_AUTO_RETURN;
     * the open-source conhost's VT parser delays the wrap whatever the flag says.
     */
    private fun lastColumn() {
        val console = OwnConsole.open()
        val terminal = terminal()
        val raw = terminal.enterRawMode()
        val width = terminal.size()!!.columns
        fun write(text: String) {
            val bytes = text.toByteArray()
            terminal.write(bytes, 0, bytes.size)
            terminal.flush()
        }
        write("\r\n")
        val row = console.info().dwCursorPosition.Y.toInt()
        write("x".repeat(width))
        val pending = console.info().dwCursorPosition
        check("cursor after a full row", pending.X.toInt() to pending.Y.toInt(), (width - 1) to row)
        write("y")
        val next = console.info().dwCursorPosition
        check("cursor after the next character", next.X.toInt() to next.Y.toInt(), 1 to row + 1)
        check("the next row", console.screen(row + 1, row + 2).single(), "y")
        raw.close()
        terminal.close()
    }

    /**
     * A two-line answer typed while a child runs under `runProcess` reaches the child; the
     * prompt afterwards is empty (coterm read none of it).
     */
    private fun runChild() {
        val console = OwnConsole.open()
        val coterm = Console.open(ConsoleOptions())
        val out = Files.createTempFile("coterm-child", ".txt")
        val ready = Path.of("$out.ready")
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val command = listOf(java, "-cp", System.getProperty("java.class.path"), ConsoleChild::class.java.name, "echo-two-lines", out.toString())
        runBlocking {
            val status = async(Dispatchers.Default) { coterm.runCommand("run") { coterm.runProcess(command) } }
            withTimeout(60_000) { while (!Files.exists(ready)) kotlinx.coroutines.delay(50) }
            Thread.sleep(300)
            console.inject(Records.typing("one\rtwo\r"))
            val outcome = withTimeout(60_000) { status.await() }
            check("the child's answer", Files.readString(out), "one\ntwo\n")
            check("the child's status", outcome, CommandOutcome.Completed(0))
            val line = async(Dispatchers.Default) { coterm.readLine("> ") }
            Thread.sleep(300)
            console.inject(Records.press(0x0D, '\r'))
            check("the prompt after run", withTimeout(10_000) { line.await() }, "")
        }
        coterm.close()
    }

    /** The grandchild: reads two lines from the console (cooked mode) and writes them to [out]. */
    private fun echoTwoLines(out: Path) {
        val reader = System.`in`.bufferedReader()
        Files.createFile(Path.of("$out.ready"))
        val first = reader.readLine()
        val second = reader.readLine()
        Files.writeString(out, "$first\n$second\n")
    }
}
