// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * What the user typed while moving through the history, so that nothing typed is lost by going
 * Up and back Down (as in readline): the [draft] (the input being written, kept when Up first
 * leaves it) and the edited text of history entries recalled and changed, until the input is
 * submitted. Pure state, confined to its line editor.
 *
 * Bounded in bytes: the edits of recalled entries count two bytes a char (UTF-16, the worst case)
 * and [ENTRY_OVERHEAD] each, and when they go over [budgetBytes] the edits stored longest ago are
 * forgotten first (those entries show as the history has them again). The edit stored last is
 * always kept, even when it alone is larger than the budget, and so is the draft: both are text
 * the user is working on, each at most one line (the editor's line limit bounds them), so memory
 * stays within the budget plus two lines. The default of [DEFAULT_BUDGET_BYTES] (4 MiB) is more
 * than a person edits by hand across a history.
 */
internal class HistoryEdits(private val budgetBytes: Long = DEFAULT_BUDGET_BYTES) {
    init {
        require(budgetBytes >= 0) { "budgetBytes must not be negative: $budgetBytes" }
    }

    /** The input being written, as it was when Up left it; empty until then. */
    var draft: String = ""

    /** Edited entries by history index, the one stored longest ago first. */
    private val edits = LinkedHashMap<Int, String>()

    /** What the edits cost, by the accounting above (the draft is not counted). */
    var bytes: Long = 0
        private set

    /** How many edited entries are kept. */
    val size: Int get() = edits.size

    /** The edited text of history entry [index], or null when it was not edited (or was forgotten). */
    operator fun get(index: Int): String? = edits[index]

    /** Keeps [text] as the edit of entry [index], replacing an earlier one; the oldest edits go when over the budget. */
    operator fun set(index: Int, text: String) {
        remove(index)
        edits[index] = text
        bytes += cost(text)
        val oldest = edits.entries.iterator()
        while (bytes > budgetBytes && edits.size > 1) {
            bytes -= cost(oldest.next().value)
            oldest.remove()
        }
    }

    /** Forgets the edit of entry [index] (it is as the history has it). */
    fun remove(index: Int) {
        val old = edits.remove(index) ?: return
        bytes -= cost(old)
    }

    /** Older entries were inserted in front of the history: every edited entry's index moves by [by], in the same order. */
    fun shift(by: Int) {
        if (by == 0 || edits.isEmpty()) return
        val moved = edits.entries.map { (index, text) -> index + by to text }
        edits.clear()
        moved.forEach { (index, text) -> edits[index] = text }
    }

    companion object {
        /** The default budget: 4 MiB, 2 million chars. */
        const val DEFAULT_BUDGET_BYTES: Long = 4L * 1024 * 1024

        /** What one edit is counted as, in bytes, beyond its text (map entry, boxed key). */
        const val ENTRY_OVERHEAD: Long = 64

        private fun cost(text: String): Long = ENTRY_OVERHEAD + 2L * text.length
    }
}
