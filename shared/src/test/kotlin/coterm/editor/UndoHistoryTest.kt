// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.arbitrary.string
import io.kotest.property.checkAll
import io.kotest.property.arbitrary.bind
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.map

/** A line and its undo history wired as the editor wires them. */
private class Undoable(budget: Long = UndoHistory.DEFAULT_BUDGET_BYTES, initial: String = "") {
    val undo = UndoHistory(budget)
    val buffer = LineBuffer(initial, listener = undo)

    /** Runs [action] as one command, as [LineEditor] does. */
    fun command(typed: Boolean = false, action: LineBuffer.() -> Unit) {
        undo.begin(buffer.cursor, typed)
        try {
            buffer.action()
        } finally {
            undo.end(typed)
        }
    }

    fun state() = buffer.text to buffer.cursor
}

/** One thing a user can do to a line; [typed] ones join a run, [motion] ones end it. */
private data class Op(val name: String, val typed: Boolean = false, val motion: Boolean = false, val apply: LineBuffer.() -> Boolean)

private val typedChars = listOf("a", "b", " ", "\n", "中", "\uD83D\uDE00", ".")

private val ops: Arb<Op> = Arb.choice(
    Arb.element(typedChars).map { c -> Op("type '$c'", typed = true) { insert(c); true } },
    Arb.string(0..12).map { s -> Op("paste '$s'") { insert(s); s.isNotEmpty() } },
    Arb.bind(Arb.int(0..30), Arb.string(0..6)) { back, s ->
        Op("replace $back before the cursor with '$s'") {
            val start = (cursor - back).coerceAtLeast(0)
            val changes = start < cursor || s.isNotEmpty()
            // Not into the middle of a surrogate pair: move the start to a boundary, as the editor's callers do.
            val safe = if (start in 1 until length && text[start].isLowSurrogate()) start - 1 else start
            replaceBeforeCursor(safe, s)
            changes || safe < start
        }
    },
    Arb.element(
        Op("deleteBackward") { deleteBackward() },
        Op("deleteForward") { deleteForward() },
        Op("killToStart") { killToStart().isNotEmpty() },
        Op("killToEnd") { killToEnd().isNotEmpty() },
        Op("killBigWordBackward") { killBigWordBackward().isNotEmpty() },
        Op("killWordBackward") { killWordBackward().isNotEmpty() },
        Op("killWordForward") { killWordForward().isNotEmpty() },
        Op("transpose") { transpose() },
        Op("moveLeft", motion = true) { moveLeft() },
        Op("moveRight", motion = true) { moveRight() },
        Op("moveHome", motion = true) { moveHome() },
        Op("moveEnd", motion = true) { moveEnd() },
        Op("moveWordLeft", motion = true) { moveWordLeft() },
        Op("moveUp", motion = true) { moveUp() },
    ),
)

/**
 * Applies [script] to [line] as the editor would and returns the states the user could undo to:
 * the state before every step, a step being a command that changed the line, except a typed
 * character that follows typed characters (it joins their step).
 */
private fun run(line: Undoable, script: List<Op>, afterEach: () -> Unit = {}): List<Pair<String, Int>> {
    val before = ArrayList<Pair<String, Int>>()
    var typing = false
    for (op in script) {
        val state = line.state()
        if (op.motion) {
            line.undo.breakTyping()
            op.apply(line.buffer)
            typing = false
        } else {
            var changed = false
            line.command(op.typed) { changed = op.apply(this) }
            if (changed) {
                if (!(op.typed && typing)) before.add(state)
                typing = op.typed
            } else if (!op.typed) {
                typing = false
            }
        }
        afterEach()
    }
    return before
}

/** Undoes until there is nothing left and returns the state after each undo. */
private fun undoAll(line: Undoable): List<Pair<String, Int>> = buildList {
    while (line.undo.undo(line.buffer)) add(line.state())
}

