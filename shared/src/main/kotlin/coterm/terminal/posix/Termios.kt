// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

/**
 * A copy of a whole `struct termios`, read and changed through a [TermiosLayout]. Pure: no
 * native calls, no mutation (every change returns a new value), so raw mode is arithmetic that
 * tests can check byte by byte.
 *
 * The struct is kept whole, not as a handful of fields, because restoring must give back
 * exactly what was saved, including fields coterm does not understand.
 */
internal class Termios(val layout: TermiosLayout, bytes: ByteArray) {
    private val bytes: ByteArray = bytes.copyOf()

    init {
        require(bytes.size == layout.size) {
            "a ${layout.name} termios is ${layout.size} bytes, got ${bytes.size}"
        }
    }

    /** A copy of the struct's bytes, ready for `tcsetattr`. */
    fun toByteArray(): ByteArray = bytes.copyOf()

    val iflag: Long get() = flag(layout.iflagOffset)
    val oflag: Long get() = flag(layout.oflagOffset)
    val cflag: Long get() = flag(layout.cflagOffset)
    val lflag: Long get() = flag(layout.lflagOffset)

    /** The control character at [index] of `c_cc`, 0..255. */
    fun cc(index: Int): Int {
        require(index in 0 until layout.nccs) { "c_cc index $index out of 0 until ${layout.nccs}" }
        return bytes[layout.ccOffset + index].toInt() and 0xff
    }

    /**
     * Raw mode as DESIGN 1.4 defines it: no line editing, echo, signal keys, extended input
     * processing or flow control (ICANON, ECHO, ECHONL, IEXTEN, ISIG, IXON cleared), no CR/NL
     * translation on input (ICRNL, INLCR, IGNCR cleared), `read` returns as soon as one byte is
     * there (VMIN = 1, VTIME = 0). OPOST stays as it was, so a `println` from user code still
     * starts at column 0. Every other bit and byte is unchanged.
     *
     * Compared with `cfmakeraw`: that also clears OPOST, ISTRIP, PARMRK and friends and forces
     * CS8; coterm changes only what it needs and restores exactly what it saved.
     */
    fun toRaw(): Termios {
        val l = layout
        val raw = bytes.copyOf()
        writeFlag(raw, l.lflagOffset, lflag and (l.icanon or l.echo or l.echonl or l.iexten or l.isig).inv())
        writeFlag(raw, l.iflagOffset, iflag and (l.ixon or l.icrnl or l.inlcr or l.igncr).inv())
        raw[l.ccOffset + l.vmin] = 1
        raw[l.ccOffset + l.vtime] = 0
        return Termios(l, raw)
    }

    /** True when this struct is already raw in every way [toRaw] makes it raw. */
    fun isRaw(): Boolean {
        val l = layout
        return lflag and (l.icanon or l.echo or l.echonl or l.iexten or l.isig) == 0L &&
            iflag and (l.ixon or l.icrnl or l.inlcr or l.igncr) == 0L &&
            cc(l.vmin) == 1 && cc(l.vtime) == 0
    }

    override fun equals(other: Any?): Boolean =
        other is Termios && other.layout == layout && other.bytes.contentEquals(bytes)

    override fun hashCode(): Int = bytes.contentHashCode()

    override fun toString(): String =
        "Termios(${layout.name}, iflag=0x${iflag.toString(16)}, oflag=0x${oflag.toString(16)}, " +
            "cflag=0x${cflag.toString(16)}, lflag=0x${lflag.toString(16)})"

    private fun flag(offset: Int): Long {
        // Little-endian: every supported layout is (x86_64, aarch64, arm64).
        var value = 0L
        for (i in layout.flagSize - 1 downTo 0) {
            value = (value shl 8) or (bytes[offset + i].toLong() and 0xff)
        }
        return value
    }

    private fun writeFlag(target: ByteArray, offset: Int, value: Long) {
        for (i in 0 until layout.flagSize) {
            target[offset + i] = (value ushr (8 * i)).toByte()
        }
    }
}
