// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalException
import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.management.ManagementFactory
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/**
 * [PosixTerminal] when `poll` refuses its input, as macOS's does for `/dev/tty`, `/dev/null` and
 * every device but ptys: reads wait in `select` instead. On Linux the refusal is injected
 * ([RefusingPoll]); the `select`, the reads and the wake pipe are real.
 */
class PosixTerminalSelectTest : FunSpec({
    val layout = checkNotNull(TermiosLayout.current())
    lateinit var pty: PseudoTerminal
    lateinit var poll: RefusingPoll
    lateinit var terminal: PosixTerminal

    beforeTest {
        pty = PseudoTerminal.open()
        poll = RefusingPoll(pty.slave, layout)
        terminal = PosixTerminal(inputFd = pty.slave, outputFd = pty.slave, poll = poll)
    }

    afterTest {
        terminal.close()
        pty.close()
    }

    test("POLLNVAL on an open input switches reads to select, once and for good") {
        terminal.waitsInSelect.shouldBeFalse()
        terminal.read(ByteArray(16), 0) shouldBe 0
        terminal.waitsInSelect.shouldBeTrue()
        terminal.read(ByteArray(16), 0) shouldBe 0
        poll.calls shouldBe 1
    }

    test("bytes typed in raw mode are read through select, untranslated") {
        terminal.enterRawMode()
        val typed = byteArrayOf('a'.code.toByte(), '\r'.code.toByte(), 3, 0x1b, '['.code.toByte(), 'A'.code.toByte())
        pty.type(typed)
        readAtLeast(terminal, typed.size) shouldBe typed.toList()
        terminal.waitsInSelect.shouldBeTrue()
    }

    test("a read with a timeout returns 0 once the timeout has passed, and data that arrives in time") {
        val start = System.nanoTime()
        terminal.read(ByteArray(16), 200) shouldBe 0
        elapsedMillis(start) shouldBeGreaterThanOrEqual 190
        elapsedMillis(start) shouldBeLessThan 5_000
        terminal.enterRawMode()
        val read = inThread("reader") { terminal.read(ByteArray(16), 10_000) }
        pty.type(byteArrayOf('z'.code.toByte()))
        read.get(10, TimeUnit.SECONDS) shouldBe 1
    }

    test("wake() unblocks a read waiting in select without a timeout, which used no CPU while it waited") {
        val threads = ManagementFactory.getThreadMXBean()
        if (!threads.isCurrentThreadCpuTimeSupported) fail("thread CPU time is not measurable on this JVM")
        terminal.read(ByteArray(16), 0) shouldBe 0 // switches to select, warms up JNA and the wake pipe
        val read = inThread("idle reader") {
            val before = threads.currentThreadCpuTime
            val n = terminal.read(ByteArray(16), -1)
            Pair(n, threads.currentThreadCpuTime - before)
        }
        shouldThrow<TimeoutException> { read.get(500, TimeUnit.MILLISECONDS) }
        terminal.wake()
        val (n, nanos) = read.get(5, TimeUnit.SECONDS)
        n shouldBe 0
        TimeUnit.NANOSECONDS.toMillis(nanos) shouldBeLessThan 50
        terminal.waitsInSelect.shouldBeTrue()
    }

    test("close() wakes a reader in select; later reads return -1") {
        terminal.read(ByteArray(16), 0)
        val read = inThread("reader") { terminal.read(ByteArray(16), -1) }
        shouldThrow<TimeoutException> { read.get(200, TimeUnit.MILLISECONDS) }
        terminal.close()
        read.get(5, TimeUnit.SECONDS) shouldBe 0
        terminal.read(ByteArray(16), -1) shouldBe -1
    }

    test("the terminal going away is end of input through select, every time") {
        terminal.read(ByteArray(16), 0)
        pty.closeMaster()
        inThread("reader") { terminal.read(ByteArray(16), -1) }.get(5, TimeUnit.SECONDS) shouldBe -1
        inThread("reader") { terminal.read(ByteArray(16), -1) }.get(5, TimeUnit.SECONDS) shouldBe -1
    }

    test("/dev/null as input is not a terminal and is end of input at once, through poll and through select") {
        for (refused in listOf(false, true)) {
            val fd = PseudoTerminal.openFile("/dev/null", 0) // O_RDONLY
            fd shouldBeGreaterThan -1
            val devNull = PosixTerminal(inputFd = fd, outputFd = fd, poll = if (refused) RefusingPoll(fd, layout) else LibC::poll)
            try {
                devNull.isInteractive.shouldBeFalse()
                inThread("reader") { devNull.read(ByteArray(16), -1) }.get(5, TimeUnit.SECONDS) shouldBe -1
                inThread("reader") { devNull.read(ByteArray(16), -1) }.get(5, TimeUnit.SECONDS) shouldBe -1
                devNull.waitsInSelect shouldBe refused
            } finally {
                devNull.close()
                LibC.close(fd)
            }
        }
    }

    test("an input select cannot take (fd 1024 and up) fails with a message naming the descriptor and the limit") {
        val fds = IntArray(2)
        LibC.pipe(fds) shouldBe 0
        val high = LibC.fcntl(fds[0], F_DUPFD, 1500)
        val highTerminal = PosixTerminal(inputFd = high, outputFd = fds[1], poll = RefusingPoll(high, layout))
        try {
            (high >= 1500).shouldBeTrue()
            val error = shouldThrow<TerminalException> { highTerminal.read(ByteArray(16), 0) }
            error.message shouldContain "poll cannot wait on fd $high"
            error.message shouldContain "select cannot wait on fd $high"
            error.message shouldContain "0 to 1023"
        } finally {
            highTerminal.close()
            (fds.toList() + high).forEach { LibC.close(it) }
        }
    }
})

/** `F_DUPFD`, 0 on Linux and macOS: duplicates onto the lowest free descriptor from the argument up. */
private const val F_DUPFD = 0

/**
 * `poll` as macOS answers it for an input kqueue does not support: at once, POLLNVAL on [fd]'s
 * entry and nothing on the others. Counts its [calls].
 */
internal class RefusingPoll(private val fd: Int, private val layout: TermiosLayout) : (ByteArray, Int, Int) -> Int {
    @Volatile
    var calls = 0
        private set

    override fun invoke(fds: ByteArray, nfds: Int, timeoutMillis: Int): Int {
        calls++
        val view = ByteBuffer.wrap(fds).order(ByteOrder.nativeOrder())
        var ready = 0
        for (i in 0 until nfds) {
            val refused = view.getInt(i * 8) == fd
            view.putShort(i * 8 + 6, if (refused) layout.pollnval.toShort() else 0)
            if (refused) ready++
        }
        return ready
    }
}
