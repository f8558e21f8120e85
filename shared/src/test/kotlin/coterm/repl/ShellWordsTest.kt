// SPDX-License-Identifier: Apache-2.0
package coterm.repl

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll

class ShellWordsTest : FunSpec({
    data class Case(val input: String, val commands: List<List<String>>, val texts: List<String>, val complete: Boolean = true)

    context("words, commands and completeness") {
        withData(
            nameFn = { "[" + it.input.replace("\n", "\\n") + "]" },
            ts = listOf(
                Case("echo hello world", listOf(listOf("echo", "hello", "world")), listOf("echo hello world")),
                Case("  echo   spaced\t", listOf(listOf("echo", "spaced")), listOf("echo   spaced")),
                Case("", emptyList(), emptyList()),
                Case("one\ntwo  2\n\n", listOf(listOf("one"), listOf("two", "2")), listOf("one", "two  2")),
                Case("echo 'a  b' c", listOf(listOf("echo", "a  b", "c")), listOf("echo 'a  b' c")),
                Case("echo ''", listOf(listOf("echo", "")), listOf("echo ''")),
                Case("echo \"a \\\" \\\\ \\$ \\` \\q\"", listOf(listOf("echo", "a \" \\ $ ` \\q")), listOf("echo \"a \\\" \\\\ \\$ \\` \\q\"")),
                Case("echo a\\ b \\'", listOf(listOf("echo", "a b", "'")), listOf("echo a\\ b \\'")),
                Case("echo one \\\ntwo", listOf(listOf("echo", "one", "two")), listOf("echo one  two")),
                Case("echo 'open", listOf(listOf("echo", "open")), listOf("echo 'open"), complete = false),
                Case("echo \"open\nline", listOf(listOf("echo", "open\nline")), listOf("echo \"open\nline"), complete = false),
                Case("echo trailing\\", listOf(listOf("echo", "trailing")), listOf("echo trailing"), complete = false),
                Case("echo \"trailing\\", listOf(listOf("echo", "trailing")), listOf("echo \"trailing"), complete = false),
                Case("echo é 中 😀", listOf(listOf("echo", "é", "中", "😀")), listOf("echo é 中 😀")),
                Case("echo a\u00a0b", listOf(listOf("echo", "a", "b")), listOf("echo a\u00a0b")),
            ),
        ) { case ->
            val parsed = ShellWords.parse(case.input)
            parsed.map { it.words } shouldBe case.commands
            parsed.map { it.text } shouldBe case.texts
            ShellWords.isComplete(case.input) shouldBe case.complete
        }
    }

    test("a 100,000-character paste is one word, copied whole") {
        val line = "echo " + "x".repeat(100_000)
        ShellWords.isComplete(line) shouldBe true
        ShellWords.parse(line) shouldBe listOf(ShellWords.Command(listOf("echo", "x".repeat(100_000)), line, "x".repeat(100_000)))
    }

    context("the text after the command's name, as typed, however the name is quoted") {
        withData(
            nameFn = { "[$it]" },
            listOf(
                "greet a  b" to "a  b",
                "'greet' a b" to "a b",
                "h\\elp x" to "x",
                "\"gr\"eet 'x y'" to "'x y'",
                "say \"C:\\dir\"" to "\"C:\\dir\"",
                "  alone  " to "",
            ),
        ) { (input, argumentText) ->
            ShellWords.parse(input).single().argumentText shouldBe argumentText
        }
    }

    test("the same words, texts and completeness as the character-by-character scanner") {
        val pieces = listOf("a", "bc", "x", "é", "中", "😀", " ", "  ", "\t", "\n", "\r", "\u00a0", "'", "\"", "\\", "\$", "`", "\\\n", "\\\"")
        checkAll(3000, Arb.list(Arb.element(pieces), 0..30).map { it.joinToString("") }) { input ->
            withClue(input.replace("\n", "\\n")) {
                ShellWords.parse(input) shouldBe ReferenceShellWords.parse(input)
                ShellWords.isComplete(input) shouldBe ReferenceShellWords.isComplete(input)
            }
        }
    }
})

/** The scanner as it was before runs were copied in bulk: one character at a time. The reference for the property test. */
private object ReferenceShellWords {
    fun isComplete(input: String): Boolean = scan(input).complete

    fun parse(input: String): List<ShellWords.Command> = scan(input).commands

    private class Scan(val commands: List<ShellWords.Command>, val complete: Boolean)

    private fun scan(input: String): Scan {
        val commands = ArrayList<ShellWords.Command>()
        val words = ArrayList<String>()
        val word = StringBuilder()
        val text = StringBuilder()
        var inWord = false
        var quote: Char? = null
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
                commands += ShellWords.Command(words.toList(), typed.trim(), typed.substring(nameEnd).trim())
            }
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
                        // A backslash that escapes nothing is kept, in the word and in the text.
                        if (c == '\\') text.append(c)
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
