// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.Completer
import coterm.editor.SuggestionSource

/**
 * How one [Console.readLine] reads its input: completion, multi-line input, history.
 *
 * ```kotlin
 * val options = LineOptions(
 *     completer = { request -> names.map(::Candidate) },
 *     isInputComplete = { text -> !text.endsWith("\\") },   // a trailing backslash continues
 * )
 * console.readLine("> ", options)
 * ```
 *
 * @property completer what Tab completes; null: Tab does nothing.
 * @property isInputComplete asked when Enter is pressed; when it says false, Enter inserts a
 *   newline and the input goes on with [continuationPrompt]. Null: Enter always submits. Pasted
 *   newlines never submit, whatever this says; Alt+Enter always inserts a newline.
 * @property continuationPrompt shown at the start of every line after the first; null: dots as
 *   wide as the prompt, as Python shows `...` after `>>>`.
 * @property addToHistory whether a submitted line goes into the history (false for a password
 *   or a yes/no question).
 * @property highlighter colours the input on every redraw (see [Highlighter]); null: plain.
 * @property suggestions where fish-style suggestions come from: the rest of a likely line is
 *   drawn dim after the cursor when it is at the end of the input; Right, End or Ctrl+E accept
 *   all of it, Alt+F one word, and typing on keeps or hides it. [SuggestionSource.History]
 *   suggests the newest history entry that starts with the input. Null (the default): none,
 *   so a program's prompts do not change unless it asks. Like highlighting, suggestions are
 *   not shown when nothing is styled (`NO_COLOR`, output not a terminal, `color = false`):
 *   undimmed, they could not be told from the input.
 */
public class LineOptions @JvmOverloads constructor(
    public val completer: Completer? = null,
    public val isInputComplete: InputCompleteness? = null,
    public val continuationPrompt: String? = null,
    public val addToHistory: Boolean = true,
    public val highlighter: Highlighter? = null,
    public val suggestions: SuggestionSource? = null,
) {
    /** Factories. */
    public companion object {
        /** No completion, single-line input, lines go into the history. */
        @JvmField
        public val Default: LineOptions = LineOptions()
    }
}

/**
 * Decides whether typed input is complete when Enter is pressed, or goes on on the next line:
 * an unclosed quote or bracket, a trailing backslash. See [LineOptions.isInputComplete].
 */
public fun interface InputCompleteness {
    /** True when [input] (all its lines, joined by `\n`) is ready to be submitted. */
    public fun isComplete(input: String): Boolean
}
