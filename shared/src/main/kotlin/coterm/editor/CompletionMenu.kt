// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers

/** A step of the menu's selection; Up, Down, Left and Right follow the menu's layout ([CompletionMenu.navigation]). */
internal enum class MenuMove { Next, Previous, Up, Down, Left, Right }

/** Candidates [start] until [end] of a [CompletionMenu]'s [CompletionMenu.items], listed under [name] (null: no header). */
internal data class CandidateGroup(val name: String?, val start: Int, val end: Int)

/**
 * The completion menu of the line editor, open after a second Tab: the candidates, the one
 * selected, and what the keys do while it is open. The selected candidate is previewed in the
 * line: it replaces the word being completed (from [wordStart] to the cursor) as the selection
 * moves. Pure, confined to its line editor; the console draws it.
 *
 * | key | effect |
 * |---|---|
 * | Tab, Shift+Tab | the next, previous candidate (wrapping; from no selection: the first, the last) |
 * | Up, Down, Left, Right | the candidate in that direction in the menu's layout ([navigation]) |
 * | Enter (what the key map binds to accept the line) | the selection stays in the line, with a space after a complete candidate; the line is not submitted |
 * | Escape, Ctrl+G | the line is back exactly as it was before the menu |
 * | Ctrl+C | the line is discarded, as always (the editor answers it before asking here) |
 * | a paste, any other key | the selection stays (as for Enter), then the key does what it does ([otherKey]) |
 *
 * The menu closes on all but the moves ([isOpen] false). Previews are not undo steps: keeping a
 * selection is one step, from the word typed to the candidate, which undo takes back.
 *
 * Cost: opening groups the candidates once, O(n); a move costs what [navigation] costs (the
 * layout's is O(log groups)) plus the replacement of the word in the line. Only the word is kept
 * of the line as it was, never a copy of the whole line.
 *
 * @param candidates the candidates, in the completer's order; grouped here by [Candidate.group]
 *   in the order the groups first appear (a stable sort).
 * @param maxLength the editor's limit on the line: a preview that would pass it is cut.
 * @param commit keeps a selection: replaces `start until end` of the line with the text as one
 *   undo step (the editor's).
 * @param otherKey the editor's own handling of a key, for a key that closes the menu.
 */
