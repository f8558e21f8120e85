// SPDX-License-Identifier: Apache-2.0
package coterm.render

import com.github.ajalt.colormath.Color
import com.github.ajalt.colormath.model.Ansi16
import com.github.ajalt.colormath.model.Ansi256
import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextStyle

/**
 * The SGR sequence that starts a Mordant [TextStyle] on a terminal of a given [AnsiLevel]:
 * bold, dim, italic, underline, inverse, strikethrough and the two colours, each colour brought
 * down to what the level shows (Mordant's own conversion). Hyperlinks are left out: a line being
 * edited is not a place for them. An empty string when the style shows nothing at that level
 * (always at [AnsiLevel.NONE]).
 */
internal object StyleCodes {
    /** SGR 2, faint: how a suggestion shows. */
    const val DIM: String = "\u001b[2m"

    fun of(style: TextStyle, level: AnsiLevel): String {
        if (level == AnsiLevel.NONE) return ""
        val params = StringBuilder()
        fun add(p: String) {
            if (params.isNotEmpty()) params.append(';')
            params.append(p)
        }
        if (style.bold == true) add("1")
        if (style.dim == true) add("2")
        if (style.italic == true) add("3")
        if (style.underline == true) add("4")
        if (style.inverse == true) add("7")
        if (style.strikethrough == true) add("9")
        style.color?.let { add(color(it, level, background = false)) }
        style.bgColor?.let { add(color(it, level, background = true)) }
        return if (params.isEmpty()) "" else "\u001b[${params}m"
    }

    private fun color(color: Color, level: AnsiLevel, background: Boolean): String {
        if (color is Ansi16) return (color.code + if (background) 10 else 0).toString()
        return when (level) {
            AnsiLevel.NONE, AnsiLevel.ANSI16 -> (color.toAnsi16().code + if (background) 10 else 0).toString()
            AnsiLevel.ANSI256 -> (if (background) "48;5;" else "38;5;") + (color as? Ansi256 ?: color.toAnsi256()).code
            AnsiLevel.TRUECOLOR -> {
                if (color is Ansi256) return (if (background) "48;5;" else "38;5;") + color.code
                val rgb = color.toSRGB().clamp()
                (if (background) "48;2;" else "38;2;") + "${rgb.redInt};${rgb.greenInt};${rgb.blueInt}"
            }
        }
    }
}
