// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers

/**
 * vi's insert and command modes over a [LineBuffer] ([EditMode.Vi]): a parser of
 * `[count] [operator [count]] motion` and the table of commands. Pure: no I/O, no threads,
 * confined to its [LineEditor].
 *
 * In insert mode only Esc (to command mode, the cursor one back as in vi) is vi's; every other
 * key is the [LineEditor]'s, with the [KeyMap] (Backspace, arrows, Ctrl+W, Ctrl+U, Enter, Tab),
 * as in bash's vi-insert. An Alt+key in insert mode is Esc then that key: typed quickly, Esc and
 * the next key can reach coterm in one read.
 *
 * Command mode:
 *
 * | keys | what |
 * |---|---|
 * | `h l w b e W B E 0 ^ $ f F t T ; ,`, Space, Backspace, Left, Right, Home, End | motions, with counts (`3w`) |
 * | `d c y` + motion, `dd cc yy` | delete, change (then insert), yank; counts before and after (`2d3w`); `cw` is `ce`, as in vim |
 * | `x X D C s S` | `dl dh d$ c$ cl cc` |
 * | `p P` | put the register after / before the cursor, counted |
 * | `r`c, `~` | replace characters with c, toggle case, counted |
 * | `u`, `.` | undo the last change (a change and the text typed after it are one); repeat the last change, with its typed text |
 * | `i a I A` | insert before, after, at the first non-blank, at the end |
 * | `j k` | next / previous history entry (or line of multi-line input), as Down / Up |
 * | `/ ?` | incremental search of the history, older / newer (Ctrl+R / Ctrl+S) |
 * | Esc | cancels a command half typed |
 *
 * Other keys in command mode (Enter, Up, Ctrl+L, Ctrl+R...) are the key map's. The register is
 * one (vi's unnamed register), holding at most what the line held.
 */
