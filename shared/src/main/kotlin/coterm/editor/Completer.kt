// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * Supplies completions for Tab: given the line and the cursor, the candidates for the word before
 * the cursor.
 *
 * ```kotlin
 * val commands = Completer { request ->
 *     if (request.wordIndex == 0) listOf("help", "history", "quit").map(::Candidate) else emptyList()
 * }
 * console.readLine("> ", LineOptions(completer = commands))
 * ```
 *
 * The editor keeps only the candidates that start with [CompletionRequest.word], so a completer
 * may return every name it knows. Tab then inserts the candidates' common prefix (and a space
 * after a single, complete candidate); a second Tab opens a menu of them below the line (a
 * plain list above the prompt when the output is not a terminal). In the menu, Tab and Shift+Tab
 * and the arrow keys move the selection, which the line shows in place of the word; Enter keeps
 * it (and does not submit the line), Escape or Ctrl+G puts the line back as it was, and any other
 * key keeps it and then does what it does. Undo after that puts the word back.
 *
 * **Threads and cancellation**: [complete] runs in a coroutine of the console; it may suspend
 * (ask a server, read files). Ctrl+C while it runs cancels the completion only: the line stays
 * as it was. Keys typed while it runs wait for it (type-ahead), as with readline. Blocking
 * code should run in `runInterruptible(Dispatchers.IO) { ... }` so cancelling interrupts it; Java
 * callers implement [coterm.blocking.BlockingCompleter], which does exactly that.
 */
public fun interface Completer {
    /** The candidates for [request]'s word; an exception counts as no candidates. */
    public suspend fun complete(request: CompletionRequest): List<Candidate>
}

/**
 * What Tab asks a [Completer] to complete: the whole [text] and the [cursor] in it (a UTF-16
 * index). The word being completed runs from [wordStart] to the cursor: the characters before
 * the cursor back to the previous whitespace.
 */
public class CompletionRequest(public val text: String, public val cursor: Int) {
    init {
        require(cursor in 0..text.length) { "cursor $cursor outside the text (length ${text.length})" }
    }

    /** Where the word before the cursor starts. */
    public val wordStart: Int = run {
        var i = cursor
        while (i > 0 && !text[i - 1].isWhitespace()) i--
        i
    }

    /** The word before the cursor, which candidates replace; empty after a space. */
    public val word: String get() = text.substring(wordStart, cursor)

    /** The whitespace-separated words before [word] on its line, in order. */
    public val previousWords: List<String>
        get() = text.substring(text.lastIndexOf('\n', wordStart - 1) + 1, wordStart)
            .split(' ', '\t').filter { it.isNotEmpty() }

    /** The index of [word] among the line's words: 0 for the first word (a command name). */
    public val wordIndex: Int get() = previousWords.size

    override fun toString(): String = "CompletionRequest(word='$word', wordIndex=$wordIndex)"
}

/**
 * One completion: [value] replaces the word being completed. [description] is shown beside it
 * in the completion menu (cut to the screen's width, never wrapped; left out when the values
 * leave no room for it). When [complete] is true and it is the only candidate, or it is
 * accepted from the menu, a space follows it (false for a directory name, say, where more is to
 * come). Candidates with the same [group] are listed together in the menu under the group's
 * name as a header row, groups in the order they first appear; null: no header.
 *
 * ```kotlin
 * Candidate("status", "show the working tree status", group = "commands")
 * ```
 * ```java
 * new Candidate("status", "show the working tree status", true, "commands");
 * ```
 */
public data class Candidate @JvmOverloads constructor(
    public val value: String,
    public val description: String? = null,
    /** Java: `isComplete()`. */
    @get:JvmName("isComplete")
    public val complete: Boolean = true,
    /** The group the candidate is listed under in the menu, or null for none. */
    public val group: String? = null,
)
