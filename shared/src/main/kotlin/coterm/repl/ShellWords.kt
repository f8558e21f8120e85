// SPDX-License-Identifier: Apache-2.0
package coterm.repl

/**
 * Splits REPL input into commands and words the way a POSIX shell does, without expansions:
 * whitespace separates words; `'...'` is literal; `"..."` is literal except that a backslash
 * escapes `"`, `\`, `$` and `` ` ``; outside quotes a backslash escapes any character; a
 * backslash before a newline joins the lines; any other newline outside quotes ends a command.
 * Pure.
 *
 * Input is complete ([isComplete]) unless a quote is still open or the input ends with a
 * backslash: the REPL then shows a continuation prompt, as a shell does.
 */
internal object ShellWords {
    /**
     * One command: its [words], its [text] as typed (continuation lines joined) and, of that
     * text, what follows the first word ([argumentText]), quotes and escapes as typed.
     */
    data class Command(val words: List<String>, val text: String, val argumentText: String)

    /**
     * True when no quote is open and the input does not end with an escaping backslash. Called on
     * every Enter, so it builds nothing: input without quotes or backslashes (nearly every line,
     * and a large paste) is answered by three scans for those characters.
     */
    fun isComplete(input: String): Boolean {
        if (input.indexOf('\\') < 0 && input.indexOf('\'') < 0 && input.indexOf('"') < 0) return true
        var quote: Char? = null
        var i = 0
        while (i < input.length) {
            val c = input[i]
            when {
                quote == '\'' -> if (c == '\'') quote = null
                quote == '"' -> when {
                    c == '"' -> quote = null
                    c == '\\' && i + 1 == input.length -> return false
                    c == '\\' && input[i + 1] in DOUBLE_QUOTE_ESCAPES -> i++
                }
                c == '\\' -> if (i + 1 == input.length) return false else i++
                c == '\'' || c == '"' -> quote = c
            }
            i++
        }
        return quote == null
    }

    /** The commands in [input], blank ones left out; an unclosed quote runs to the end. */
    fun parse(input: String): List<Command> {
        val commands = ArrayList<Command>()
        val words = ArrayList<String>()
        val word = StringBuilder()
        val text = StringBuilder()
        var inWord = false
        var quote: Char? = null
        /** Where the first word ends in [text]. */
        var nameEnd = 0
        var i = 0
        fun endWord() {
            if (inWord) {
                if (words.isEmpty()) nameEnd = text.length
                words += word.toString()
            }
            word.setLength(0)
            inWord = false
        }
        fun endCommand() {
            endWord()
            if (words.isNotEmpty()) {
                val typed = text.toString()
                commands += Command(words.toList(), typed.trim(), typed.substring(nameEnd).trim())
            }
            words.clear()
            text.setLength(0)
        }
        while (i < input.length) {
            val c = input[i]
            when {
                quote == '\'' -> {
                    // Everything up to the closing quote is literal: copied as one run.
                    val close = input.indexOf('\'', i).let { if (it < 0) input.length else it }
                    word.append(input, i, close)
                    text.append(input, i, close)
                    if (close < input.length) {
                        quote = null
                        text.append('\'')
                    }
                    i = close
                }
                quote == '"' -> {
                    if (c == '"') {
                        quote = null
                    } else if (c == '\\' && i + 1 < input.length && input[i + 1] in DOUBLE_QUOTE_ESCAPES) {
                        if (input[i + 1] != '\n') word.append(input[i + 1])
                        text.append(c).append(input[i + 1])
                        i++
                    } else if (c == '\\' && i + 1 == input.length) {
                        endCommand()
                        return commands
                    } else if (c == '\\') {
                        // Not an escape here: the backslash is part of the word, and of the text.
                        word.append(c)
                        text.append(c)
                    } else {
                        val end = runEnd(input, i) { it != '"' && it != '\\' }
                        word.append(input, i, end)
                        text.append(input, i, end)
                        i = end - 1
                    }
                    if (c == '"') text.append(c)
                }
                c == '\\' -> {
                    if (i + 1 == input.length) {
                        endCommand()
                        return commands
                    }
                    val next = input[i + 1]
                    if (next != '\n') {
                        word.append(next)
                        inWord = true
                        text.append(c).append(next)
                    } else {
                        text.append(' ')
                    }
                    i++
                }
                c == '\'' || c == '"' -> {
                    quote = c
                    inWord = true
                    text.append(c)
                }
                c == '\n' -> endCommand()
                c.isWhitespace() -> {
                    endWord()
                    text.append(c)
                }
                else -> {
                    // A run of ordinary characters is copied at once: a large paste is one run.
                    val end = runEnd(input, i, ::isOrdinary)
                    word.append(input, i, end)
                    inWord = true
                    text.append(input, i, end)
                    i = end - 1
                }
            }
            i++
        }
        endCommand()
        return commands
    }

    /** Characters a backslash escapes inside double quotes (a backslash before a newline joins lines). */
    private const val DOUBLE_QUOTE_ESCAPES = "\"\\$`\n"

    /** An unquoted character that neither quotes, escapes, separates words nor ends a command. */
    private fun isOrdinary(c: Char): Boolean =
        if (c in '!'..'~') c != '\\' && c != '\'' && c != '"' else c != '\n' && !c.isWhitespace()

    /** The index after the run of characters from [start] that [inRun] accepts (at least [start] + 1). */
    private inline fun runEnd(input: String, start: Int, inRun: (Char) -> Boolean): Int {
        var end = start + 1
        while (end < input.length && inRun(input[end])) end++
        return end
    }
}
