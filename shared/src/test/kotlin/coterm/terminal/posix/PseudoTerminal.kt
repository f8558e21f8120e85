// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import com.sun.jna.NativeLibrary
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * A real pseudo-terminal opened by the test itself (`posix_openpt`, `grantpt`, `unlockpt`,
 * `ptsname`, then the slave with O_RDWR | O_NOCTTY so it never becomes the JVM's controlling
 * terminal). The code under test gets [slave]; the test plays the terminal emulator on [master].
 */
internal class PseudoTerminal private constructor(val master: Int, val slave: Int) : AutoCloseable {
    private val layout = checkNotNull(TermiosLayout.current())
    private var masterOpen = true
    private var slaveOpen = true

    /** The slave's termios as the kernel has it now. */
    fun slaveAttributes(): Termios {
        val bytes = ByteArray(layout.size)
        check(LibC.tcgetattr(slave, bytes) == 0) { "tcgetattr failed: errno ${LibC.errno()}" }
        return Termios(layout, bytes)
    }

    /** Types [bytes] as if on the keyboard. */
    fun type(bytes: ByteArray) {
        check(LibC.write(master, bytes, bytes.size) == bytes.size.toLong()) { "write to master failed: errno ${LibC.errno()}" }
    }

    /** Reads what the program wrote to the terminal until [count] bytes came or [timeoutMillis] passed. */
    fun readScreen(count: Int, timeoutMillis: Long = 5_000): ByteArray {
        val out = ByteArrayOutputStream()
        val deadline = System.nanoTime() + timeoutMillis * 1_000_000
        val buffer = ByteArray(4096)
        while (out.size() < count) {
            val left = (deadline - System.nanoTime()) / 1_000_000
            if (left <= 0 || !pollIn(master, left.toInt())) break
            val n = LibC.read(master, buffer, minOf(buffer.size, count - out.size()))
            if (n <= 0) break
            out.write(buffer, 0, n.toInt())
        }
        return out.toByteArray()
    }

    /** What a terminal emulator does when its window is resized. */
    fun resize(columns: Int, rows: Int) {
        val winsize = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
            .putShort(0, rows.toShort()).putShort(2, columns.toShort()).array()
        check(LibC.ioctl(master, layout.tiocswinsz, winsize) == 0) { "TIOCSWINSZ failed: errno ${LibC.errno()}" }
    }

    /** The terminal emulator goes away. */
    fun closeMaster() {
        if (masterOpen) {
            masterOpen = false
            LibC.close(master)
        }
    }

    override fun close() {
        closeMaster()
        if (slaveOpen) {
            slaveOpen = false
            LibC.close(slave)
        }
    }

    companion object {
        private val process by lazy { NativeLibrary.getProcess() }

        fun open(): PseudoTerminal {
            val layout = checkNotNull(TermiosLayout.current())
            val flags = layout.oRdwr or layout.oNoctty
            val master = process.getFunction("posix_openpt").invokeInt(arrayOf(flags))
            check(master >= 0) { "posix_openpt failed: errno ${LibC.errno()}" }
            check(process.getFunction("grantpt").invokeInt(arrayOf(master)) == 0) { "grantpt failed" }
            check(process.getFunction("unlockpt").invokeInt(arrayOf(master)) == 0) { "unlockpt failed" }
            val name = checkNotNull(process.getFunction("ptsname").invokeString(arrayOf(master), false)) { "ptsname failed" }
            val slave = openFile(name, flags)
            check(slave >= 0) { "open($name) failed: errno ${LibC.errno()}" }
            return PseudoTerminal(master, slave)
        }

        /** `open(path, flags)`: `open(const char *, int, ...)` has two fixed arguments. */
        fun openFile(path: String, flags: Int): Int =
            process.getFunction("open", LibC.variadicCallFlags(2)).invokeInt(arrayOf<Any>(path, flags))

        fun pollIn(fd: Int, timeoutMillis: Int): Boolean {
            val layout = checkNotNull(TermiosLayout.current())
            val pollfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .putInt(0, fd).putShort(4, layout.pollin.toShort()).array()
            return LibC.poll(pollfd, 1, timeoutMillis) > 0
        }
    }
}
