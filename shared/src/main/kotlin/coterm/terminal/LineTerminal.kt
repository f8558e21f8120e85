// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import java.io.InputStream
import java.io.OutputStream
import java.io.PrintStream

/**
 * The fallback when no native terminal is available: plain bytes from [input] to [output], no raw
 * mode, no size. SIGINT and SIGTERM still reach the console through the JVM ([ProcessSignals]),
 * so Ctrl+C cancels the running command here too instead of killing the program.
 *
 * Limitation: [read] blocks in [InputStream.read], which [wake] cannot interrupt; a wake only
 * makes the next read return at once. This fallback is used only where no platform terminal
 * (which can be woken) is available, and the reader thread that blocks here is a daemon.
 */
public class LineTerminal(
    private val input: InputStream = System.`in`,
    private val output: OutputStream = System.out,
) : Terminal {
    @Volatile
    private var woken = false

    override val isInteractive: Boolean get() = false

    override val isOutputTerminal: Boolean get() = false

    override fun enterRawMode(): RawMode = throw IllegalStateException("standard input is not a terminal")

    override fun size(): TerminalSize? = null

    override fun read(buffer: ByteArray, timeoutMillis: Long): Int {
        if (woken) {
            woken = false
            return 0
        }
        return input.read(buffer, 0, buffer.size).let { if (it < 0) -1 else it }
    }

    override fun wake() {
        woken = true
    }

    override fun write(bytes: ByteArray, offset: Int, length: Int) {
        output.write(bytes, offset, length)
    }

    override fun flush() {
        output.flush()
        (output as? PrintStream)?.checkError()
    }

    override fun onSignal(listener: SignalListener): AutoCloseable = ProcessSignals.install(listener)

    override fun close() {
        flush()
    }
}
