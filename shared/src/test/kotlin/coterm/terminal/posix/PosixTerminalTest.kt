// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalSize
import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.lang.management.ManagementFactory
import java.util.concurrent.TimeUnit

/** [PosixTerminal] in a real pseudo-terminal that the test opens and drives from the master side. */
class PosixTerminalTest : FunSpec({
    lateinit var pty: PseudoTerminal
    lateinit var terminal: PosixTerminal

    beforeTest {
        pty = PseudoTerminal.open()
        terminal = PosixTerminal(inputFd = pty.slave, outputFd = pty.slave)
    }

    afterTest {
        terminal.close()
        pty.close()
    }

    test("a pseudo-terminal is interactive for input and output") {
        terminal.isInteractive.shouldBeTrue()
        terminal.isOutputTerminal.shouldBeTrue()
    }

    test("size() is unknown for a 0x0 terminal and follows TIOCSWINSZ on the master") {
        terminal.size().shouldBeNull()
        pty.resize(columns = 100, rows = 40)
        terminal.size() shouldBe TerminalSize(columns = 100, rows = 40)
        pty.resize(columns = 80, rows = 24)
        terminal.size() shouldBe TerminalSize(columns = 80, rows = 24)
    }

    test("enterRawMode clears exactly the raw-mode flags and close restores the saved bytes") {
        val before = pty.slaveAttributes()
        before.isRaw().shouldBeFalse()
        val rawMode = terminal.enterRawMode()
        val during = pty.slaveAttributes()
        during shouldBe before.toRaw()
        during.oflag shouldBe before.oflag
        rawMode.close()
        pty.slaveAttributes() shouldBe before
    }

    test("raw mode can be entered again after close; close is idempotent; nesting is refused") {
        val before = pty.slaveAttributes()
        val first = terminal.enterRawMode()
        shouldThrow<IllegalStateException> { terminal.enterRawMode() }
        first.close()
        first.close()
        pty.slaveAttributes() shouldBe before
        val second = terminal.enterRawMode()
        pty.slaveAttributes() shouldBe before.toRaw()
        second.close()
        pty.slaveAttributes() shouldBe before
    }

    test("pause writes the saved state back; resume enters raw mode from it, not from what a child left") {
        val layout = checkNotNull(TermiosLayout.current())
        val before = pty.slaveAttributes()
        val rawMode = terminal.enterRawMode()
        rawMode.pause()
        pty.slaveAttributes() shouldBe before
        // A child crashes in a raw mode of its own: no echo, no line editing, no output processing.
        val crashed = before.toRaw().toByteArray()
        crashed[layout.oflagOffset] = (crashed[layout.oflagOffset].toInt() and layout.opost.toInt().inv()).toByte()
        LibC.tcsetattr(pty.slave, layout.tcsanow, crashed) shouldBe 0
        pty.slaveAttributes() shouldNotBe before.toRaw()
        rawMode.resume()
        pty.slaveAttributes() shouldBe before.toRaw()
        // And once more, closing while the child's state is on the terminal.
        rawMode.pause()
        LibC.tcsetattr(pty.slave, layout.tcsanow, crashed) shouldBe 0
        rawMode.close()
        pty.slaveAttributes() shouldBe before
        rawMode.resume()
        pty.slaveAttributes() shouldBe before
    }

    test("resume clears the O_NONBLOCK a child left on the terminal's open file") {
        val layout = checkNotNull(TermiosLayout.current())
        val rawMode = terminal.enterRawMode()
        rawMode.pause()
        val flags = LibC.fcntl(pty.slave, layout.fGetfl)
        LibC.fcntl(pty.slave, layout.fSetfl, flags or layout.oNonblock) shouldBe 0
        rawMode.resume()
        LibC.fcntl(pty.slave, layout.fGetfl) and layout.oNonblock shouldBe 0
        rawMode.close()
    }

    test("writes to a terminal left non-blocking wait for room (EAGAIN) and arrive whole and in order") {
        val layout = checkNotNull(TermiosLayout.current())
        val flags = LibC.fcntl(pty.slave, layout.fGetfl)
        LibC.fcntl(pty.slave, layout.fSetfl, flags or layout.oNonblock) shouldBe 0
        val data = ByteArray(1 shl 20) { ('a'.code + it % 26).toByte() }
        val written = inThread("writer") {
            terminal.write(data, 0, data.size)
            terminal.flush()
        }
        // Reading starts once the writer has begun; 1 MiB does not fit in the terminal's buffer,
        // so the writer meets a full buffer (EAGAIN) again and again while it is drained.
        PseudoTerminal.pollIn(pty.master, 10_000).shouldBeTrue()
        val screen = inThread("screen") { pty.readScreen(data.size, timeoutMillis = 60_000) }
        written.get(60, TimeUnit.SECONDS)
        screen.get(60, TimeUnit.SECONDS).toList() shouldBe data.toList()
    }

    test("closing the terminal restores raw mode that is still active") {
        val before = pty.slaveAttributes()
        terminal.enterRawMode()
        terminal.close()
        pty.slaveAttributes() shouldBe before
        shouldThrow<IllegalStateException> { terminal.enterRawMode() }
    }

    test("read returns the bytes typed on the master, untranslated in raw mode") {
        terminal.enterRawMode()
        pty.type(byteArrayOf('a'.code.toByte(), '\r'.code.toByte(), 3, 0x1a))
        readAtLeast(terminal, 4) shouldBe byteArrayOf('a'.code.toByte(), '\r'.code.toByte(), 3, 0x1a).toList()
    }

    test("raw mode keeps OPOST: a newline written reaches the screen as CR LF") {
        terminal.enterRawMode()
        terminal.write("x\n".toByteArray())
        terminal.flush()
        pty.readScreen(3).toList() shouldBe "x\r\n".toByteArray().toList()
    }

    test("writes larger than the terminal's buffer arrive whole and in order") {
        val data = ByteArray(200_000) { ('a'.code + it % 26).toByte() }
        val screen = inThread("screen") { pty.readScreen(data.size, timeoutMillis = 20_000) }
        terminal.write(data, 0, data.size)
        terminal.flush()
        screen.get(30, TimeUnit.SECONDS).toList() shouldBe data.toList()
    }

    test("wake() from another thread unblocks a read that has no timeout") {
        val read = inThread("reader") { terminal.read(ByteArray(16), -1) }
        Thread.sleep(200)
        read.isDone.shouldBeFalse()
        val woken = System.nanoTime()
        terminal.wake()
        read.get(5, TimeUnit.SECONDS) shouldBe 0
        elapsedMillis(woken) shouldBeLessThan 1_000
    }

    test("a wake() before read makes the next read return 0 at once, and only that one") {
        terminal.wake()
        terminal.wake()
        val start = System.nanoTime()
        terminal.read(ByteArray(16), 10_000) shouldBe 0
        elapsedMillis(start) shouldBeLessThan 1_000
        val second = System.nanoTime()
        terminal.read(ByteArray(16), 300) shouldBe 0
        elapsedMillis(second) shouldBeGreaterThanOrEqual 250
    }

    test("read with a timeout returns 0 when nothing arrives, and data that arrives in time") {
        val start = System.nanoTime()
        terminal.read(ByteArray(16), 200) shouldBe 0
        elapsedMillis(start) shouldBeGreaterThanOrEqual 190
        terminal.read(ByteArray(16), 0) shouldBe 0
        terminal.enterRawMode()
        val read = inThread("reader") { terminal.read(ByteArray(16), 5_000) }
        Thread.sleep(100)
        pty.type(byteArrayOf('z'.code.toByte()))
        read.get(5, TimeUnit.SECONDS) shouldBe 1
    }

    test("closing the master gives end of input (-1), every time, without blocking") {
        pty.closeMaster()
        inThread("reader") { terminal.read(ByteArray(16), -1) }.get(5, TimeUnit.SECONDS) shouldBe -1
        inThread("reader") { terminal.read(ByteArray(16), -1) }.get(5, TimeUnit.SECONDS) shouldBe -1
    }

    test("an idle read uses no CPU: one blocked for a second costs less than 50 ms of thread time") {
        val threads = ManagementFactory.getThreadMXBean()
        if (!threads.isCurrentThreadCpuTimeSupported) fail("thread CPU time is not measurable on this JVM")
        val cpu = inThread("idle reader") {
            terminal.read(ByteArray(16), 0) // warm up JNA and the wake pipe first
            val before = threads.currentThreadCpuTime
            val n = terminal.read(ByteArray(16), -1)
            Pair(n, threads.currentThreadCpuTime - before)
        }
        Thread.sleep(1_000)
        cpu.isDone.shouldBeFalse()
        terminal.wake()
        val (n, nanos) = cpu.get(5, TimeUnit.SECONDS)
        n shouldBe 0
        TimeUnit.NANOSECONDS.toMillis(nanos) shouldBeLessThan 50
    }

    test("close() wakes a blocked reader; later reads return -1 and wake() does nothing") {
        val read = inThread("reader") { terminal.read(ByteArray(16), -1) }
        Thread.sleep(200)
        terminal.close()
        read.get(5, TimeUnit.SECONDS) shouldBe 0
        terminal.read(ByteArray(16), -1) shouldBe -1
        terminal.wake()
        terminal.close()
    }

    test("a pipe is not a terminal: no raw mode, no size, but reads until end of input") {
        val fds = IntArray(2)
        LibC.pipe(fds) shouldBe 0
        val pipeTerminal = PosixTerminal(inputFd = fds[0], outputFd = fds[1])
        try {
            pipeTerminal.isInteractive.shouldBeFalse()
            pipeTerminal.isOutputTerminal.shouldBeFalse()
            pipeTerminal.size().shouldBeNull()
            shouldThrow<IllegalStateException> { pipeTerminal.enterRawMode() }
            pipeTerminal.write("hello".toByteArray())
            pipeTerminal.flush()
            readAtLeast(pipeTerminal, 5) shouldBe "hello".toByteArray().toList()
            pipeTerminal.read(ByteArray(16), 50) shouldBe 0
            LibC.close(fds[1])
            pipeTerminal.read(ByteArray(16), -1) shouldBe -1
            pipeTerminal.read(ByteArray(16), -1) shouldBe -1
        } finally {
            pipeTerminal.close()
            LibC.close(fds[0])
        }
    }

    test("an empty buffer is refused rather than mistaken for end of input") {
        shouldThrow<IllegalArgumentException> { terminal.read(ByteArray(0), 0) }
    }

    test("the provider opens a PosixTerminal over fd 0 and 1 on this platform") {
        TermiosLayout.current() shouldNotBe null
        val opened = PosixTerminalProvider().load()
        opened.shouldBeInstanceOf<PosixTerminal>()
        opened.close()
    }
})
