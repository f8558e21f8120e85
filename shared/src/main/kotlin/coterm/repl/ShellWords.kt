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
    /** One command: its [words] and its [text] as typed (continuation lines joined). */
    data class Command(val words: List<String>, val text: String)

    /** True when no quote is open and the input does not end with an escaping backslash. */
    fun isComplete(input: String): Boolean = scan(input).complete

    /** The commands in [input], blank ones left out; an unclosed quote runs to the end. */
    fun parse(input: String): List<Command> = scan(input).commands

    private class Scan(val commands: List<Command>, val complete: Boolean)

    private fun scan(input: String): Scan {
        val commands = ArrayList<Command>()
        val words = ArrayList<String>()
        val word = StringBuilder()
        val text = StringBuilder()
        var inWord = false
        var quote: Char? = null
        var i = 0
        fun endWord() {
            if (inWord) words += word.toString()
            word.setLength(0)
            inWord = false
        }
        fun endCommand() {
            endWord()
            if (words.isNotEmpty()) commands += Command(words.toList(), text.toString().trim())
            words.clear()
            text.setLength(0)
        }
        while (i < input.length) {
            val c = input[i]
            when {
                quote == '\'' -> {
                    if (c == '\'') quote = null else word.append(c)
                    text.append(c)
                }
                quote == '"' -> {
                    if (c == '"') {
                        quote = null
                    } else if (c == '\\' && i + 1 < input.length && input[i + 1] in "\"\\$`\n") {
                        if (input[i + 1] != '\n') word.append(input[i + 1])
                        text.append(c).append(input[i + 1])
                        i++
                    } else if (c == '\\' && i + 1 == input.length) {
                        return Scan(commands.also { endCommand() }, complete = false)
                    } else {
                        word.append(c)
                    }
                    if (c != '\\') text.append(c)
                }
                c == '\\' -> {
                    if (i + 1 == input.length) {
                        endCommand()
                        return Scan(commands, complete = false)
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
                    word.append(c)
                    inWord = true
                    text.append(c)
                }
            }
            i++
        }
        val complete = quote == null
        endCommand()
        return Scan(commands, complete)
    }
}
