// SPDX-License-Identifier: Apache-2.0
package coterm.testing

/** Bytes from hex pairs ("c3 41") and quoted text ("'[A'"), for inputs that are not valid UTF-8. */
fun hex(spec: String): ByteArray =
    spec.split(' ').filter { it.isNotEmpty() }.flatMap { token ->
        if (token.startsWith("'")) token.trim('\'').toByteArray(Charsets.UTF_8).toList() else listOf(token.toInt(16).toByte())
    }.toByteArray()

/** Bytes spelled out for a test name or clue: ESC and SP by name, other printable ASCII as itself, the rest in hex. */
fun show(bytes: ByteArray): String = bytes.joinToString(" ") {
    when (val b = it.toInt() and 0xFF) {
        0x1B -> "ESC"
        0x20 -> "SP"
        in 0x21..0x7E -> b.toChar().toString()
        else -> "%02x".format(b)
    }
}
