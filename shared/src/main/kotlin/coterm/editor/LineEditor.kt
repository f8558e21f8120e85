// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.isInterruptEvent
import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.input.Modifiers
import coterm.input.TypedText

/**
 * The line editor's logic: events in, [EditResult]s out, state in a [LineBuffer]. Pure: it
 * neither reads, nor draws, nor waits; the console feeds it events, draws [buffer] with
 * [promptOverride], runs the completer when asked ([EditResult.Complete]) and hands the answer
 * back through [complete].
 *
 * Beyond plain editing it keeps a kill ring (Ctrl+K/U/W, Alt+D, Alt+Backspace, then Ctrl+Y and
 * Alt+Y), an undo history (Ctrl+_), a position in [history] (Up/Down, Alt+< and Alt+>; lines
 * recalled and edited keep their edits until the input is submitted, as in readline) and an
 * incremental search (Ctrl+R, Ctrl+S).
 *
 * The keys during a search are [HistorySearch]'s, those while the completion menu is open
 * [CompletionMenu]'s; the place in the history is [HistoryWalk]'s; vi's command mode
 * ([EditMode.Vi]) is [ViMode]'s.
 *
 * Key sequences ([KeyMap.with] a list, Ctrl+X Ctrl+E): the first keys wait in [pendingKeys] for
 * the next, with no timer; a key that continues no sequence drops them and is handled on its own.
 *
 * The input never grows past [maxLength] UTF-16 chars: text that does not fit is dropped (never
 * half a surrogate pair) and [overLimit] is set, so the console can say so.
 *
 * Cost at volume: a typed character costs O(1) (amortised) at the end of the line, whatever its
 * length: the undo history records edits, not copies of the line, and nothing compares or copies
 * the whole text per key; a paste costs O(its length). Whole-line work happens once per redraw
 * (the console reads [buffer]'s text), once per Enter ([isInputComplete] gets the text) and once
 * per Tab, Up or Down. Every copy of the line the editor keeps has a byte budget: the undo
 * history ([UndoHistory], 4 MiB), the kill ring ([KillRing], 4 MiB) and the text typed over
 * history entries ([HistoryEdits], 4 MiB beside the draft); see each for what happens beyond it.
 *
 * @param isInputComplete asked on Enter: false inserts a newline instead of submitting (an
 *   unbalanced quote, a trailing backslash), so the input goes on on the next line.
 * @param completion whether Tab asks for completions (there is a completer).
 * @param suggestions where fish-style suggestions come from; null: none. See [suggestion].
 */
