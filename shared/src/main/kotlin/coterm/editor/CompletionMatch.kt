// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * What a completer's answer puts in the line, as readline does it: the only candidate that
 * matches (and a space when it is complete), else the candidates' longest common prefix. Pure.
 */
internal object CompletionMatch {
    /** The candidates that start with [word], each value once, in the completer's order. */
    fun matching(word: String, candidates: List<Candidate>): List<Candidate> =
        candidates.filter { it.value.startsWith(word) }.distinctBy { it.value }

    /** The text to put in place of the word for [matching] (not empty): see the object's KDoc. */
    fun replacement(matching: List<Candidate>): String =
        if (matching.size == 1) {
            matching[0].value + if (matching[0].complete) " " else ""
        } else {
            commonPrefix(matching.map { it.value })
        }

    /** The longest prefix all of [values] share, never ending inside a surrogate pair. */
    fun commonPrefix(values: List<String>): String {
        var prefix = values.first()
        for (v in values) {
            var i = 0
            while (i < prefix.length && i < v.length && prefix[i] == v[i]) i++
            if (i > 0 && i < prefix.length && prefix[i - 1].isHighSurrogate()) i--
            prefix = prefix.substring(0, i)
        }
        return prefix
    }
}