internal class CompletionMenu(
    candidates: List<Candidate>,
    private val buffer: LineBuffer,
    private val keyMap: KeyMap,
    private val maxLength: Int = Int.MAX_VALUE,
    private val commit: (start: Int, end: Int, text: String) -> Unit = { start, end, text ->
        buffer.replace(start, end, text, cursorAt = start + text.length)
    },
    private val otherKey: (InputEvent.Key) -> EditResult = { EditResult.Editing(changed = false) },
) {
    /** The candidates in the menu's order: grouped, the groups in the order they first appear. */
    val items: List<Candidate>

    /** The groups, covering [items] in order; a single group named null when no candidate has one. */
    val groups: List<CandidateGroup>

    init {
        require(candidates.isNotEmpty()) { "a menu needs candidates" }
        val byGroup = LinkedHashMap<String?, MutableList<Candidate>>()
        for (candidate in candidates) byGroup.getOrPut(candidate.group) { ArrayList() }.add(candidate)
        val ordered = ArrayList<Candidate>(candidates.size)
        val ranges = ArrayList<CandidateGroup>(byGroup.size)
        for ((name, members) in byGroup) {
            ranges.add(CandidateGroup(name, ordered.size, ordered.size + members.size))
            ordered.addAll(members)
        }
        items = ordered
        groups = ranges
    }

    /** Where the word being completed starts. */
    val wordStart: Int = CompletionRequest(buffer.text, buffer.cursor).wordStart

    /** The word as it was typed, which Escape puts back. */
    private val originalWord: String = buffer.text.substring(wordStart, buffer.cursor)

    /** Where the word shown now (typed or previewed) ends: the cursor while the menu is open. */
    private var shownEnd: Int = buffer.cursor

    /** The index in [items] of the selected candidate, or -1 before the first move. */
    var selected: Int = -1
        private set

    /** False once a key closed the menu. */
    var isOpen: Boolean = true
        private set

    /**
     * Where a move goes from the selection (-1: none) in the menu's layout; the console sets its
     * layout's. The default is a single column: Down and Right are Next, Up and Left Previous.
     */
    var navigation: (from: Int, move: MenuMove) -> Int = ::linear

    /** Handles [event] while the menu is open (see the table). */
    fun handleKey(event: InputEvent.Key): EditResult {
        val key = event.key
        val modifiers = event.modifiers
        val command = keyMap.commandFor(key, modifiers)
        val move = when {
            key == KeyCode.Tab && modifiers == Modifiers.Shift -> MenuMove.Previous
            command == EditCommand.Complete -> MenuMove.Next
            modifiers.isEmpty && key == KeyCode.Up -> MenuMove.Up
            modifiers.isEmpty && key == KeyCode.Down -> MenuMove.Down
            modifiers.isEmpty && key == KeyCode.Left -> MenuMove.Left
            modifiers.isEmpty && key == KeyCode.Right -> MenuMove.Right
            else -> null
        }
        if (move != null) return EditResult.Editing(changed = select(navigation(selected, move)))
        return when {
            command == EditCommand.AcceptLine -> {
                accept()
                EditResult.Editing(changed = true)
            }
            key == KeyCode.Escape || (key == KeyCode.Char('g'.code) && modifiers == Modifiers.Ctrl) -> {
                restore()
                EditResult.Editing(changed = true)
            }
            else -> {
                accept()
                val result = otherKey(event)
                if (result is EditResult.Editing) EditResult.Editing(changed = true) else result
            }
        }
    }

    /**
     * Selects [index] (clamped to the candidates; -1 for none) and shows it in the line; false
     * when it was selected already.
     */
    fun select(index: Int): Boolean {
        val target = if (index < 0) -1 else index.coerceAtMost(items.size - 1)
        if (target == selected) return false
        selected = target
        show(if (target < 0) originalWord else fit(items[target].value))
        return true
    }

    /** Closes the menu keeping the selection in the line (one undo step), a space after a complete candidate; nothing changes without a selection. */
    fun accept() {
        if (!isOpen) return
        isOpen = false
        if (selected < 0) return
        val candidate = items[selected]
        // Back to the word as typed, unrecorded, so that the kept selection is one undo step from it.
        show(originalWord)
        val text = fit(candidate.value + if (candidate.complete) " " else "")
        if (text != originalWord) commit(wordStart, shownEnd, text)
        shownEnd = wordStart + text.length
    }

    /** Closes the menu with the line as it was before it opened. */
    fun restore() {
        if (!isOpen) return
        isOpen = false
        show(originalWord)
    }

    /** Puts [text] in place of the word shown now, the cursor after it. */
    private fun show(text: String) {
        buffer.replace(wordStart, shownEnd, text, cursorAt = wordStart + text.length)
        shownEnd = wordStart + text.length
    }

    /** [text] cut to what fits in place of the word shown now (whole code points). */
    private fun fit(text: String): String {
        val room = maxLength - (buffer.length - (shownEnd - wordStart))
        if (text.length <= room) return text
        if (room <= 0) return ""
        val end = if (Character.isHighSurrogate(text[room - 1])) room - 1 else room
        return text.substring(0, end)
    }

    private fun linear(from: Int, move: MenuMove): Int = when (move) {
        MenuMove.Next, MenuMove.Down, MenuMove.Right -> if (from + 1 >= items.size) 0 else from + 1
        MenuMove.Previous, MenuMove.Up, MenuMove.Left -> if (from <= 0) items.size - 1 else from - 1
    }
}
