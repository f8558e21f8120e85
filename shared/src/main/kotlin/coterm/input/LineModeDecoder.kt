// SPDX-License-Identifier: Apache-2.0
package coterm.input

import java.io.ByteArrayOutputStream

/**
 * Decodes standard input that is not a terminal (a pipe, a file, an IDE's run window): each
 * line becomes a [InputEvent.Paste] of its text followed by an Enter key, so the line editor
 * takes it whole and control bytes in it are text, not keys.
 *
 * Lines end with LF; a CR before it is dropped. Invalid UTF-8 becomes U+FFFD. [flush] hands out
 * a last line that has no LF (as Python's `input()` does), followed by nothing else: the reader
 * adds [InputEvent.EndOfInput].
 */
internal class LineModeDecoder {
    private val line = ByteArrayOutputStream()

    fun feed(bytes: ByteArray, offset: Int, length: Int): List<InputEvent> {
        val events = ArrayList<InputEvent>()
        var start = offset
        val end = offset + length
        for (i in offset until end) {
            if (bytes[i] == '\n'.code.toByte()) {
                line.write(bytes, start, i - start)
                emitLine(events, newline = true)
                start = i + 1
            }
        }
        line.write(bytes, start, end - start)
        return events
    }

    fun flush(): List<InputEvent> {
        if (line.size() == 0) return emptyList()
        val events = ArrayList<InputEvent>(2)
        emitLine(events, newline = false)
        return events
    }

    private fun emitLine(events: MutableList<InputEvent>, newline: Boolean) {
        val raw = line.toByteArray()
        line.reset()
        var textEnd = raw.size
        if (textEnd > 0 && raw[textEnd - 1] == '\r'.code.toByte()) textEnd--
        val text = String(raw, 0, textEnd, Charsets.UTF_8)
        val lf = if (newline) RawBytes.of('\n'.code) else RawBytes.Empty
        if (text.isNotEmpty() || raw.isNotEmpty()) events += InputEvent.Paste(text, RawBytes.of(raw))
        events += InputEvent.Key(KeyCode.Enter, Modifiers.None, lf)
    }
}
