// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * The suggestion for the input in a [LineBuffer], kept up to date lazily: [current] recomputes
 * it only when the text changed since it last looked (the buffer's [LineBuffer.edits] count),
 * and [typed] carries it along for typing at the end without asking again (fish keeps the
 * suggestion while the typed characters are the ones it shows).
 *
 * With [SuggestionSource.History] the answer is the newest [history] entry that extends the
 * input; a scan (newest first, stopping at the first match) happens only when the input changes
 * otherwise, or typing leaves the matched entry. Input that no entry starts with stays without
 * a match as typing extends it, at no cost. Pure; not thread-safe.
 */
internal class Suggestions(private val source: SuggestionSource, private val history: History?) {
    /** The buffer's [LineBuffer.edits] the state is for; -1: unknown, recompute. */
    private var seen = -1L

    /** How many times the history was scanned: for tests of the cost. */
    var scans: Int = 0
        private set

    /** The rest suggested after the input; null: none. */
    private var suffix: String? = null

    /** True when no suggestion can extend the input: no history entry starts with it, or it is too long. */
    private var hopeless = false

    /** The suggestion for [buffer]'s text: the rest to add at its end, never empty; null when none. */
    fun current(buffer: LineBuffer): String? {
        if (seen != buffer.edits) recompute(buffer)
        return suffix
    }

    /** Forgets what was worked out (the history changed under it). */
    fun invalidate() {
        seen = -1
    }

    /**
     * [text] was just inserted at the end of [buffer], as one edit, after the buffer was what
     * the state is for: keeps the suggestion when it went on with [text], else works it out
     * again on the next [current] (or knows there is none).
     */
    fun typed(buffer: LineBuffer, text: CharSequence) {
        if (seen != buffer.edits - 1) return
        val rest = suffix
        if (rest == null) {
            // No entry starts with the input: none starts with more of it either.
            if (hopeless) seen = buffer.edits
            return
        }
        if (rest.length > text.length && rest.startsWith(text)) {
            suffix = rest.substring(text.length)
            seen = buffer.edits
        }
    }

    private fun recompute(buffer: LineBuffer) {
        seen = buffer.edits
        suffix = null
        hopeless = false
        val n = buffer.length
        if (n == 0) return
        if (n > MAX_INPUT) {
            hopeless = true
            return
        }
        val text = buffer.text
        if (source === SuggestionSource.History) {
            val h = history ?: return
            scans++
            var i = h.size - 1
            while (i >= 0) {
                val e = h[i]
                if (e.length > n && e.startsWith(text)) {
                    suffix = e.substring(n)
                    return
                }
                i--
            }
            hopeless = true
            return
        }
        suffix = try {
            source.suggest(text)?.takeIf { it.isNotEmpty() }
        } catch (e: Exception) {
            null
        }
    }

    companion object {
        /** No suggestion for longer input (the highlighter's limit too). */
        const val MAX_INPUT: Int = 65_536

        /** The first word of [suffix], as Alt+F would move over it: non-word characters, then word characters. */
        fun firstWord(suffix: String): String {
            var i = 0
            while (i < suffix.length && !Character.isLetterOrDigit(suffix.codePointAt(i))) i += Character.charCount(suffix.codePointAt(i))
            while (i < suffix.length && Character.isLetterOrDigit(suffix.codePointAt(i))) i += Character.charCount(suffix.codePointAt(i))
            return suffix.substring(0, i)
        }
    }
}
