// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * The modifier keys held with a key: a set of [Shift], [Alt], [Ctrl] and [Meta].
 *
 * The bits are those of xterm's modifier parameter minus one (`CSI 1;5A` is Ctrl+Up because
 * 5 - 1 = 4 = [Ctrl]), so decoding a parameter is `Modifiers(param - 1)` in Kotlin and
 * [Modifiers.of] in Java. Combine with [plus]: `Modifiers.Ctrl + Modifiers.Shift`.
 *
 * Java tests them directly: `key.getModifiers().hasCtrl()`, `Modifiers.Ctrl.plus(Modifiers.Alt)`.
 *
 * There is one instance per combination (16 in all), made once: getting, combining or decoding
 * modifiers never allocates, so a key event costs nothing more for carrying them. Compare with
 * `==` (or `equals`); identity also holds, but is not promised.
 */
public class Modifiers private constructor(
    /** The set as xterm's bits: Shift 1, Alt 2, Ctrl 4, Meta 8. */
    public val bits: Int,
) {
    /** True when every modifier in [other] is held. */
    public operator fun contains(other: Modifiers): Boolean = bits and other.bits == other.bits

    /** The modifiers of both sets. */
    public operator fun plus(other: Modifiers): Modifiers = of(bits or other.bits)

    /** These modifiers without those in [other]. */
    public operator fun minus(other: Modifiers): Modifiers = of(bits and other.bits.inv())

    /** True when no modifier is held. */
    public val isEmpty: Boolean get() = bits == 0

    /** True when Shift is held (maybe with others). */
    public fun hasShift(): Boolean = bits and SHIFT != 0

    /** True when Alt (Option) is held (maybe with others). */
    public fun hasAlt(): Boolean = bits and ALT != 0

    /** True when Ctrl is held (maybe with others). */
    public fun hasCtrl(): Boolean = bits and CTRL != 0

    /** True when Meta is held (maybe with others). */
    public fun hasMeta(): Boolean = bits and META != 0

    override fun equals(other: Any?): Boolean = other is Modifiers && other.bits == bits

    override fun hashCode(): Int = bits

    /** The names joined by `+`, Ctrl first (`"Ctrl+Alt"`), or `"None"`. */
    override fun toString(): String =
        if (bits == 0) "None" else NAMES.filter { (bit, _) -> bits and bit != 0 }.joinToString("+") { it.second }

    /** The four modifiers and the sets made from them. */
    public companion object {
        private const val SHIFT = 1
        private const val ALT = 2
        private const val CTRL = 4
        private const val META = 8
        private val ALL = Array(16) { Modifiers(it) }
        private val NAMES = listOf(CTRL to "Ctrl", ALT to "Alt", SHIFT to "Shift", META to "Meta")

        /** No modifier. */
        @JvmField
        public val None: Modifiers = ALL[0]

        /** The Shift key. */
        @JvmField
        public val Shift: Modifiers = ALL[SHIFT]

        /** The Alt key (Option on macOS); a key preceded by ESC in a terminal. */
        @JvmField
        public val Alt: Modifiers = ALL[ALT]

        /** The Control key. */
        @JvmField
        public val Ctrl: Modifiers = ALL[CTRL]

        /** The Meta key, reported by few terminals (xterm's modifier bit 8). */
        @JvmField
        public val Meta: Modifiers = ALL[META]

        /**
         * The set whose xterm [bits] are given (Shift 1, Alt 2, Ctrl 4, Meta 8): the shared
         * instance, never a new one.
         *
         * @throws IllegalArgumentException when [bits] is outside 0..15.
         */
        @JvmStatic
        public fun of(bits: Int): Modifiers {
            require(bits in 0..15) { "modifier bits outside 0..15: $bits" }
            return ALL[bits]
        }

        /** `Modifiers(bits)`, as Kotlin code wrote it when this was a value class: the same as [of]. */
        @JvmSynthetic
        public operator fun invoke(bits: Int): Modifiers = of(bits)
    }
}
