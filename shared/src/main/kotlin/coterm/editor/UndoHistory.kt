// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * Earlier states of the line, for Ctrl+_ (undo), kept as the edits that led from them, not as
 * copies of the line. Pure state, confined to its line editor; it listens to the editor's
 * [LineBuffer] and puts text back through it.
 *
 * A step is what one command changed: the cursor before it and its edits, each a position, the
 * text it removed and how many chars it inserted (undo only needs the length of what it takes
 * out again). A run of typed characters is one step, as in readline: undo removes the word just
 * typed, not one letter at a time, and the run's characters that follow each other are one edit
 * whose length grows, so typing costs O(1) per key and no memory per key. Every other change is
 * a step of its own.
 *
 * Bounded in bytes, not in steps: [bytes] counts two bytes for every removed char kept (UTF-16,
 * the worst case) and [EDIT_OVERHEAD] and [STEP_OVERHEAD] for the bookkeeping, and never exceeds
 * [budgetBytes]. When a new step goes over the budget the oldest steps are forgotten first. A
 * single change larger than the whole budget (a Ctrl+U of a line of more than about 2 million
 * chars with the default budget) cannot be undone, and neither can anything before it, since the
 * older steps describe a text that no longer exists: the history is cleared. (A typed run can
 * only overflow a budget too small for a single step, since its later characters cost nothing;
 * then the rest of the run is not recorded either.) The default of [DEFAULT_BUDGET_BYTES] (4 MiB)
 * holds a change of a whole line at the console's default limit of 1,000,000 chars.
 *
 * | state | [begin] | an edit | [end] | [undo] |
 * |---|---|---|---|---|
 * | idle | recording | ignored | idle | idle, last step undone |
 * | recording | — | recorded (or, over the budget, history cleared and the step dropped) | idle | — |
 */
internal class UndoHistory(private val budgetBytes: Long = DEFAULT_BUDGET_BYTES) : LineBuffer.Listener {
    init {
        require(budgetBytes >= 0) { "budgetBytes must not be negative: $budgetBytes" }
    }

    /** One change: at [at], [removed] was replaced by [insertedLength] chars. */
    private class Edit(val at: Int, val removed: String, var insertedLength: Int)

    private class Step(val cursorBefore: Int) {
        val edits = ArrayList<Edit>(1)
        var bytes: Long = STEP_OVERHEAD
    }

    private val steps = ArrayDeque<Step>()

    /** What [steps] cost, by the accounting above; never above [budgetBytes]. */
    var bytes: Long = 0
        private set

    /** How many steps [undo] can take back. */
    val size: Int get() = steps.size

    /** The step being recorded (between [begin] and [end]); null when idle or when it cannot be kept. */
    private var current: Step? = null
    private var recording = false

    /** True while the last step is a run of typed characters that the next typed one joins. */
    private var typing = false

    /** True while a typed run is too big to keep: its next characters are not recorded either. */
    private var runLost = false

    /** True between [beginGroup] and [endGroup]: every command's edits join one step. */
    private var grouping = false

    /** The step of the group, once it has one (made by the group's first [begin]). */
    private var group: Step? = null

    /**
     * Makes the commands from now until [endGroup] one step, as vi makes a change and the text
     * typed after it (`cw`, then a word, then Esc) one thing for `u` to take back. A group
     * started while one is open goes on as the same group.
     */
    fun beginGroup() {
        if (grouping) return
        grouping = true
        group = null
        breakTyping()
    }

    /** Ends what [beginGroup] started: the next command is a step of its own. */
    fun endGroup() {
        grouping = false
        group = null
        breakTyping()
    }

    /**
     * Starts recording one command's edits; [cursor] is where the cursor is now. [typed] marks a
     * typed character: it joins the step of the characters typed just before it.
     */
    fun begin(cursor: Int, typed: Boolean) {
        recording = true
        if (grouping) {
            // In a group, every edit joins its step: made by the first command, kept by the others.
            typing = false
            runLost = false
            current = group ?: Step(cursor).also { group = it }
            return
        }
        if (typed && typing) {
            // The run's step is the last one: nothing else was recorded since the run began.
            current = if (runLost) null else steps.lastOrNull()
            return
        }
        typing = false
        runLost = false
        current = Step(cursor)
    }

    /**
     * Ends what [begin] started. A command that changed nothing leaves no step; one that was not
     * typed also ends a run of typed characters.
     */
    fun end(typed: Boolean) {
        val step = current
        val changed = step != null && step.edits.isNotEmpty() || runLost && typed
        recording = false
        current = null
        if (changed) typing = typed else if (!typed) breakTyping()
    }

    override fun wantsRemovedText(length: Int): Boolean {
        val step = current ?: return false
        return step.bytes + cost(length) <= budgetBytes
    }

    override fun replaced(at: Int, removedLength: Int, removed: String?, insertedLength: Int) {
        if (!recording) return
        val step = current ?: return
        val last = step.edits.lastOrNull()
        // A typed run: each character lands where the last one ended.
        if (removedLength == 0 && last != null && last.removed.isEmpty() && last.at + last.insertedLength == at) {
            last.insertedLength += insertedLength
            return
        }
        val cost = cost(removedLength)
        if (removed == null || step.bytes + cost > budgetBytes) {
            lose()
            return
        }
        val isNew = step.edits.isEmpty()
        step.edits.add(Edit(at, removed, insertedLength))
        step.bytes += cost
        if (isNew) {
            steps.addLast(step)
            bytes += step.bytes
        } else {
            bytes += cost
        }
        while (bytes > budgetBytes && steps.size > 1) bytes -= steps.removeFirst().bytes
    }

    /** Ends a run of typed characters: the next character starts a new step. */
    fun breakTyping() {
        typing = false
        runLost = false
    }

    /**
     * Takes back the last step on [buffer] (which must hold the text the steps led to) and puts
     * the cursor where it was before it; false when there is nothing to undo.
     */
    fun undo(buffer: LineBuffer): Boolean {
        breakTyping()
        val step = steps.removeLastOrNull() ?: return false
        // Undone inside a group (Ctrl+_ while typing after `cw`): the group's later edits are a new step.
        if (step === group) group = null
        bytes -= step.bytes
        for (i in step.edits.indices.reversed()) {
            val edit = step.edits[i]
            buffer.replace(edit.at, edit.at + edit.insertedLength, edit.removed, cursorAt = edit.at)
        }
        buffer.placeCursor(step.cursorBefore)
        return true
    }

    /** Forgets everything (a new line, or another history entry); a group goes on with a fresh step. */
    fun clear() {
        steps.clear()
        bytes = 0
        breakTyping()
        current = null
        group = null
    }

    /** The change being recorded is too big to keep: it, and everything before it, cannot be undone. */
    private fun lose() {
        val step = current
        clear()
        if (step != null && recording) runLost = true
    }

    private fun cost(removedLength: Int): Long = EDIT_OVERHEAD + 2L * removedLength

    companion object {
        /** The default budget: 4 MiB, a change of 2 million chars. */
        const val DEFAULT_BUDGET_BYTES: Long = 4L * 1024 * 1024

        /** What one step's bookkeeping is counted as, in bytes (object headers, list). */
        const val STEP_OVERHEAD: Long = 64

        /** What one edit's bookkeeping is counted as, in bytes, beyond its removed text. */
        const val EDIT_OVERHEAD: Long = 48
    }
}
