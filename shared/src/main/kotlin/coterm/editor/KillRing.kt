// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * The text killed (cut) while editing, newest first, for Ctrl+Y and Alt+Y. Pure state, confined
 * to its line editor.
 *
 * As in readline and Emacs, kills that follow each other with nothing in between add to the same
 * entry: two Ctrl+W presses take back two words with one Ctrl+Y. Killing backwards adds in
 * front, killing forwards adds behind, so the entry reads as the text did. The pieces of a
 * growing entry are kept apart and joined only when it is yanked, so holding Ctrl+W down on a
 * long line costs each press the word it kills, not a copy of all that was killed before.
 *
 * Bounded in bytes, not in entries: [bytes] counts two bytes a char (UTF-16, the worst case) and
 * [ENTRY_OVERHEAD] an entry (a piece of a growing entry counts as one), and the oldest entries are
 * forgotten first when a kill goes over [budgetBytes]. The newest entry is always kept whole,
 * even when it alone is larger than the budget: readline and JLine never cut a kill, and a Ctrl+Y
 * that gave back less than the Ctrl+U took would lose text. Such an entry is at most a whole line
 * (the editor's line limit bounds it), and the next kill forgets it. The default of
 * [DEFAULT_BUDGET_BYTES] (4 MiB) is far more than a person kills by hand.
 */
internal class KillRing(private val budgetBytes: Long = DEFAULT_BUDGET_BYTES) {
    init {
        require(budgetBytes >= 0) { "budgetBytes must not be negative: $budgetBytes" }
    }

    /** One entry: its text, in pieces (front to back) while kills add to it, joined on first use. */
    private class Entry(first: String) {
        val pieces = ArrayDeque<String>().apply { add(first) }
        var bytes: Long = cost(first)

        fun add(text: String, inFront: Boolean) {
            if (inFront) pieces.addFirst(text) else pieces.addLast(text)
            bytes += cost(text)
        }

        fun text(): String {
            if (pieces.size > 1) {
                val whole = pieces.joinToString("")
                pieces.clear()
                pieces.add(whole)
                bytes = cost(whole)
            }
            return pieces.first()
        }
    }

    private val entries = ArrayDeque<Entry>()
    private var yankIndex = 0

    /** What the entries cost, by the accounting above: at most [budgetBytes], or the newest entry's cost when that alone is more. */
    var bytes: Long = 0
        private set

    val isEmpty: Boolean get() = entries.isEmpty()

    /** How many entries there are. */
    val size: Int get() = entries.size

    /** Records killed [text]; [append] joins it to the newest entry ([backwards]: in front). */
    fun kill(text: String, append: Boolean, backwards: Boolean) {
        if (text.isEmpty()) return
        val newest = entries.firstOrNull()
        if (append && newest != null) {
            bytes -= newest.bytes
            newest.add(text, inFront = backwards)
            bytes += newest.bytes
        } else {
            val entry = Entry(text)
            entries.addFirst(entry)
            bytes += entry.bytes
        }
        while (bytes > budgetBytes && entries.size > 1) bytes -= entries.removeLast().bytes
        yankIndex = 0
    }

    /** The newest entry, for Ctrl+Y; null when nothing was killed. */
    fun yank(): String? {
        yankIndex = 0
        return entries.firstOrNull()?.let(::textOf)
    }

    /** The entry before the one yanked last, cycling round, for Alt+Y. */
    fun rotate(): String? {
        if (entries.isEmpty()) return null
        yankIndex = (yankIndex + 1) % entries.size
        return textOf(entries[yankIndex])
    }

    private fun textOf(entry: Entry): String {
        bytes -= entry.bytes
        val text = entry.text()
        bytes += entry.bytes
        return text
    }

    companion object {
        /** The default budget: 4 MiB, 2 million chars. */
        const val DEFAULT_BUDGET_BYTES: Long = 4L * 1024 * 1024

        /** What one entry (or one piece of a growing entry) is counted as, in bytes, beyond its text. */
        const val ENTRY_OVERHEAD: Long = 48

        private fun cost(text: String): Long = ENTRY_OVERHEAD + 2L * text.length
    }
}
