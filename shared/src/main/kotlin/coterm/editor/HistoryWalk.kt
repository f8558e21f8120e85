// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * The line editor's place in the [history] (Up and Down, Alt+< and Alt+>) and what was typed
 * over the entries it passed: lines recalled and edited keep their edits until the input is
 * submitted, as in readline ([HistoryEdits]). Showing an entry puts it into [buffer] and clears
 * [undo]: undo does not reach across entries. Pure state, confined to its line editor.
 */
internal class HistoryWalk(
    private val history: History?,
    private val buffer: LineBuffer,
    private val undo: UndoHistory,
) {
    /** Where in [history] the line is: `history.size` is the input being written. */
    var index: Int = history?.size ?: 0
        private set

    /** The draft and what was typed over recalled entries. */
    private val edits = HistoryEdits()

    /** [History.olderInserted] when the indices here were last brought up to date. */
    private var olderSeen = history?.olderInserted ?: 0

    /**
     * Entries read from the history file after this line began (the file is read in the
     * background) went in front of the others: every index kept here moves up by as many.
     * Returns by how many (0: none came), for the indices kept elsewhere.
     */
    fun followOlderEntries(): Int {
        val entries = history ?: return 0
        val shift = entries.olderInserted - olderSeen
        if (shift == 0) return 0
        olderSeen = entries.olderInserted
        index += shift
        edits.shift(shift)
        return shift
    }

    /** [History.newerAdded] and [History.dropped] when [index] was last brought up to date. */
    private var newerSeen = history?.newerAdded ?: 0
    private var droppedSeen = history?.dropped ?: 0

    /**
     * Entries other sessions appended to a shared history file arrived at the end (see
     * [History.addNewer]): the input being written stays after the newest entry, and an entry
     * shown stays the same entry, unless the oldest were dropped past it. Returns whether the
     * index moved.
     */
    fun followNewerEntries(): Boolean {
        val entries = history ?: return false
        val added = entries.newerAdded - newerSeen
        if (added == 0) return false
        val drop = entries.dropped - droppedSeen
        val wasDraft = index >= entries.size - added + drop
        newerSeen = entries.newerAdded
        droppedSeen = entries.dropped
        index = if (wasDraft) entries.size else (index - drop).coerceAtLeast(0)
        if (!wasDraft && drop != 0) edits.shift(-drop)
        return true
    }

    /** Shows entry [to] (`history.size`: the input being written); false when there is none, or it is shown already. */
    fun goTo(to: Int): Boolean {
        val entries = history ?: return false
        if (to < 0 || to > entries.size || to == index) return false
        show(entries, to)
        return true
    }

    /** Keeps [current] as what was typed over the current entry, then shows entry [to] with the cursor at its end. */
    fun show(entries: History, to: Int, current: String = buffer.text) {
        if (index >= entries.size) edits.draft = current
        else if (current != entries[index]) edits[index] = current
        else edits.remove(index)
        index = to
        buffer.set(if (to >= entries.size) edits.draft else edits[to] ?: entries[to])
        undo.clear()
    }
}