internal class LineEditor(
    private val keyMap: KeyMap = KeyMap.Default,
    private val history: History? = null,
    private val isInputComplete: (String) -> Boolean = { true },
    private val completion: Boolean = false,
    private val maxLength: Int = Int.MAX_VALUE,
    suggestions: SuggestionSource? = null,
    editMode: EditMode = EditMode.Emacs,
) {
    private val undo = UndoHistory()

    /** The line and the cursor; the undo history hears of every edit made through it. */
    val buffer: LineBuffer = LineBuffer(listener = undo)

    /** Set once text was refused because the input was full. */
    var overLimit: Boolean = false
        private set

    private val killRing = KillRing()
    private var lastCommand: EditCommand? = null
    private var yankLength = 0

    /** The place in [history], and what was typed over the entries passed. */
    private val walk = HistoryWalk(history, buffer, undo)

    /** Ctrl+R and Ctrl+S; a key that ends the search is then handled as any key. */
    private val searching = HistorySearch(history, buffer, keyMap, walk) { handleKey(it) }

    /** The search on, or null. */
    private val search: IncrementalSearch? get() = searching.state

    /** Whether the Tab waiting for [complete] came right after another Tab. */
    private var tabAfterTab = false

    /** The completion menu open (see [openMenu]), or null. */
    var menu: CompletionMenu? = null
        private set

    /** The first keys of a sequence, waiting for the next one; empty almost always. */
    private val pendingKeys = ArrayList<KeyStroke>(2)

    /** vi's modes, in [EditMode.Vi]; null in Emacs mode. */
    private val vi: ViMode? = if (editMode != EditMode.Vi) null else ViMode(
        buffer, undo,
        object : ViMode.Host {
            override fun run(command: EditCommand): EditResult = run(command, lastCommand)
            override fun fit(text: String, replacing: Int): String = this@LineEditor.fit(text, replacing)
        },
    )

    /** True in vi's command mode (the console shows a block cursor); false in insert mode and in Emacs mode. */
    val viCommandMode: Boolean get() = vi?.insert == false

    /** True while the first keys of a sequence (Ctrl+X) wait for the next. */
    val keysPending: Boolean get() = pendingKeys.isNotEmpty() || vi?.pending == true

    /** The prompt to show instead of the caller's, during a search; null otherwise. */
    val promptOverride: String? get() = search?.prompt()

    private val suggesting = suggestions?.let { Suggestions(it, history) }

    /**
     * The suggestion to show after the input (drawn dim after the cursor, never part of the
     * text until accepted: Right, End or Ctrl+E take all of it, Alt+F one word, each one undo
     * step), or null: none while the cursor is not at the end or a search is on.
     */
    val suggestion: String?
        get() = if (suggesting == null || search != null || buffer.cursor != buffer.length) null else suggesting.current(buffer)

    fun handle(event: InputEvent): EditResult {
        followOlderEntries()
        return handleEvent(event)
    }

    /**
     * Appends to [typed] the characters the events of [events] from [from] until [to] type, in
     * order, for as long as each is a plain character key that the key map leaves unbound and no
     * search is on; returns the index it stopped at ([to] when it took them all). Keys taken this
     * way are then given to [typeText] together: a burst of typed text is one call and one insert,
     * not one per key (readline batches pending self-insert keys the same way).
     */
    fun appendTyped(events: List<InputEvent>, from: Int, to: Int, typed: StringBuilder): Int {
        if (search != null || menu != null || from >= to || pendingKeys.isNotEmpty() || vi?.insert == false) return from
        if (events is TypedText) {
            // Printable ASCII already: as far as the key map leaves the characters unbound, at once.
            val end = keyMap.firstBoundPlainAscii(events.text, from, to)
            typed.append(events.text, from, end)
            return end
        }
        // A burst asks this of every key: the checks are cheapest first (Ctrl+C has Ctrl), and
        // the characters go to an array first, then to [typed] at once.
        val chars = CharArray(to - from)
        var n = 0
        var i = from
        while (i < to) {
            val event = events[i]
            if (event !is InputEvent.Key) break
            val modifiers = event.modifiers
            if (modifiers != Modifiers.None && modifiers != Modifiers.Shift) break
            val key = event.key as? KeyCode.Char ?: break
            val codePoint = key.codePoint
            if (keyMap.commandFor(key, modifiers) != null || keyMap.startsSequence(key, modifiers)) break
            if (codePoint < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                chars[n++] = codePoint.toChar()
            } else {
                typed.append(chars, 0, n)
                n = 0
                typed.appendCodePoint(codePoint)
            }
            i++
        }
        typed.append(chars, 0, n)
        return i
    }

    /**
     * Types [text], the characters [appendTyped] took from keys in a row: the same as handling
     * those keys one after another (one undo step with the typing around it, the line limit
     * applied where the keys would have met it), in one insert.
     */
    fun typeText(text: CharSequence): EditResult.Editing {
        followOlderEntries()
        if (text.isEmpty()) return EditResult.Editing(changed = false)
        if (text.length > maxLength - buffer.length) {
            // Not all of it fits: key by key, so that the cut falls where it would have.
            var changed = false
            var i = 0
            while (i < text.length) {
                val codePoint = Character.codePointAt(text, i)
                i += Character.charCount(codePoint)
                val result = handleKey(InputEvent.Key(KeyCode.Char(codePoint)))
                changed = changed || (result as? EditResult.Editing)?.changed == true
            }
            return EditResult.Editing(changed)
        }
        lastCommand = null
        insertTyped(text)
        return EditResult.Editing(changed = true)
    }

    /** Inserts typed [text] at the cursor; the suggestion follows typing at the end. */
    private fun insertTyped(text: CharSequence) {
        val atEnd = buffer.cursor == buffer.length
        change(typed = true) { buffer.insert(text) }
        if (atEnd) suggesting?.typed(buffer, text)
    }

    private fun handleEvent(event: InputEvent): EditResult {
        // Ctrl+C and SIGINT alike, whatever the key map says and whether or not a search is on.
        if (isInterruptEvent(event)) return EditResult.Interrupted(buffer.text)
        return when (event) {
            is InputEvent.Key -> when {
                menu != null -> menuKey(event)
                search != null -> searching.handleKey(event)
                else -> handleKey(event)
            }
            is InputEvent.Paste -> when {
                menu != null -> {
                    // The menu closes (a redraw is due) whether or not the paste fits.
                    menuKey(null)
                    paste(event.text)
                    EditResult.Editing(changed = true)
                }
                search != null -> searching.extend(event.text)
                else -> paste(event.text)
            }
            InputEvent.EndOfInput -> EditResult.EndOfInput
            is InputEvent.Resize -> EditResult.Editing(changed = true)
            // Interrupt: answered above.
            InputEvent.Interrupt, is InputEvent.Focus, is InputEvent.Unknown -> EditResult.Editing(changed = false)
        }
    }

    /**
     * Entries read from the history file after this line began (the file is read in the
     * background) went in front of the others: every index kept here moves up by as many.
     */
    private fun followOlderEntries() {
        walk.followNewerEntries()
        val shift = walk.followOlderEntries()
        if (shift != 0) {
            searching.shift(shift)
            suggesting?.invalidate()
        }
    }

    /**
     * The completer's answer to the [EditResult.Complete] for [request]: inserts the only
     * candidate (and a space if it is complete) or the candidates' common prefix; when that makes
     * no progress and this Tab followed another, returns [EditResult.ShowCandidates]. A stale
     * answer (the line changed meanwhile) changes nothing.
     */
    fun complete(request: CompletionRequest, candidates: List<Candidate>): EditResult {
        lastCommand = EditCommand.Complete
        if (buffer.text != request.text || buffer.cursor != request.cursor) return EditResult.Editing(changed = false)
        val word = request.word
        val matching = CompletionMatch.matching(word, candidates)
        if (matching.isEmpty()) return EditResult.Editing(changed = false)
        val replacement = CompletionMatch.replacement(matching)
        if (replacement.length > word.length) {
            val fitted = fit(replacement, replacing = request.cursor - request.wordStart)
            if (fitted.length <= word.length) return EditResult.Editing(changed = false)
            change(typed = false) { buffer.replaceBeforeCursor(request.wordStart, fitted) }
            return EditResult.Editing(changed = true)
        }
        return if (tabAfterTab && matching.size > 1) EditResult.ShowCandidates(matching) else EditResult.Editing(changed = false)
    }

    /**
     * Opens the completion menu over [candidates] (those [EditResult.ShowCandidates] gave) for
     * the word before the cursor; keys go to it until it closes (see [CompletionMenu]).
     */
    fun openMenu(candidates: List<Candidate>) {
        if (candidates.isEmpty()) return
        undo.breakTyping()
        menu = CompletionMenu(
            candidates, buffer, keyMap, maxLength,
            commit = { start, end, text -> change(typed = false) { buffer.replace(start, end, text, cursorAt = start + text.length) } },
            otherKey = { handleKey(it) },
        )
    }

    /** [event] to the open menu (null: a paste, which keeps the selection); the menu is dropped once it closes. */
    private fun menuKey(event: InputEvent.Key?): EditResult {
        val open = menu!!
        lastCommand = null
        val result = if (event != null) open.handleKey(event) else EditResult.Editing(changed = true).also { open.accept() }
        if (!open.isOpen && menu === open) menu = null
        return result
    }

    /**
     * The input replaced by [text] (what the user's editor saved, Ctrl+X Ctrl+E), cut to what
     * fits, as one undo step, the cursor at its end; the same text changes nothing.
     */
    fun replaceInput(text: String): EditResult.Editing {
        lastCommand = null
        val fitted = fit(text, replacing = buffer.length)
        if (fitted == buffer.text) return EditResult.Editing(changed = false)
        change(typed = false) { buffer.replace(0, buffer.length, fitted, fitted.length) }
        vi?.afterKeyMapCommand()
        return EditResult.Editing(changed = true)
    }

    private fun handleKey(event: InputEvent.Key): EditResult {
        if (pendingKeys.isNotEmpty()) {
            val stroke = KeyStroke(event.key, event.modifiers)
            when (val next = keyMap.continuation(pendingKeys, stroke)) {
                is KeyMap.Continuation.Bound -> {
                    pendingKeys.clear()
                    return runBound(next.command)
                }
                KeyMap.Continuation.Continues -> {
                    pendingKeys += stroke
                    return EditResult.Editing(changed = false)
                }
                // Continues no sequence: the prefix is dropped (plain characters in it are typed,
                // they were text) and this key is handled on its own.
                null -> {
                    val prefix = pendingKeys.toList()
                    pendingKeys.clear()
                    var typedPrefix = false
                    for (typed in prefix) {
                        val code = typed.key
                        if (code is KeyCode.Char && (typed.modifiers - Modifiers.Shift).isEmpty) typedPrefix = insertTyped(code.codePoint) || typedPrefix
                    }
                    val result = handleSingleKey(event)
                    return if (typedPrefix && result == EditResult.Editing(changed = false)) EditResult.Editing(changed = true) else result
                }
            }
        }
        return handleSingleKey(event)
    }

    /** [event] with no sequence pending: vi's, the start of a sequence, a bound command, or a typed character. */
    private fun handleSingleKey(event: InputEvent.Key): EditResult {
        vi?.key(event)?.let { return it }
        if (keyMap.startsSequence(event.key, event.modifiers)) {
            pendingKeys += KeyStroke(event.key, event.modifiers)
            return EditResult.Editing(changed = false)
        }
        val command = keyMap.commandFor(event.key, event.modifiers)
        if (command != null) return runBound(command)
        lastCommand = null
        val key = event.key
        // Only Shift may come with a character that is typed; Ctrl, Alt and Meta make it a command.
        val textual = (event.modifiers - Modifiers.Shift).isEmpty
        if (key is KeyCode.Char && textual) return EditResult.Editing(changed = insertTyped(key.codePoint))
        return EditResult.Editing(changed = false)
    }

    /** Types [codePoint] (if it fits); true when it was inserted. */
    private fun insertTyped(codePoint: Int): Boolean {
        val typed = fit(String(Character.toChars(codePoint)))
        if (typed.isEmpty()) return false
        insertTyped(typed)
        return true
    }

    /** Runs [command], bound to the key (or sequence) just pressed. */
    private fun runBound(command: EditCommand): EditResult {
        val previous = lastCommand
        lastCommand = command
        val result = run(command, previous)
        vi?.afterKeyMapCommand()
        return result
    }

    /** [text] cut to what fits in the input (whole code points); sets [overLimit] when cut. */
    private fun fit(text: String, replacing: Int = 0): String {
        val room = maxLength - (buffer.length - replacing)
        if (text.length <= room) return text
        overLimit = true
        if (room <= 0) return ""
        val end = if (Character.isHighSurrogate(text[room - 1])) room - 1 else room
        return text.substring(0, end)
    }

    private fun paste(pasted: String): EditResult {
        lastCommand = null
        pendingKeys.clear()
        val text = fit(pasted)
        if (text.isEmpty()) return EditResult.Editing(changed = false)
        change(typed = false) { buffer.insert(text) }
        return EditResult.Editing(changed = true)
    }

    private fun run(command: EditCommand, previous: EditCommand?): EditResult = when (command) {
        EditCommand.AcceptLine -> buffer.text.let { text -> if (isInputComplete(text)) EditResult.Submitted(text) else insertNewline() }
        EditCommand.InsertNewline -> insertNewline()
        EditCommand.Interrupt -> EditResult.Interrupted(buffer.text)
        EditCommand.DeleteOrEndOfInput ->
            if (buffer.isEmpty()) EditResult.EndOfInput else edit { buffer.deleteForward() }
        EditCommand.DeleteBackward -> edit { buffer.deleteBackward() }
        EditCommand.DeleteForward -> edit { buffer.deleteForward() }
        EditCommand.MoveLeft -> move { buffer.moveLeft() }
        EditCommand.MoveRight -> acceptSuggestion(wholly = true) ?: move { buffer.moveRight() }
        EditCommand.MoveHome -> move { buffer.moveLineStart() }
        EditCommand.MoveEnd -> acceptSuggestion(wholly = true) ?: move { buffer.moveLineEnd() }
        EditCommand.MoveWordLeft -> move { buffer.moveWordLeft() }
        EditCommand.MoveWordRight -> acceptSuggestion(wholly = false) ?: move { buffer.moveWordRight() }
        EditCommand.KillToStart -> kill(previous, backwards = true) { buffer.killToStart() }
        EditCommand.KillToEnd -> kill(previous, backwards = false) { buffer.killToEnd() }
        EditCommand.KillBigWordBackward -> kill(previous, backwards = true) { buffer.killBigWordBackward() }
        EditCommand.KillWordBackward -> kill(previous, backwards = true) { buffer.killWordBackward() }
        EditCommand.KillWordForward -> kill(previous, backwards = false) { buffer.killWordForward() }
        EditCommand.Yank -> yank(killRing.yank())
        EditCommand.YankPop ->
            if ((previous == EditCommand.Yank || previous == EditCommand.YankPop) && yankLength > 0) {
                yankPop()
            } else {
                // Not right after a yank: nothing to replace, now or for an Alt+Y right after this one.
                yankLength = 0
                noChange()
            }
        EditCommand.Undo -> undoLast()
        EditCommand.TransposeChars -> edit { buffer.transpose() }
        EditCommand.ClearScreen -> EditResult.ClearScreen
        EditCommand.PreviousLineOrHistory ->
            if (!buffer.onFirstLine) move { buffer.moveUp() } else goToHistory(walk.index - 1)
        EditCommand.NextLineOrHistory ->
            if (!buffer.onLastLine) move { buffer.moveDown() } else goToHistory(walk.index + 1)
        EditCommand.FirstHistory -> goToHistory(0)
        EditCommand.LastHistory -> goToHistory(history?.size ?: 0)
        EditCommand.ReverseSearch -> startSearch(backwards = true)
        EditCommand.ForwardSearch -> startSearch(backwards = false)
        EditCommand.Complete -> if (completion) {
            tabAfterTab = previous == EditCommand.Complete
            EditResult.Complete(CompletionRequest(buffer.text, buffer.cursor))
        } else {
            noChange()
        }
        EditCommand.EditInEditor -> EditResult.EditInEditor(buffer.text)
        EditCommand.Ignore -> noChange()
    }

    private fun noChange() = EditResult.Editing(changed = false)

    /** Inserts the [suggestion], all of it or its first word, as one undo step; null when there is none to accept. */
    private fun acceptSuggestion(wholly: Boolean): EditResult? {
        val rest = suggestion ?: return null
        val text = fit(if (wholly) rest else Suggestions.firstWord(rest))
        if (text.isEmpty()) return null
        undo.breakTyping()
        change(typed = false) { buffer.insert(text) }
        suggesting?.typed(buffer, text)
        return EditResult.Editing(changed = true)
    }

    private inline fun move(motion: () -> Boolean): EditResult {
        undo.breakTyping()
        return EditResult.Editing(motion())
    }

    private inline fun edit(action: () -> Boolean): EditResult {
        var changed = false
        change(typed = false) { changed = action() }
        return EditResult.Editing(changed)
    }

    /** Runs [action] as one undo step (a typed character joins the run before it); the buffer tells [undo] what changed. */
    private inline fun change(typed: Boolean, action: () -> Unit) {
        undo.begin(buffer.cursor, typed)
        try {
            action()
        } finally {
            undo.end(typed)
        }
    }

    private inline fun kill(previous: EditCommand?, backwards: Boolean, cut: () -> String): EditResult {
        var killed = ""
        change(typed = false) { killed = cut() }
        if (killed.isEmpty()) return EditResult.Editing(changed = false)
        killRing.kill(killed, append = previous in KILLS, backwards = backwards)
        return EditResult.Editing(changed = true)
    }

    private fun insertNewline(): EditResult = edit {
        val newline = fit("\n")
        buffer.insert(newline)
        newline.isNotEmpty()
    }

    private fun yank(killed: String?): EditResult {
        // Nothing yanked, nothing for Alt+Y to replace (not what an earlier yank inserted).
        yankLength = 0
        val text = fit(killed ?: return noChange())
        if (text.isEmpty()) return noChange()
        change(typed = false) { buffer.insert(text) }
        yankLength = text.length
        return EditResult.Editing(changed = true)
    }

    private fun yankPop(): EditResult {
        val text = fit(killRing.rotate() ?: return noChange(), replacing = yankLength)
        val start = buffer.cursor - yankLength
        change(typed = false) { buffer.replaceBeforeCursor(start, text) }
        yankLength = text.length
        return EditResult.Editing(changed = true)
    }

    private fun undoLast(): EditResult = EditResult.Editing(changed = undo.undo(buffer))

    private fun goToHistory(index: Int): EditResult =
        if (walk.goTo(index)) EditResult.Editing(changed = true) else noChange()

    private fun startSearch(backwards: Boolean): EditResult {
        val entries = history ?: return noChange()
        undo.breakTyping()
        if (entries.maxEntries == 0) return noChange()
        searching.start(backwards, walk.index)
        return EditResult.Editing(changed = true)
    }

    private companion object {
        val KILLS = setOf(
            EditCommand.KillToStart, EditCommand.KillToEnd, EditCommand.KillBigWordBackward,
            EditCommand.KillWordBackward, EditCommand.KillWordForward,
        )
    }
}
