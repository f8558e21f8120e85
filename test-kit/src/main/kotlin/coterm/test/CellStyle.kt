// SPDX-License-Identifier: Apache-2.0
package coterm.test

/**
 * How one cell of a [VirtualScreen] is drawn: the SGR attributes in force when its character
 * was written. Colours are kept as the SGR parameters that chose them, so a test compares them
 * with what it expects Mordant to send: `"31"` (red), `"91"` (bright red), `"38;5;208"` (a
 * 256-colour index), `"38;2;255;0;0"` (true colour); null is the terminal's default colour.
 *
 * Blank cells, and cells erased with `ESC[K` or `ESC[J`, are [PLAIN].
 */
public class CellStyle @JvmOverloads constructor(
    /** SGR 1. */
    public val bold: Boolean = false,
    /** SGR 2 (dim). */
    public val faint: Boolean = false,
    /** SGR 3. */
    public val italic: Boolean = false,
    /** SGR 4 (any underline style). */
    public val underline: Boolean = false,
    /** SGR 7 (reverse video). */
    public val inverse: Boolean = false,
    /** SGR 9. */
    public val strikethrough: Boolean = false,
    /** The foreground's SGR parameters (`"31"`, `"38;5;208"`), or null for the default colour. */
    public val foreground: String? = null,
    /** The background's SGR parameters (`"44"`, `"48;2;0;0;0"`), or null for the default colour. */
    public val background: String? = null,
) {
    /** True when nothing is set: the terminal's default look. */
    public val isPlain: Boolean get() = this == PLAIN

    override fun equals(other: Any?): Boolean = other is CellStyle && bold == other.bold && faint == other.faint &&
        italic == other.italic && underline == other.underline && inverse == other.inverse &&
        strikethrough == other.strikethrough && foreground == other.foreground && background == other.background

    override fun hashCode(): Int = listOf(bold, faint, italic, underline, inverse, strikethrough, foreground, background).hashCode()

    /** The attributes that are set, e.g. `CellStyle(bold, fg=31)`; `CellStyle(plain)` when none. */
    override fun toString(): String {
        val set = listOfNotNull(
            "bold".takeIf { bold }, "faint".takeIf { faint }, "italic".takeIf { italic },
            "underline".takeIf { underline }, "inverse".takeIf { inverse }, "strikethrough".takeIf { strikethrough },
            foreground?.let { "fg=$it" }, background?.let { "bg=$it" },
        )
        return "CellStyle(" + (if (set.isEmpty()) "plain" else set.joinToString(", ")) + ")"
    }

    /** The plain style. */
    public companion object {
        /** No attribute, default colours. */
        @JvmField
        public val PLAIN: CellStyle = CellStyle()
    }
}

/** SGR (`ESC[…m`) applied to the pen of a [VirtualScreen]. */
internal object Sgr {
    private fun CellStyle.with(
        bold: Boolean = this@with.bold,
        faint: Boolean = this@with.faint,
        italic: Boolean = this@with.italic,
        underline: Boolean = this@with.underline,
        inverse: Boolean = this@with.inverse,
        strikethrough: Boolean = this@with.strikethrough,
        foreground: String? = this@with.foreground,
        background: String? = this@with.background,
    ): CellStyle = CellStyle(bold, faint, italic, underline, inverse, strikethrough, foreground, background)

    /** The style after `ESC[${params}m` on [style], or null when a parameter is not understood. */
    fun apply(style: CellStyle, params: String): CellStyle? {
        val codes = if (params.isEmpty()) listOf("0") else params.split(';')
        var s = style
        var i = 0
        while (i < codes.size) {
            val code = codes[i]
            if (':' in code) {
                // ISO 8613-6 sub-parameters: 38:2::r:g:b, 38:5:n, 4:3 (curly underline).
                s = when (code.substringBefore(':')) {
                    "38" -> s.with(foreground = code)
                    "48" -> s.with(background = code)
                    "4" -> s.with(underline = code != "4:0")
                    else -> return null
                }
                i++
                continue
            }
            val n = if (code.isEmpty()) 0 else code.toIntOrNull() ?: return null
            when (n) {
                38, 48 -> {
                    val length = when (codes.getOrNull(i + 1)) {
                        "5" -> 3
                        "2" -> 5
                        else -> return null
                    }
                    if (i + length > codes.size) return null
                    val colour = codes.subList(i, i + length).joinToString(";")
                    s = if (n == 38) s.with(foreground = colour) else s.with(background = colour)
                    i += length
                    continue
                }
                else -> s = simple(s, n) ?: return null
            }
            i++
        }
        return s
    }

    private fun simple(s: CellStyle, n: Int): CellStyle? = when (n) {
        0 -> CellStyle.PLAIN
        1 -> s.with(bold = true)
        2 -> s.with(faint = true)
        3 -> s.with(italic = true)
        4, 21 -> s.with(underline = true)
        7 -> s.with(inverse = true)
        9 -> s.with(strikethrough = true)
        22 -> s.with(bold = false, faint = false)
        23 -> s.with(italic = false)
        24 -> s.with(underline = false)
        27 -> s.with(inverse = false)
        29 -> s.with(strikethrough = false)
        in 30..37, in 90..97 -> s.with(foreground = n.toString())
        39 -> s.with(foreground = null)
        in 40..47, in 100..107 -> s.with(background = n.toString())
        49 -> s.with(background = null)
        // Blink, hidden, overline and their resets: nothing a test of coterm's output looks at.
        5, 6, 8, 25, 28, 53, 55 -> s
        else -> null
    }
}
