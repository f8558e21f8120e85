// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * The modifier keys held with a key: a bit set of [Shift], [Alt], [Ctrl] and [Meta].
 *
 * The bits are those of xterm's modifier parameter minus one (`CSI 1;5A` is Ctrl+Up because
 * 5 - 1 = 4 = [Ctrl]), so decoding a parameter is `Modifiers(param - 1)`.
 * Combine with [plus]: `Modifiers.Ctrl + Modifiers.Shift`.
 */
@JvmInline
public value class Modifiers(public val bits: Int) {
    /** True when every modifier in [other] is held. */
    public operator fun contains(other: Modifiers): Boolean = bits and other.bits == other.bits

    /** The modifiers of both sets. */
    public operator fun plus(other: Modifiers): Modifiers = Modifiers(bits or other.bits)

    /** These modifiers without those in [other]. */
    public operator fun minus(other: Modifiers): Modifiers = Modifiers(bits and other.bits.inv())

    /** True when no modifier is held. */
    public val isEmpty: Boolean get() = bits == 0

    override fun toString(): String =
        if (bits == 0) "None" else NAMES.filter { (bit, _) -> bits and bit != 0 }.joinToString("+") { it.second }

    public companion object {
        /** No modifier. */
        public val None: Modifiers = Modifiers(0)

        /** The Shift key. */
        public val Shift: Modifiers = Modifiers(1)

        /** The Alt key (Option on macOS); a key preceded by ESC in a terminal. */
        public val Alt: Modifiers = Modifiers(2)

        /** The Control key. */
        public val Ctrl: Modifiers = Modifiers(4)

        /** The Meta key, reported by few terminals (xterm's modifier bit 8). */
        public val Meta: Modifiers = Modifiers(8)

        private val NAMES = listOf(4 to "Ctrl", 2 to "Alt", 1 to "Shift", 8 to "Meta")
    }
}
