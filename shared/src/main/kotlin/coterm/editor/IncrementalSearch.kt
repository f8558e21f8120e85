// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.text.DisplayText

/**
 * The state of a Ctrl+R (or Ctrl+S) incremental history search. Pure state.
 *
 * [query] is what the user typed; [match] the history index shown, or null before anything
 * matched; [failed] says the last attempt found nothing (the prompt then says so, and the
 * previous match stays shown, as in readline). [start] is the history position the search began
 * from, and [original] the line to go back to when the search is abandoned (Ctrl+G, Escape).
 */
internal data class IncrementalSearch(
    val query: String,
    val backwards: Boolean,
    val match: Int?,
    val failed: Boolean,
    val start: Int,
    val original: String,
    val originalCursor: Int,
) {
    /** The prompt shown instead of the usual one, as readline shows it. */
    fun prompt(): String {
        val failedWord = if (failed) "failed " else ""
        val direction = if (backwards) "reverse-i-search" else "i-search"
        return "($failedWord$direction)'${DisplayText.sanitize(query)}': "
    }
}