class UndoHistoryTest : FunSpec({
    test("undoing all the way back gives every earlier state, newest first, for random edit scripts") {
        checkAll(500, Arb.string(0..20), Arb.list(ops, 0..60)) { initial, script ->
            val line = Undoable(initial = initial)
            val states = run(line, script)
            withClue("script ${script.map { it.name }}") {
                undoAll(line) shouldBe states.reversed()
                line.buffer.text shouldBe initial
            }
        }
    }

    test("with a small budget: the bytes never exceed it, and undo gives back the newest states it kept, in order") {
        checkAll(500, Arb.long(0L..1_500L), Arb.string(0..40), Arb.list(ops, 0..80)) { budget, initial, script ->
            val line = Undoable(budget, initial)
            val states = run(line, script) { line.undo.bytes shouldBeLessThanOrEqual budget }
            val kept = line.undo.size
            withClue("budget $budget, script ${script.map { it.name }}") {
                undoAll(line) shouldBe states.takeLast(kept).reversed()
            }
        }
    }

    test("a run of 100,000 typed characters is one step that costs the same bytes as a run of one") {
        val line = Undoable()
        line.command(typed = true) { insert("x") }
        val oneKey = line.undo.bytes
        repeat(99_999) { line.command(typed = true) { insert("x") } }
        line.undo.bytes shouldBe oneKey
        line.undo.size shouldBe 1
        line.undo.undo(line.buffer) shouldBe true
        line.state() shouldBe ("" to 0)
    }

    test("a deletion costs what it removed, not what the line holds") {
        val line = Undoable(initial = "y".repeat(100_000))
        line.command { deleteBackward() }
        line.undo.bytes shouldBe UndoHistory.STEP_OVERHEAD + UndoHistory.EDIT_OVERHEAD + 2
    }

    test("a change larger than the whole budget cannot be undone, and neither can anything before it") {
        val line = Undoable(budget = 1_000, initial = "first ")
        line.command { insert("second ") }
        line.command { insert("y".repeat(600)) }
        line.undo.size shouldBe 2
        line.command { killToStart() } // 613 chars: 1,226 bytes, more than the whole budget
        line.undo.size shouldBe 0
        line.undo.bytes shouldBe 0
        line.undo.undo(line.buffer) shouldBe false
        line.state() shouldBe ("" to 0)
        // What comes after is recorded again.
        line.command { insert("third") }
        line.undo.undo(line.buffer) shouldBe true
        line.state() shouldBe ("" to 0)
    }

    test("with a budget too small for one step, typing records nothing, and the run goes on unrecorded") {
        val line = Undoable(budget = UndoHistory.STEP_OVERHEAD + UndoHistory.EDIT_OVERHEAD - 1, initial = "ab")
        repeat(5) {
            line.command(typed = true) { insert("x") }
            line.undo.size shouldBe 0
            line.undo.bytes shouldBe 0
        }
        line.state() shouldBe ("abxxxxx" to 7)
        line.undo.undo(line.buffer) shouldBe false
        line.state() shouldBe ("abxxxxx" to 7)
    }

    test("a command that changes nothing leaves no step and ends a typed run") {
        val line = Undoable()
        line.command(typed = true) { insert("ab") }
        line.command { deleteForward() } // at the end: nothing
        line.command(typed = true) { insert("c") }
        line.undo.size shouldBe 2
        line.undo.undo(line.buffer)
        line.state() shouldBe ("ab" to 2)
    }

    test("clear forgets every step") {
        val line = Undoable()
        line.command { insert("one") }
        line.command { insert("two") }
        line.undo.clear()
        line.undo.size shouldBe 0
        line.undo.bytes shouldBe 0
        line.undo.undo(line.buffer) shouldBe false
    }

    test("edits made while not recording (undo itself, a jump to another text) are not recorded") {
        val line = Undoable()
        line.command { insert("abc") }
        line.buffer.replace(0, 1, "Z", cursorAt = 0)
        line.undo.size shouldBe 1
    }
})
