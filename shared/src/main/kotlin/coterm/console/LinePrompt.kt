// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.Candidate
import coterm.editor.Completer
import coterm.editor.CompletionRequest
import coterm.editor.EditCommand
import coterm.editor.EditMode
import coterm.editor.EditResult
import coterm.editor.LineEditor
import coterm.history.HistoryStore
import coterm.input.InputEvent
import coterm.input.isInterruptEvent
import coterm.render.CandidateColumns
import coterm.text.DisplayText
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.future.asDeferred
import kotlinx.coroutines.selects.select
import java.util.concurrent.Executor

/**
 * The prompt: reads one line with a [LineEditor] from the type-ahead, draws it through the
 * [ConsoleWriter] once per batch of input, asks the completer on Tab and keeps the history.
 *
 * One key's path: the [EventRouter] queues it in the [TypeAhead]; [read] takes it (a run of
 * typed characters at once), the editor applies it, and the writer draws the difference.
 *
 * Threading: [read] runs on the console's thread (one reader at a time); the completer runs on
 * the command dispatcher, never there. [history] and [close] from any thread.
 */
internal class LinePrompt(
    private val options: ConsoleOptions,
    private val writer: ConsoleWriter,
    private val typeAhead: TypeAhead,
    private val supervisor: CommandSupervisor,
    private val completions: CoroutineDispatcher,
    /** Where the history's file entries are handed in: the console's loop. */
    private val historyOwner: Executor,
    /** The environment colour follows: see [MordantOutput.detectAnsiLevel]. */
    private val environment: (String) -> String? = System::getenv,
    /** Ctrl+X Ctrl+E: the text in the user's editor, which has the terminal meanwhile; null: not available. */
    private val editInEditor: (suspend (String) -> ExternalEditor.Outcome)? = null,
    /** Shows vi's mode in the cursor's shape (nothing where the terminal cannot). */
    private val cursorShape: (CursorShape) -> Unit = {},
) {
    /** The shape last asked for during this prompt (vi mode); null when none was. */
    private var shapeShown: CursorShape? = null
    /** Opened by the first prompt, on the console thread. */
    @Volatile
    private var history: HistoryStore? = null
    private val historyLock = Any()

    /** The completion menu the writer shows (its editor's [LineEditor.menu]), or null; console thread. */
    private var menuView: MenuView? = null

    /** The selection [menuView] was last handed to the writer with. */
    private var menuSelection = -1

    /** Reads one line showing [prompt]: see [Console.readLineResult]. Console thread. */
    suspend fun read(prompt: String, lineOptions: LineOptions): LineResult {
        supervisor.promptShowing = true
        menuView = null
        // The prompt first, the history after it: its file is read in the background from the
        // first prompt on, and the prompt shows as early as it can.
        writer.beginLine(prompt, lineOptions.continuationPrompt ?: continuationFor(prompt))
        try {
            val store = historyStore()
            // Lines other sessions appended meanwhile, when the history is shared (the history keys wait for them).
            store?.refreshShared()
            val check = lineOptions.isInputComplete
            val look = lookFor(lineOptions)
            val editor = LineEditor(
                keyMap = options.keyMap,
                history = store?.history,
                isInputComplete = if (check == null) ({ true }) else check::isComplete,
                completion = lineOptions.completer != null,
                maxLength = options.maxLineLength,
                suggestions = if (look.styled) lineOptions.suggestions else null,
                editMode = options.editMode,
            )
            showMode(editor)
            return when (val result = edit(editor, lineOptions, store, look)) {
                is EditResult.Submitted -> {
                    // The submitted line is the buffer's text: the writer compares only what changed since the last redraw.
                    writer.endLine(result.line, unchanged = editor.buffer.takeUnchangedPrefix(), styles = look.styles(result.line))
                    if (lineOptions.addToHistory) store?.add(result.line)
                    LineResult.Line(result.line)
                }
                is EditResult.Interrupted -> LineResult.Interrupted(result.discarded).also {
                    val text = editor.buffer.text
                    writer.endLine(text, "^C", styles = look.styles(text))
                }
                else -> LineResult.EndOfInput.also {
                    val text = editor.buffer.text
                    writer.endLine(text, styles = look.styles(text))
                }
            }
        } finally {
            supervisor.promptShowing = false
            writer.abandonLine()
            // The terminal's own cursor shape for output and whatever runs next.
            if (shapeShown != null) cursorShape(CursorShape.Default)
            shapeShown = null
        }
    }

    /** In vi mode, the cursor's shape for [editor]'s mode: a bar in insert mode, a block in command mode. */
    private fun showMode(editor: LineEditor) {
        if (options.editMode != EditMode.Vi) return
        val shape = if (editor.viCommandMode) CursorShape.Block else CursorShape.Bar
        if (shape == shapeShown) return
        shapeShown = shape
        cursorShape(shape)
    }

    /**
     * Ctrl+X Ctrl+E: [text] in the user's editor; what it saved becomes the input (not submitted),
     * else a one-line message says why not. Nothing when the console does not draw.
     */
    private suspend fun editExternally(editor: LineEditor, text: String, look: LineLook) {
        val edit = editInEditor ?: return
        if (!writer.rendering) return
        val outcome = edit(text)
        // The editor had the terminal: the line is drawn afresh below what it left.
        writer.redraw()
        when (outcome) {
            is ExternalEditor.Outcome.Saved -> {
                editor.replaceInput(outcome.text)
                redraw(editor, look)
            }
            is ExternalEditor.Outcome.Failed -> writer.printAbove(outcome.message)
        }
    }

    /** Feeds events to [editor] until the input is submitted, interrupted or ended; redraws once per batch. */
    private suspend fun edit(editor: LineEditor, lineOptions: LineOptions, store: HistoryStore?, look: LineLook): EditResult {
        var limitNoticeShown = false
        fun noticeOverLimit() {
            if (!editor.overLimit || limitNoticeShown) return
            limitNoticeShown = true
            writer.printAbove("coterm: the line is limited to ${options.maxLineLength} characters; the rest was not inserted")
        }
        // Plain characters typed in a row: inserted together, once something else comes or the batch ends.
        val typed = StringBuilder()
        while (true) {
            typeAhead.awaitEvents()
            var changed = false
            while (true) {
                typeAhead.takeRuns { run, from, to -> editor.appendTyped(run, from, to, typed) }
                val event = typeAhead.poll()
                if (typed.isNotEmpty()) {
                    changed = editor.typeText(typed).changed || changed
                    typed.setLength(0)
                    noticeOverLimit()
                }
                if (event == null) break
                if (store != null && !store.ready.isDone && walksHistory(event)) {
                    // Up or Ctrl+R right after start: show what was typed, then wait for the file.
                    if (changed) redraw(editor, look)
                    changed = false
                    awaitHistory(store)
                }
                var r = editor.handle(event)
                noticeOverLimit()
                if (r is EditResult.Complete) {
                    // Show what was typed before the Tab, then ask the completer.
                    if (changed) redraw(editor, look)
                    changed = false
                    val candidates = complete(lineOptions.completer!!, r.request) ?: continue
                    r = editor.complete(r.request, candidates)
                }
                when (r) {
                    is EditResult.Editing -> changed = changed || r.changed
                    EditResult.ClearScreen -> {
                        showMenu(editor)
                        writer.clearScreen()
                        changed = true
                    }
                    is EditResult.ShowCandidates -> if (writer.rendering) {
                        editor.openMenu(r.candidates)
                        changed = true
                    } else {
                        // Nothing is drawn: the candidates are listed instead.
                        writer.printAbove(CandidateColumns.format(r.candidates.map { it.value }, r.candidates.map { it.description }, writer.columns).joinToString("\n"))
                    }
                    is EditResult.EditInEditor -> {
                        if (changed) redraw(editor, look)
                        changed = false
                        editExternally(editor, r.text, look)
                    }
                    is EditResult.Complete -> Unit
                    // The final state is drawn once, by endLine.
                    else -> return r
                }
            }
            if (changed) redraw(editor, look)
            showMode(editor)
        }
    }

    /** Draws [editor]'s line as it is now, telling the writer how much of its start is unchanged. */
    private fun redraw(editor: LineEditor, look: LineLook) {
        showMenu(editor)
        val buffer = editor.buffer
        val unchanged = buffer.takeUnchangedPrefix()
        val text = buffer.text
        writer.updateLine(text, buffer.cursor, editor.promptOverride, unchanged, look.styles(text), look.ghost(editor.suggestion))
    }

    /**
     * How [lineOptions] make the line look here: plain unless the writer draws on a terminal
     * and colour is on (not `NO_COLOR`, not `TERM=dumb`, not [ConsoleOptions.color] false),
     * at the level Mordant output gets.
     */
    private fun lookFor(lineOptions: LineOptions): LineLook {
        if (lineOptions.highlighter == null && lineOptions.suggestions == null) return LineLook.Plain
        if (!writer.rendering) return LineLook.Plain
        return LineLook(lineOptions.highlighter, MordantOutput.detectAnsiLevel(interactive = true, options.color, environment))
    }

    /**
     * Hands [editor]'s completion menu, if it opened, closed or moved since the last time, to the
     * writer, to be drawn with the line's next drawing. Arrow keys in the menu move in the
     * layout for the terminal's width at the time.
     */
    private fun showMenu(editor: LineEditor) {
        val open = editor.menu
        var view = menuView
        if (open !== view?.menu) {
            view = open?.let(::MenuView)
            if (view != null) open!!.navigation = { from, move -> view.move(from, move, writer.columns) }
            menuView = view
            writer.setMenu(view?.rowsFor(open!!.selected), draw = false)
            menuSelection = open?.selected ?: -1
        } else if (open != null && open.selected != menuSelection) {
            writer.setMenu(view!!.rowsFor(open.selected), draw = false)
            menuSelection = open.selected
        }
    }

    /**
     * Runs [completer] for [request] off the console thread and waits for its answer. Keys typed
     * meanwhile wait, as they would for readline's completion, and are handled after it; a
     * Ctrl+C (or the end of input) cancels the completion and returns null, the Ctrl+C consumed:
     * what it stopped was the completion, and the line stays. A completer that throws gives nothing.
     */
    private suspend fun complete(completer: Completer, request: CompletionRequest): List<Candidate>? = coroutineScope {
        val answer = async(completions) {
            try {
                completer.complete(request)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                emptyList()
            }
        }
        try {
            awaitUnlessInterrupted(answer)
        } finally {
            answer.cancel()
        }
    }

    /** [answer]'s value, or null as soon as a Ctrl+C (taken from the type-ahead) or the end of input comes first. */
    private suspend fun CoroutineScope.awaitUnlessInterrupted(answer: Deferred<List<Candidate>>): List<Candidate>? {
        while (true) {
            if (typeAhead.removeFirst(::isInterruptEvent) || typeAhead.isEnded) return null
            val seen = typeAhead.size
            val more = async { typeAhead.awaitMore(seen) }
            val candidates = select<List<Candidate>?> {
                answer.onAwait { it }
                more.onAwait { null }
            }
            more.cancel()
            if (candidates != null) return candidates
        }
    }

    /**
     * The history, opened on first use (its file, if any, is then read in the background and its
     * entries handed to the console's loop); null when history is disabled.
     */
    private fun historyStore(): HistoryStore? {
        if (!options.history.isEnabled) return null
        history?.let { return it }
        return synchronized(historyLock) {
            history ?: HistoryStore.open(options.history, owner = historyOwner) { message ->
                writer.printAbove(message)
            }.also { history = it }
        }
    }

    /** The lines in the history, oldest first: see [Console.history]. Any thread. */
    fun history(): List<String> = historyStore()?.entries ?: emptyList()

    /**
     * Writes the lines still queued for the history file, waiting at most [waitMillis] (a lock
     * held elsewhere); nothing if no prompt ever opened the history. Any thread.
     */
    fun closeHistory(waitMillis: Long) {
        history?.close(waitMillis)
    }

    /** True for a key that walks the history (Up, Ctrl+R...), which the file's entries must reach first. */
    private fun walksHistory(event: InputEvent): Boolean =
        event is InputEvent.Key && options.keyMap.commandFor(event.key, event.modifiers) in HISTORY_COMMANDS

    /**
     * Waits until [store] has read its file, or what other sessions appended to it ([HistoryStore.ready];
     * at most about a second, the lock's wait, plus the read), unless a Ctrl+C or the end of input is waiting: they must never wait for a file.
     * Keys typed meanwhile wait in the type-ahead and are handled after it, in order.
     */
    private suspend fun awaitHistory(store: HistoryStore) = coroutineScope {
        val loaded = store.ready.asDeferred()
        while (!loaded.isCompleted) {
            if (typeAhead.contains(::isInterruptEvent) || typeAhead.isEnded) return@coroutineScope
            val seen = typeAhead.size
            val more = async { typeAhead.awaitMore(seen) }
            select<Unit> {
                loaded.onAwait { }
                more.onAwait { }
            }
            more.cancel()
        }
    }

    companion object {
        private val HISTORY_COMMANDS = setOf(
            EditCommand.PreviousLineOrHistory, EditCommand.NextLineOrHistory,
            EditCommand.FirstHistory, EditCommand.LastHistory,
            EditCommand.ReverseSearch, EditCommand.ForwardSearch,
        )

        /** Dots as wide as [prompt], then a space: `# ` gives `. `, `>>> ` gives `... `. */
        fun continuationFor(prompt: String): String {
            val width = DisplayText.widthOfStyled(prompt)
            return if (width < 2) "" else ".".repeat(width - 1) + " "
        }
    }
}
