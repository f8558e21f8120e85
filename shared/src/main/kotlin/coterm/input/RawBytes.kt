// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * An immutable run of bytes as they were read from the terminal, compared by content.
 *
 * Every [InputEvent] that comes from bytes keeps them here, so nothing typed is lost even when
 * it cannot be understood.
 */
public class RawBytes private constructor(private val bytes: ByteArray) {
    /** The number of bytes. */
    public val size: Int get() = bytes.size

    /** The byte at [index]. */
    public operator fun get(index: Int): Byte = bytes[index]

    /** A copy of the bytes. */
    public fun toByteArray(): ByteArray = bytes.copyOf()

    override fun equals(other: Any?): Boolean = other is RawBytes && bytes.contentEquals(other.bytes)

    override fun hashCode(): Int = bytes.contentHashCode()

    /** The bytes in hex, for example `[1b 5b 41]`. */
    override fun toString(): String = bytes.joinToString(" ", "[", "]") { "%02x".format(it.toInt() and 0xff) }

    public companion object {
        /** No bytes. */
        public val Empty: RawBytes = RawBytes(ByteArray(0))

        /** A copy of [length] bytes of [source] from [offset]. */
        public fun of(source: ByteArray, offset: Int = 0, length: Int = source.size - offset): RawBytes =
            if (length == 0) Empty else RawBytes(source.copyOfRange(offset, offset + length))

        /** The given byte values (each taken modulo 256). */
        public fun of(vararg values: Int): RawBytes = RawBytes(ByteArray(values.size) { values[it].toByte() })
    }
}
