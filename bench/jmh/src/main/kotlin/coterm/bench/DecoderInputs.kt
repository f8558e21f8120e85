// SPDX-License-Identifier: Apache-2.0
package coterm.bench

import java.io.ByteArrayOutputStream

/**
 * Inputs for the decoder benchmark, each exactly [SIZE] bytes (the paste [PASTE_SIZE]), so
 * that JMH's operations per second are bytes per second. Deterministic: the same bytes every
 * run.
 */
public object DecoderInputs {
    /** Bytes in every input but the paste. */
    public const val SIZE: Int = 64 * 1024

    /** Bytes in the bracketed paste input: 1 MiB of text plus its two markers. */
    public const val PASTE_SIZE: Int = 1024 * 1024 + 12

    private val escapes = listOf(
        "\u001b[A", "\u001b[B", "\u001b[C", "\u001b[D", "\u001b[1;5C", "\u001b[1;3D", "\u001bOP",
        "\u001b[15~", "\u001b[3~", "\u001b[H", "\u001b[F", "\u001b[24;2~", "\u001bb", "\u001b[I",
    )

    /** The input called [name]: `ascii`, `utf8` (2-, 3- and 4-byte characters), `escapes`, or `mixed`. */
    @JvmStatic
    public fun named(name: String): ByteArray = when (name) {
        "ascii" -> fill { i -> ('a' + i % 26).toString() + if (i % 9 == 8) " " else "" }
        "utf8" -> fill { i -> listOf("é", "ж", "語", "€", "😀", "ñ")[i % 6] }
        "escapes" -> fill { i -> escapes[i % escapes.size] }
        "mixed" -> fill { i ->
            when (i % 10) {
                in 0..5 -> ('a' + i % 26).toString()
                6 -> "é語"
                7 -> "😀"
                8 -> escapes[i % escapes.size]
                else -> "\r"
            }
        }
        else -> throw IllegalArgumentException("no input called $name")
    }

    /** `ESC[200~`, 1 MiB of printable text with line breaks, `ESC[201~`. */
    @JvmStatic
    public fun paste(): ByteArray {
        val body = ByteArray(PASTE_SIZE - 12) { i -> if (i % 80 == 79) '\n'.code.toByte() else ('a' + i % 26).code.toByte() }
        return "\u001b[200~".toByteArray() + body + "\u001b[201~".toByteArray()
    }

    /** Repeats [unit] until [SIZE] bytes; a unit cut at the end is held by the decoder and flushed. */
    private fun fill(unit: (Int) -> String): ByteArray {
        val out = ByteArrayOutputStream(SIZE + 16)
        var i = 0
        while (out.size() < SIZE) out.write(unit(i++).toByteArray(Charsets.UTF_8))
        return out.toByteArray().copyOf(SIZE)
    }
}
