// SPDX-License-Identifier: Apache-2.0
package coterm.console

import com.github.ajalt.mordant.rendering.TextStyle

/**
 * Colours the line being edited: given the whole input, returns [StyledSpan]s over it (UTF-16
 * indices of the text it was given), each with a Mordant [TextStyle]. Set it with
 * [LineOptions.highlighter].
 *
 * ```kotlin
 * val commands = setOf("help", "quit")
 * val highlighter = Highlighter { text ->
 *     val end = text.indexOf(' ').let { if (it < 0) text.length else it }
 *     val style = if (text.substring(0, end) in commands) TextStyles.bold.style else TextColors.red
 *     listOf(StyledSpan(0, end, style))
 * }
 * console.readLine("> ", LineOptions(highlighter = highlighter))
 * ```
 *
 * Styles only colour: the text and its cells on the screen stay what they are without them.
 * Text outside every span has the terminal's default style.
 *
 * **When it runs**: before each redraw of the line (once per batch of keys, not per key), on
 * the console's thread, so it should take well under a millisecond: keys wait while it runs.
 * It is not called for input longer than [MAX_LENGTH] chars (a huge paste costs nothing more),
 * nor when nothing would be styled: `NO_COLOR` set, output not a terminal, or
 * [ConsoleOptions.color] false. Colours are brought down to what the terminal shows (256 or 16
 * colours), as Mordant does.
 *
 * **Bad answers**: spans outside the text are clipped, empty ones ignored, and where spans
 * overlap the one that starts first keeps the overlap. An exception leaves the line unstyled
 * for that redraw.
 *
 * Compared with JLine: JLine's `Highlighter` returns an `AttributedString`, a second copy of
 * the line that may differ from it; here the answer can only style the text, never change it.
 */
public fun interface Highlighter {
    /** The styled parts of [text], the whole input (lines joined by `\n`), in any order. */
    public fun highlight(text: String): List<StyledSpan>

    /** Constants. */
    public companion object {
        /** Input longer than this many UTF-16 chars (64 Ki) is not highlighted. */
        public const val MAX_LENGTH: Int = 65_536
    }
}

/**
 * [style] from UTF-16 index [start] (inclusive) until [end] (exclusive) of the text given to a
 * [Highlighter]. Not checked here: a span out of the text is clipped when drawn.
 */
public class StyledSpan(public val start: Int, public val end: Int, public val style: TextStyle) {
    override fun equals(other: Any?): Boolean =
        other is StyledSpan && other.start == start && other.end == end && other.style == style

    override fun hashCode(): Int = (start * 31 + end) * 31 + style.hashCode()

    override fun toString(): String = "StyledSpan($start..$end, $style)"
}
