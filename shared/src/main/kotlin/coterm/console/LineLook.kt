// SPDX-License-Identifier: Apache-2.0
package coterm.console

import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.TextStyle
import coterm.render.Ghost
import coterm.render.LineStyles
import coterm.render.StyleCodes

/**
 * How the line being edited looks beyond its text, for one prompt: the [highlighter]'s styles
 * and the suggestion's dim ghost, as the renderer takes them, at the terminal's colour [level].
 * At [AnsiLevel.NONE] there is neither ([styled] is false): the prompt then asks for no
 * suggestions at all, since undimmed they could not be told from the input.
 */
internal class LineLook(private val highlighter: Highlighter?, private val level: AnsiLevel) {
    /** Whether anything is styled. */
    val styled: Boolean get() = level != AnsiLevel.NONE

    /** The SGR codes of the styles seen, by style: a highlighter returns the same few styles every time. */
    private val codes = HashMap<Any, String>()

    /**
     * The last few styles looked up and their codes, compared by identity first: a highlighter
     * usually returns the same style objects (constants), and hashing a Mordant style (a data
     * class of several fields) for every span of every redraw cost more than the lookup itself.
     */
    private val recentStyles = arrayOfNulls<TextStyle>(RECENT)
    private val recentCodes = arrayOfNulls<String>(RECENT)
    private var nextRecent = 0

    /**
     * The styles of [text]: none without a highlighter, at no colour, past [Highlighter.MAX_LENGTH]
     * chars, or when the highlighter throws; its spans are clipped to the text.
     */
    fun styles(text: String): LineStyles? {
        val h = highlighter ?: return null
        if (!styled || text.isEmpty() || text.length > Highlighter.MAX_LENGTH) return null
        val spans = try {
            h.highlight(text)
        } catch (e: Exception) {
            return null
        }
        if (spans.isEmpty()) return null
        val builder = LineStyles.Builder(text.length)
        for (span in spans) builder.add(span.start, span.end, codeOf(span.style))
        return builder.build()
    }

    /** The SGR code of [style] at [level]: from [recentStyles] by identity, else from [codes]. */
    private fun codeOf(style: TextStyle): String {
        for (i in 0 until RECENT) {
            if (recentStyles[i] === style) return recentCodes[i]!!
        }
        if (codes.size > MAX_CODES) codes.clear()
        val code = codes.getOrPut(style) { StyleCodes.of(style, level) }
        recentStyles[nextRecent] = style
        recentCodes[nextRecent] = code
        nextRecent = (nextRecent + 1) % RECENT
        return code
    }

    /** The ghost that shows [suggestion], or null. */
    fun ghost(suggestion: String?): Ghost? =
        if (suggestion.isNullOrEmpty() || !styled) null else Ghost(suggestion, StyleCodes.DIM)

    companion object {
        /** Plain: no styles, no ghost. */
        val Plain: LineLook = LineLook(null, AnsiLevel.NONE)

        /** More styles than this, and the cache starts afresh (a highlighter making new ones every time). */
        private const val MAX_CODES = 256

        /** How many styles [recentStyles] keeps. */
        private const val RECENT = 8
    }
}
