// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers

/**
 * The line editor's incremental history search (Ctrl+R, Ctrl+S): the keys while it is on, what
 * they do to the query and to the line shown, and how it ends. Its state is an
 * [IncrementalSearch], null when no search is on. Pure, confined to its line editor.
 *
 * | search key | effect |
 * |---|---|
 * | a character, a paste | added to the query; the nearest match from the current one is shown |
 * | Backspace | the last character of the query removed; searched again from the start |
 * | Ctrl+R / Ctrl+S | the next older / newer match (an empty query reuses the previous search's) |
 * | Enter | the match is submitted |
 * | Ctrl+G, Escape | the search is abandoned: the line is back as it was |
 * | Ctrl+C | the line is discarded, as always (the editor answers it before asking here) |
 * | any other key | the search ends with the match in the line, and the key does what it does ([otherKey]) |
 *
 * @param otherKey the editor's own handling of a key, for a key that ends the search.
 */
internal class HistorySearch(
    private val history: History?,
    private val buffer: LineBuffer,
    private val keyMap: KeyMap,
    private val walk: HistoryWalk,
    private val otherKey: (InputEvent.Key) -> EditResult,
) {
    /** The search on, or null. */
    var state: IncrementalSearch? = null
        private set

    /** The last search's query, which Ctrl+R with an empty query searches for again. */
    private var lastQuery = ""

    /** Begins a search from history position [from], in the given direction; nothing is shown changed until a key comes. */
    fun start(backwards: Boolean, from: Int) {
        state = IncrementalSearch("", backwards, match = null, failed = false, from, buffer.text, buffer.cursor)
    }

    /** Moves the indices of the search on by [shift] entries read in front of the history (see [HistoryWalk.followOlderEntries]). */
    fun shift(shift: Int) {
        state = state?.let { it.copy(match = it.match?.plus(shift), start = it.start + shift) }
    }

    /** Handles [event] while a search is on (see the table). */
    fun handleKey(event: InputEvent.Key): EditResult {
        val state = state!!
        val key = event.key
        val command = keyMap.commandFor(key, event.modifiers)
        return when {
            command == EditCommand.ReverseSearch || command == EditCommand.ForwardSearch -> {
                val backwards = command == EditCommand.ReverseSearch
                val query = state.query.ifEmpty { lastQuery }
                val from = state.match ?: state.start
                find(state.copy(query = query, backwards = backwards), from, inclusive = false)
            }
            key == KeyCode.Backspace || (key == KeyCode.Char('h'.code) && event.modifiers == Modifiers.Ctrl) -> {
                if (state.query.isEmpty()) return EditResult.Editing(changed = false)
                val shorter = state.query.substring(0, state.query.offsetByCodePoints(state.query.length, -1))
                find(state.copy(query = shorter, match = null, failed = false), state.start, inclusive = false)
            }
            key == KeyCode.Escape || (key == KeyCode.Char('g'.code) && event.modifiers == Modifiers.Ctrl) -> {
                this.state = null
                buffer.set(state.original, state.originalCursor)
                EditResult.Editing(changed = true)
            }
            command == null && key is KeyCode.Char && (event.modifiers - Modifiers.Shift).isEmpty ->
                extend(String(Character.toChars(key.codePoint)))
            else -> {
                end(state)
                val result = otherKey(event)
                if (result is EditResult.Editing) EditResult.Editing(changed = true) else result
            }
        }
    }

    /** Adds [text] (a typed character, a paste) to the query and shows the nearest match. */
    fun extend(text: String): EditResult {
        val state = state!!
        // A longer query cannot match where a shorter one failed: no need to scan the history again.
        if (state.failed) {
            this.state = state.copy(query = state.query + text)
            return EditResult.Editing(changed = true)
        }
        return find(state.copy(query = state.query + text), state.match ?: state.start, inclusive = state.match != null)
    }

    /** Searches for [state]'s query from history index [from] in its direction and shows the match. */
    private fun find(state: IncrementalSearch, from: Int, inclusive: Boolean): EditResult {
        val entries = history!!
        val found = when {
            state.query.isEmpty() -> null
            state.backwards -> entries.searchBackward(state.query, if (inclusive) from + 1 else from)
            else -> entries.searchForward(state.query, if (inclusive) from - 1 else from)
        }
        this.state = when {
            found != null -> state.copy(match = found, failed = false)
            state.query.isEmpty() -> state.copy(match = null, failed = false)
            else -> state.copy(failed = true)
        }
        val shown = this.state!!.match
        if (found != null) {
            val text = entries[found]
            val at = if (state.backwards) text.lastIndexOf(state.query) else text.indexOf(state.query)
            buffer.set(text, at.coerceAtLeast(0))
        } else if (shown == null) {
            buffer.set(state.original, state.originalCursor)
        }
        return EditResult.Editing(changed = true)
    }

    /** Leaves the search with the match in the line; Up and Down go on from there. */
    private fun end(state: IncrementalSearch) {
        this.state = null
        if (state.query.isNotEmpty()) lastQuery = state.query
        val match = state.match ?: return
        val entries = history ?: return
        // The line as it was before the search is what was typed over the entry we leave.
        val cursor = buffer.cursor
        walk.show(entries, match, current = state.original)
        buffer.set(entries[match], cursor)
    }
}
