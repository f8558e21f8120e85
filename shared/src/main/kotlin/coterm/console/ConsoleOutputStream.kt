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
}
