// SPDX-License-Identifier: Apache-2.0
package coterm.app

import com.github.ajalt.mordant.rendering.TextColors
import com.github.ajalt.mordant.rendering.TextStyle
import com.github.ajalt.mordant.rendering.TextStyles
import coterm.console.Highlighter
import coterm.console.StyledSpan

/**
 * The demo shell's colours: on each line of the input, the first word in bold when [isCommand]
 * knows it and in red when not, and quoted strings in yellow (an unclosed quote to the end of
 * the input, as the shell would read it: Enter continues on the next line). Words are read as
 * the shell reads them: a backslash escapes the next character outside single quotes.
 */
internal class DemoHighlighter(private val isCommand: (String) -> Boolean) : Highlighter {
    override fun highlight(text: String): List<StyledSpan> {
        val spans = ArrayList<StyledSpan>()
        var i = 0
        var lineStart = true
        while (i < text.length) {
            val c = text[i]
            when {
                c == '\n' -> {
                    lineStart = true
                    i++
                }
                c == ' ' || c == '\t' -> i++
                c == '\'' || c == '"' -> {
                    val end = quoteEnd(text, i)
                    spans.add(StyledSpan(i, end, QUOTED))
                    lineStart = false
                    i = end
                }
                lineStart -> {
                    var end = i
                    while (end < text.length && !isWordEnd(text[end])) end += if (text[end] == '\\' && end + 1 < text.length) 2 else 1
                    val word = text.substring(i, minOf(end, text.length))
                    spans.add(StyledSpan(i, end, if (isCommand(word)) KNOWN else UNKNOWN))
                    lineStart = false
                    i = end
                }
                c == '\\' -> i += 2
                else -> i++
            }
        }
        return spans
    }

    /** The index after the quote that closes the one at [start], or the text's end when none does. */
    private fun quoteEnd(text: String, start: Int): Int {
        val quote = text[start]
        var i = start + 1
        while (i < text.length) {
            val c = text[i]
            if (c == quote) return i + 1
            i += if (c == '\\' && quote == '"') 2 else 1
        }
        return text.length
    }

    /**
     * Whether [c] ends a word. A `when`, not `c in " \t\n'\""`: that is a call chain into
     * `String.indexOf` per character, and the first word of a 10,000-character line is scanned on
     * every key (under C1 it made such a line's echo 1.8x a short line's; bench/probe.py).
     */
    private fun isWordEnd(c: Char): Boolean = when (c) {
        ' ', '\t', '\n', '\'', '"' -> true
        else -> false
    }

    private companion object {
        val KNOWN: TextStyle = TextStyles.bold.style
        val UNKNOWN: TextStyle = TextColors.red
        val QUOTED: TextStyle = TextColors.yellow
    }
}
