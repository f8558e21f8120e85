// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent
import java.io.ByteArrayOutputStream

/**
 * The virtual-terminal input path: with `ENABLE_VIRTUAL_TERMINAL_INPUT` the console host sends
 * what a terminal would send (escape sequences, bracketed paste markers) as the characters of
 * key-down records. This turns those characters (each repeated [InputRecord.Key.repeatCount]
 * times, surrogate pairs joined, a lone half as U+FFFD) into UTF-8 bytes for the shared
 * `InputDecoder`; buffer-size and focus records still become events, and a VT_CANCEL key-down
 * (Ctrl+Break) an [InputEvent.Interrupt]. Key-up records carry nothing here.
 *
 * Pure; the only state between batches is a pending high surrogate, so the bytes are the same
 * however the records are split into batches. Not thread-safe.
 */
internal class VtRecordTranslator {
    private var pendingHigh = '\u0000'

    fun translate(records: List<InputRecord>): List<ConsoleInput> {
        val out = ArrayList<ConsoleInput>()
        val bytes = ByteArrayOutputStream()
        fun flushBytes() {
            if (bytes.size() > 0) out += ConsoleInput.Bytes(bytes.toByteArray())
            bytes.reset()
        }
        for (record in records) {
            when (record) {
                is InputRecord.Key -> {
                    if (!record.keyDown) continue
                    if (record.virtualKeyCode == VirtualKeys.VK_CANCEL) {
                        flushBytes()
                        out += ConsoleInput.Event(InputEvent.Interrupt)
                        continue
                    }
                    val c = record.char
                    if (c == '\u0000') continue
                    repeat(if (record.repeatCount <= 0) 1 else record.repeatCount) { unit(c, bytes) }
                }
                is InputRecord.WindowBufferSize -> {
                    flushBytes()
                    out += ConsoleInput.Event(InputEvent.Resize(record.columns, record.rows))
                }
                is InputRecord.Focus -> {
                    flushBytes()
                    out += ConsoleInput.Event(InputEvent.Focus(record.setFocus))
                }
                is InputRecord.Mouse, is InputRecord.Menu, is InputRecord.Other -> Unit
            }
        }
        flushBytes()
        return out
    }

    /** A lone high surrogate still held, as U+FFFD; for the end of input. */
    fun flush(): List<ConsoleInput> {
        if (pendingHigh == '\u0000') return emptyList()
        pendingHigh = '\u0000'
        return listOf(ConsoleInput.Bytes(REPLACEMENT))
    }

    private fun unit(c: Char, out: ByteArrayOutputStream) {
        when {
            Character.isHighSurrogate(c) -> {
                if (pendingHigh != '\u0000') out.write(REPLACEMENT)
                pendingHigh = c
            }
            Character.isLowSurrogate(c) -> {
                if (pendingHigh != '\u0000') {
                    out.write(String(charArrayOf(pendingHigh, c)).toByteArray(Charsets.UTF_8))
                    pendingHigh = '\u0000'
                } else {
                    out.write(REPLACEMENT)
                }
            }
            else -> {
                if (pendingHigh != '\u0000') {
                    out.write(REPLACEMENT)
                    pendingHigh = '\u0000'
                }
                // ASCII is its own UTF-8: no String and byte array for each character of a paste.
                if (c.code < 0x80) out.write(c.code) else out.write(c.toString().toByteArray(Charsets.UTF_8))
            }
        }
    }

    private companion object {
        val REPLACEMENT: ByteArray = "\uFFFD".toByteArray(Charsets.UTF_8)
    }
}
