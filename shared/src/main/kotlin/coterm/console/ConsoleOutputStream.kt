// SPDX-License-Identifier: Apache-2.0
package coterm.console

import java.io.ByteArrayOutputStream
import java.io.OutputStream

/**
 * An [OutputStream] whose lines go above the prompt through a [ConsoleWriter]: what
 * [Console.captureSystemStreams] puts behind `System.out` and `System.err`. Bytes are held until
 * a newline (a partial line is printed on [close]); the bytes are UTF-8. Any thread.
 */
internal class ConsoleOutputStream(private val writer: ConsoleWriter) : OutputStream() {
    private val pending = ByteArrayOutputStream()

    @Synchronized
    override fun write(b: Int) {
        if (b == '\n'.code) emitLine() else pending.write(b)
    }

    @Synchronized
    override fun write(b: ByteArray, off: Int, len: Int) {
        var start = off
        val end = off + len
        for (i in off until end) {
            if (b[i] == '\n'.code.toByte()) {
                pending.write(b, start, i - start)
                emitLine()
                start = i + 1
            }
        }
        pending.write(b, start, end - start)
    }

    @Synchronized
    override fun close() {
        if (pending.size() > 0) emitLine()
    }

    private fun emitLine() {
        val line = pending.toString(Charsets.UTF_8).removeSuffix("\r")
        pending.reset()
        writer.printAbove(line)
    }

    companion object {
        /**
         * Routes `System.out` and `System.err` through [writer] until the returned handle is
         * closed, which puts the previous streams back and prints what is left of a partial line.
         */
        fun captureSystemStreams(writer: ConsoleWriter): AutoCloseable {
            val previousOut = System.out
            val previousErr = System.err
            val out = ConsoleOutputStream(writer)
            val err = ConsoleOutputStream(writer)
            System.setOut(java.io.PrintStream(out, true, Charsets.UTF_8))
            System.setErr(java.io.PrintStream(err, true, Charsets.UTF_8))
            return AutoCloseable {
                System.setOut(previousOut)
                System.setErr(previousErr)
                out.close()
                err.close()
            }
        }
    }
}
