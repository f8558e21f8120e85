// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.console.Highlighter
import coterm.console.LineOptions
import coterm.console.StyledSpan

/**
 * Highlighting for Java: returns the styled parts of the input; see [Highlighter] for when it
 * runs (before each redraw, on the console's thread: keep it fast) and what happens to bad
 * answers. It may throw a checked exception: the line is then unstyled for that redraw.
 *
 * ```java
 * BlockingHighlighter highlighter = text -> text.startsWith("help")
 *     ? List.of(new StyledSpan(0, 4, TextStyles.bold.getStyle()))
 *     : List.of();
 * String line = console.readLine("> ", BlockingHighlighter.options(highlighter));
 * ```
 */
public fun interface BlockingHighlighter {
    /** The styled parts of [text]; an exception counts as none. */
    @Throws(Exception::class)
    public fun highlight(text: String): List<StyledSpan>

    /** This highlighter as the console's [Highlighter]. */
    public fun asHighlighter(): Highlighter = Highlighter { text -> highlight(text) }

    /** Factories for Java. */
    public companion object {
        /** Line options with [highlighter] and the other defaults. */
        @JvmStatic
        public fun options(highlighter: BlockingHighlighter): LineOptions =
            LineOptions(highlighter = highlighter.asHighlighter())
    }
}