internal class ViMode(
    private val buffer: LineBuffer,
    private val undo: UndoHistory,
    private val host: Host,
) {
    /** What vi asks of its editor. */
    interface Host {
        /** Runs [command] as its key would (history, search). */
        fun run(command: EditCommand): EditResult

        /** [text] cut to what fits in the input when [replacing] chars go. */
        fun fit(text: String, replacing: Int): String
    }

    /** True in insert mode (where each line starts), false in command mode. */
    var insert: Boolean = true
        private set

    /** True while a command is half typed in command mode (`d`, `2`, `f`): the next key finishes it. */
    val pending: Boolean get() = count != 0 || operator != null || awaiting != null

    // The command being typed.
    private var count = 0
    private var operator: Char? = null
    private var operatorCount = 0
    private var awaiting: Char? = null

    /** The unnamed register, and whether it holds whole lines (`dd`, `yy`). */
    private var register = ""
    private var registerLinewise = false

    /** The last `f F t T`, for `;` and `,`. */
    private var lastFind: Char? = null
    private var lastFindTarget = 0

    /** A change `.` can repeat: [keys] are the command without counts, [inserted] what was typed after it. */
    private class Change(val count: Int, val keys: String, var inserted: String = "")

    private var lastChange: Change? = null

    /** The change that entered insert mode, waiting for its typed text until Esc. */
    private var insertChange: Change? = null
    private var insertStart = 0
    private var lengthAtInsert = 0
    private var replaying = false

    /**
     * Handles [event] if it is vi's: returns the result, or null when the editor should handle it
     * as in Emacs mode (any key in insert mode but Esc, a key with Ctrl in command mode...).
     */
    fun key(event: InputEvent.Key): EditResult? {
        val key = event.key
        val modifiers = event.modifiers
        if (insert) {
            return when {
                key == KeyCode.Escape && (modifiers.isEmpty || modifiers == Modifiers.Alt) -> leaveInsert()
                modifiers == Modifiers.Alt && key is KeyCode.Char -> {
                    leaveInsert()
                    key(InputEvent.Key(key))
                    EditResult.Editing(changed = true)
                }
                else -> null
            }
        }
        val char = when {
            key is KeyCode.Char && (modifiers - Modifiers.Shift).isEmpty -> key.codePoint
            key == KeyCode.Escape -> return cancel()
            awaiting != null -> return cancel()
            !modifiers.isEmpty -> return null.also { reset() }
            key == KeyCode.Left || key == KeyCode.Backspace -> 'h'.code
            key == KeyCode.Right -> 'l'.code
            key == KeyCode.Home -> '0'.code
            key == KeyCode.End -> '$'.code
            else -> return null.also { reset() }
        }
        return EditResult.Editing(changed = command(char))
    }

    /** The editor ran a key-map command in command mode: the cursor may not stay past the last character. */
    fun afterKeyMapCommand() {
        if (!insert) clampCursor()
    }

    private fun cancel(): EditResult {
        reset()
        return EditResult.Editing(changed = false)
    }

    private fun reset() {
        count = 0
        operator = null
        operatorCount = 0
        awaiting = null
    }

    /** Takes [c], a character typed in command mode; true when the line, cursor or mode changed. */
    private fun command(c: Int): Boolean {
        val waitingFor = awaiting
        if (waitingFor != null) {
            awaiting = null
            if (waitingFor != 'r') return motionOrOperator(waitingFor, c)
            commandKeys = "r" + String(Character.toChars(c))
            val n = total()
            return finish { replaceChars(n, c) }
        }
        if (c > 0xFFFF) return false.also { reset() }
        val ch = c.toChar()
        if (ch in '1'..'9' || ch == '0' && (if (operator == null) count else operatorCount) != 0) {
            if (operator == null) count = addDigit(count, ch) else operatorCount = addDigit(operatorCount, ch)
            return false
        }
        operator?.let { op ->
            if (ch == op) {
                commandKeys = "$op$op"
                val n = total()
                return finish { linewise(op, n) }
            }
            return if (ch in "fFtT") {
                awaiting = ch
                false
            } else {
                motionOrOperator(ch, 0)
            }
        }
        commandKeys = ch.toString()
        // The count, taken before finish() forgets it.
        val n = total()
        return when (ch) {
            'd', 'c', 'y' -> {
                operator = ch
                false
            }
            'f', 'F', 't', 'T', 'r' -> {
                awaiting = ch
                false
            }
            'x' -> shorthand("dl")
            'X' -> shorthand("dh")
            'D' -> shorthand("d$")
            'C' -> shorthand("c$")
            's' -> shorthand("cl")
            'S' -> shorthand("cc")
            'p', 'P' -> finish { put(after = ch == 'p', n) }
            '~' -> finish { toggleCase(n) }
            'u' -> finish(change = false) { undoTimes(n) }
            '.' -> repeat()
            'i', 'a', 'I', 'A' -> finish { enterInsert(ch) }
            'j', 'k' -> finish(change = false) { walkHistory(if (ch == 'j') EditCommand.NextLineOrHistory else EditCommand.PreviousLineOrHistory, n) }
            '/', '?' -> finish(change = false) { host.run(if (ch == '/') EditCommand.ReverseSearch else EditCommand.ForwardSearch) != EditResult.Editing(false) }
            else -> motionOrOperator(ch, 0)
        }
    }

    private fun addDigit(value: Int, digit: Char): Int = minOf(value * 10 + (digit - '0'), MAX_COUNT)

    /** The command's count: the counts before and after the operator multiplied, 1 when none. */
    private fun total(): Int = (count.coerceAtLeast(1).toLong() * operatorCount.coerceAtLeast(1)).coerceAtMost(MAX_COUNT.toLong()).toInt()

    /** `x` and its kind: the longer command they stand for, with the count typed. */
    private fun shorthand(keys: String): Boolean {
        operator = keys[0]
        commandKeys = keys
        val n = total()
        return if (keys[1] == keys[0]) finish { linewise(keys[0], n) } else motionOrOperator(keys[1], 0)
    }

    /**
     * Ends the command: runs [action] and, when it is a [change] that `.` repeats, remembers the
     * command's keys without counts ([commandKeys], set by the caller); a change that ends in
     * command mode is one undo step, one that entered insert mode goes on until Esc.
     */
    private inline fun finish(change: Boolean = true, action: () -> Boolean): Boolean {
        val keysTyped = commandKeys
        val n = if (count == 0 && operatorCount == 0) 0 else total()
        commandKeys = ""
        reset()
        if (!change) return action()
        val entered = insert
        val changed = try {
            action()
        } finally {
            if (!insert) undo.endGroup()
        }
        if (!replaying && keysTyped.isNotEmpty() && keysTyped[0] != 'y') {
            val record = Change(n, keysTyped)
            if (insert && !entered) insertChange = record else if (changed) lastChange = record
        }
        return changed
    }

    /** The keys of the command being finished, without counts, for `.`. */
    private var commandKeys: String = ""

    /** A motion ([op] null) or an operator with a motion: moves, or changes the text it covers. */
    private fun motionOrOperator(motionKey: Char, arg: Int): Boolean {
        val op = operator
        val n = total()
        commandKeys = buildString {
            if (op != null) append(op)
            append(motionKey)
            if (arg != 0) appendCodePoint(arg)
        }
        val target = motion(motionKey, arg, n, op)
        if (target == null) {
            commandKeys = ""
            reset()
            return false
        }
        if (op == null) {
            commandKeys = ""
            reset()
            val moved = buffer.placeCursor(target.position)
            clampCursor()
            return moved
        }
        return finish {
            val start = minOf(buffer.cursor, target.position)
            var end = maxOf(buffer.cursor, target.position)
            if (target.inclusive && end < buffer.length) end = buffer.nextBoundary(end)
            operate(op, start, end)
        }
    }

    private class Target(val position: Int, val inclusive: Boolean)

    /** Where [key] (with [arg] for `f F t T`), done [n] times, takes the cursor; null when it cannot. */
    private fun motion(key: Char, arg: Int, n: Int, op: Char?): Target? {
        val cursor = buffer.cursor
        val lineStart = buffer.lineStart()
        val lineEnd = buffer.lineEnd()
        return when (key) {
            'h' -> stepped(n, cursor) { p -> if (p > lineStart) buffer.previousBoundary(p) else p }?.let { Target(it, false) }
            'l', ' ' -> stepped(n, cursor) { p -> if (p < lineEnd) buffer.nextBoundary(p) else p }?.let { Target(it, false) }
            '0' -> Target(lineStart, false)
            '^' -> Target(firstNonBlank(lineStart, lineEnd), false)
            '$' -> Target(lineEnd, false)
            'w', 'W' -> {
                val big = key == 'W'
                if (op == 'c' && cursor < buffer.length && wordClass(cursor, big) != 0) {
                    // vim: `cw` on a word is `ce`, the blanks after it stay.
                    Target(repeatMotion(n, cursor) { wordEnd(it, big) }, true)
                } else {
                    var p = repeatMotion(n, cursor) { wordStart(it, big) }
                    // An operator stops at the end of the line, as vim's `dw` on the last word does.
                    if (op != null && p > lineEnd && lineEnd > cursor) p = lineEnd
                    Target(p, false)
                }
            }
            'e', 'E' -> {
                val p = repeatMotion(n, cursor) { wordEnd(it, key == 'E') }
                if (p >= buffer.length) null else Target(p, true)
            }
            'b', 'B' -> Target(repeatMotion(n, cursor) { wordBack(it, key == 'B') }, false)
            'f', 'F', 't', 'T' -> {
                lastFind = key
                lastFindTarget = arg
                find(key, arg, n, lineStart, lineEnd, repeated = false)
            }
            ';', ',' -> {
                val last = lastFind ?: return null
                val kind = if (key == ';') last else reversed(last)
                find(kind, lastFindTarget, n, lineStart, lineEnd, repeated = true)
            }
            else -> null
        }
    }

    private fun reversed(find: Char): Char = when (find) {
        'f' -> 'F'
        'F' -> 'f'
        't' -> 'T'
        else -> 't'
    }

    /** [step] done [n] times from [from]; null when it did not move at all. */
    private inline fun stepped(n: Int, from: Int, step: (Int) -> Int): Int? {
        val p = repeatMotion(n, from, step)
        return if (p == from) null else p
    }

    /** [step] done [n] times from [from], stopping once it no longer moves. */
    private inline fun repeatMotion(n: Int, from: Int, step: (Int) -> Int): Int {
        var p = from
        repeat(n) {
            val next = step(p)
            if (next == p) return p
            p = next
        }
        return p
    }

    /** `f F t T` (with `;` and `,`: [repeated]) for [target], [n] times, in the cursor's line. */
    private fun find(kind: Char, target: Int, n: Int, lineStart: Int, lineEnd: Int, repeated: Boolean): Target? {
        val cursor = buffer.cursor
        val forward = kind == 'f' || kind == 't'
        val till = kind == 't' || kind == 'T'
        var p = cursor
        // A repeated `t` starts one further, or it would find the character it stands before.
        if (repeated && till) {
            if (forward && p < lineEnd) p = buffer.nextBoundary(p) else if (!forward && p > lineStart) p = buffer.previousBoundary(p)
        }
        repeat(n) {
            do {
                if (forward) {
                    if (p >= lineEnd) return null
                    p = buffer.nextBoundary(p)
                    if (p >= lineEnd) return null
                } else {
                    if (p <= lineStart) return null
                    p = buffer.previousBoundary(p)
                }
            } while (buffer.codePointAt(p) != target)
        }
        if (till) p = if (forward) buffer.previousBoundary(p) else buffer.nextBoundary(p)
        return Target(p, inclusive = forward)
    }

    private fun firstNonBlank(lineStart: Int, lineEnd: Int): Int {
        var p = lineStart
        while (p < lineEnd && Character.isWhitespace(buffer.codePointAt(p))) p = buffer.nextBoundary(p)
        return p
    }

    /** 0 for blanks (newlines too), 2 for word characters (letters, digits, `_`), 1 for the rest; big words: 1 for all but blanks. */
    private fun wordClass(at: Int, big: Boolean): Int {
        val cp = buffer.codePointAt(at)
        return when {
            Character.isWhitespace(cp) -> 0
            big -> 1
            Character.isLetterOrDigit(cp) || cp == '_'.code -> 2
            else -> 1
        }
    }

    /** `w`: the start of the next word (the text's end when there is none). */
    private fun wordStart(from: Int, big: Boolean): Int {
        val length = buffer.length
        var p = from
        if (p >= length) return p
        val cls = wordClass(p, big)
        if (cls != 0) while (p < length && wordClass(p, big) == cls) p = buffer.nextBoundary(p)
        while (p < length && wordClass(p, big) == 0) p = buffer.nextBoundary(p)
        return p
    }

    /** `e`: the last character of this word or the next (the text's end when there is none). */
    private fun wordEnd(from: Int, big: Boolean): Int {
        val length = buffer.length
        if (from >= length) return from
        var p = buffer.nextBoundary(from)
        while (p < length && wordClass(p, big) == 0) p = buffer.nextBoundary(p)
        if (p >= length) return length
        val cls = wordClass(p, big)
        while (true) {
            val next = buffer.nextBoundary(p)
            if (next >= length || wordClass(next, big) != cls) return p
            p = next
        }
    }

    /** `b`: the start of this word or the one before. */
    private fun wordBack(from: Int, big: Boolean): Int {
        if (from == 0) return 0
        var p = buffer.previousBoundary(from)
        while (p > 0 && wordClass(p, big) == 0) p = buffer.previousBoundary(p)
        val cls = wordClass(p, big)
        while (p > 0) {
            val before = buffer.previousBoundary(p)
            if (wordClass(before, big) != cls) break
            p = before
        }
        return p
    }

    /** `d`, `c` or `y` on [start] until [end]. */
    private fun operate(op: Char, start: Int, end: Int): Boolean {
        if (start >= end) {
            if (op == 'c') return enterInsertAt(start)
            return false
        }
        register = buffer.slice(start, end)
        registerLinewise = false
        return when (op) {
            'y' -> {
                buffer.placeCursor(start)
                true
            }
            'd' -> {
                edit { buffer.replace(start, end, "", start) }
                clampCursor()
                true
            }
            else -> {
                edit { buffer.replace(start, end, "", start) }
                enterInsertAt(start)
            }
        }
    }

    /** `dd`, `cc`, `yy`: [n] whole lines from the cursor's. */
    private fun linewise(op: Char, n: Int): Boolean {
        val start = buffer.lineStart()
        var end = buffer.lineEnd()
        repeat(n - 1) { if (end < buffer.length) end = buffer.lineEnd(end + 1) }
        register = buffer.slice(start, end)
        registerLinewise = true
        when (op) {
            'y' -> return false
            'c' -> {
                edit { buffer.replace(start, end, "", start) }
                return enterInsertAt(start)
            }
        }
        // The line and one of its newlines: the one after it, else the one before it.
        val (from, to) = when {
            end < buffer.length -> start to end + 1
            start > 0 -> start - 1 to end
            else -> start to end
        }
        if (from == to) return false
        edit { buffer.replace(from, to, "", from) }
        buffer.placeCursor(firstNonBlank(buffer.lineStart(), buffer.lineEnd()))
        clampCursor()
        return true
    }

    /** `p` / `P`: the register [n] times after / before the cursor. */
    private fun put(after: Boolean, n: Int): Boolean {
        if (register.isEmpty() && !registerLinewise) return false
        if (registerLinewise) {
            val at = if (after) buffer.lineEnd() else buffer.lineStart()
            val lines = repeated(register + "\n", n).removeSuffix("\n")
            val text = host.fit(if (after) "\n" + lines else lines + "\n", 0)
            if (text.isEmpty()) return false
            edit { buffer.replace(at, at, text, at) }
            buffer.placeCursor(if (after) at + 1 else at)
            clampCursor()
            return true
        }
        val at = if (after && buffer.cursor < buffer.lineEnd()) buffer.nextBoundary(buffer.cursor) else buffer.cursor
        val text = host.fit(repeated(register, n), 0)
        if (text.isEmpty()) return false
        edit { buffer.replace(at, at, text, at + text.length) }
        buffer.placeCursor(at + text.length - 1)
        clampCursor()
        return true
    }

    /** [text] [n] times, no longer than the input can take (and a line more). */
    private fun repeated(text: String, n: Int): String {
        if (text.isEmpty()) return text
        val room = (Int.MAX_VALUE / 2 - buffer.length).coerceAtLeast(0)
        val times = minOf(n.toLong(), room.toLong() / text.length + 1).toInt().coerceAtLeast(1)
        return text.repeat(times)
    }

    /** `r`: [n] characters from the cursor become [c]; nothing when the line has fewer. */
    private fun replaceChars(n: Int, c: Int): Boolean {
        if (c == '\n'.code || c == '\r'.code) return false
        val start = buffer.cursor
        val lineEnd = buffer.lineEnd()
        var end = start
        repeat(n) {
            if (end >= lineEnd) return false
            end = buffer.nextBoundary(end)
        }
        val replacement = String(Character.toChars(c)).repeat(n)
        val fitted = host.fit(replacement, end - start)
        if (fitted.length != replacement.length) return false
        edit { buffer.replace(start, end, replacement, start + replacement.length) }
        buffer.placeCursor(start + replacement.length - Character.charCount(c))
        return true
    }

    /** `~`: the case of [n] characters from the cursor toggled; the cursor goes past them. */
    private fun toggleCase(n: Int): Boolean {
        val start = buffer.cursor
        val lineEnd = buffer.lineEnd()
        if (start >= lineEnd) return false
        var end = start
        val toggled = StringBuilder()
        var count = 0
        while (count < n && end < lineEnd) {
            val cp = buffer.codePointAt(end)
            toggled.appendCodePoint(if (Character.isUpperCase(cp)) Character.toLowerCase(cp) else Character.toUpperCase(cp))
            end = buffer.nextBoundary(end)
            count++
        }
        // A case change that changes the length (ß to SS) is left alone: the cursor could not follow it.
        if (toggled.length != end - start) return false.also { buffer.placeCursor(end); clampCursor() }
        edit { buffer.replace(start, end, toggled, end) }
        clampCursor()
        return true
    }

    private fun undoTimes(n: Int): Boolean {
        undo.endGroup()
        var changed = false
        repeat(n) { if (undo.undo(buffer)) changed = true else return@repeat }
        clampCursor()
        return changed
    }

    private fun walkHistory(command: EditCommand, n: Int): Boolean {
        var changed = false
        repeat(n) { if ((host.run(command) as? EditResult.Editing)?.changed == true) changed = true }
        clampCursor()
        return changed
    }

    /** `.`: the last change again, with its typed text; a count replaces its count. */
    private fun repeat(): Boolean {
        val change = lastChange ?: return false.also { reset() }
        val n = if (count != 0) count else change.count
        reset()
        commandKeys = ""
        replaying = true
        try {
            if (n > 0) for (digit in n.toString()) command(digit.code)
            var i = 0
            var changed = false
            while (i < change.keys.length) {
                val cp = change.keys.codePointAt(i)
                i += Character.charCount(cp)
                changed = command(cp) || changed
            }
            if (insert) {
                val text = host.fit(change.inserted, 0)
                if (text.isNotEmpty()) edit { buffer.insert(text) }
                leaveInsert()
                changed = true
            }
            return changed
        } finally {
            replaying = false
        }
    }

    /** `i a I A`. */
    private fun enterInsert(how: Char): Boolean {
        val at = when (how) {
            'a' -> if (buffer.cursor < buffer.lineEnd()) buffer.nextBoundary(buffer.cursor) else buffer.cursor
            'I' -> firstNonBlank(buffer.lineStart(), buffer.lineEnd())
            'A' -> buffer.lineEnd()
            else -> buffer.cursor
        }
        return enterInsertAt(at)
    }

    private fun enterInsertAt(at: Int): Boolean {
        buffer.placeCursor(at)
        // The change so far and what is typed next are one step for `u`.
        undo.beginGroup()
        insert = true
        insertStart = buffer.cursor
        lengthAtInsert = buffer.length
        return true
    }

    /** Esc in insert mode: command mode, the cursor one back; the typed text is kept for `.`. */
    private fun leaveInsert(): EditResult {
        insert = false
        undo.endGroup()
        insertChange?.let { change ->
            val cursor = buffer.cursor
            // Only text typed in one run at the place insert began is repeated (as vim, which forgets it on a cursor key).
            change.inserted = if (cursor >= insertStart && buffer.length - lengthAtInsert == cursor - insertStart) buffer.slice(insertStart, cursor) else ""
            lastChange = change
        }
        insertChange = null
        if (buffer.cursor > buffer.lineStart()) buffer.moveLeft()
        reset()
        return EditResult.Editing(changed = true)
    }

    /** One edit of a command: it joins the command's undo group, which [finish] or Esc ends. */
    private inline fun edit(action: () -> Unit) {
        undo.beginGroup()
        undo.begin(buffer.cursor, typed = false)
        try {
            action()
        } finally {
            undo.end(typed = false)
        }
    }

    /** In command mode the cursor is on a character: not past the last one of its line. */
    private fun clampCursor() {
        val lineEnd = buffer.lineEnd()
        if (buffer.cursor == lineEnd && lineEnd > buffer.lineStart()) buffer.placeCursor(buffer.previousBoundary(lineEnd))
    }

    private companion object {
        /** Counts above this are taken as this: a stuck key cannot ask for a billion repeats. */
        const val MAX_COUNT = 100_000
    }
}
