package coterm.editor

/**
 * Earlier states of the line, for Ctrl+_ (undo). Pure state.
 *
 * A run of typed characters is one step, as in readline: undo removes the word just typed,
 * not one letter at a time. Every other change is a step of its own. Bounded: the oldest steps
 * are forgotten first.
 */
internal class UndoHistory(private val capacity: Int = DEFAULT_CAPACITY) {
    private data class State(val text: String, val cursor: Int)

    private val states = ArrayDeque<State>()
    private var typing = false

    /**
     * Records [text] and [cursor] as they were before a change. [typed] marks a typed
     * character: it joins the step of the characters typed just before it.
     */
    fun record(text: String, cursor: Int, typed: Boolean) {
        if (typed && typing) return
        typing = typed
        if (states.lastOrNull()?.let { it.text == text } == true) return
        states.addLast(State(text, cursor))
        while (states.size > capacity) states.removeFirst()
    }

    /** Ends a run of typed characters: the next character starts a new step. */
    fun breakTyping() {
        typing = false
    }

    /** The state before the last step, removed from the history; null when there is none. */
    fun undo(): Pair<String, Int>? {
        typing = false
        val state = states.removeLastOrNull() ?: return null
        return state.text to state.cursor
    }

    /** Forgets everything (a new line, or another history entry). */
    fun clear() {
        states.clear()
        typing = false
    }

    private companion object {
        const val DEFAULT_CAPACITY = 200
    }
}
