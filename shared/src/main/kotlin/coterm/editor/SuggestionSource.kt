// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * Where fish-style suggestions come from: given the input typed so far, the rest to suggest
 * after it, drawn dim after the cursor until accepted (Right, End or Ctrl+E accept it all,
 * Alt+F one word) or typed over. Set it with [coterm.console.LineOptions.suggestions];
 * [History] suggests from the console's history.
 *
 * ```kotlin
 * val hosts = listOf("deploy production", "deploy staging")
 * val source = SuggestionSource { text -> hosts.firstOrNull { it.startsWith(text) }?.substring(text.length) }
 * console.readLine("> ", LineOptions(suggestions = source))
 * ```
 *
 * **When it runs**: on the console's thread, before a redraw after the input changed (not after
 * a motion), and only while the cursor is at the end of non-empty input no longer than
 * [coterm.console.Highlighter.MAX_LENGTH] chars, with no search on: keep it fast. While typing
 * goes on with the characters the suggestion shows, it is kept, not asked again. Null or an
 * empty string: no suggestion; an exception counts as none.
 *
 * Java callers implement it as a lambda (`text -> ...`); it is a plain, non-suspending call.
 */
public fun interface SuggestionSource {
    /** The text to suggest after [text] (the whole input; the cursor is at its end), or null. */
    public fun suggest(text: String): String?

    /** Sources. */
    public companion object {
        /**
         * The newest entry of the console's history that starts with the input (and is longer):
         * the rest of it. Cost: a scan of the history, newest first, when the input changes
         * other than by typing at its end, or when typing leaves the entry suggested; typing on
         * with the suggested characters, or after input no entry starts with, costs O(1) per key
         * whatever the history's size. Asked directly (outside a console) it suggests nothing.
         */
        @JvmField
        public val History: SuggestionSource = SuggestionSource { null }
    }
}
