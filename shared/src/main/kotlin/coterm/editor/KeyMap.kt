// SPDX-License-Identifier: Apache-2.0
package coterm.editor

import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.input.Modifiers

/**
 * Which [EditCommand] each key, or each sequence of keys, runs: an immutable map from
 * [KeyStroke] (and from lists of them, such as Ctrl+X Ctrl+E) to command.
 *
 * Printable characters without Ctrl or Alt are inserted and need no entry; a key with no entry
 * does nothing. Ctrl+C always interrupts whatever the map says, so a program can never lose its
 * way out. Rebind from code:
 *
 * ```kotlin
 * val keys = KeyMap.Default
 *     .with(KeyStroke.ctrl('o'), EditCommand.KillToStart)
 *     .with(listOf(KeyStroke.ctrl('x'), KeyStroke.ctrl('u')), EditCommand.Undo)
 *     .without(KeyStroke.ctrl('t'))
 * Console.open(ConsoleOptions(keyMap = keys))
 * ```
 *
 * **Sequences** (readline's and zsh's multi-key bindings) have no timer: the first keys of a
 * sequence (its prefix) wait for the next key however long it takes. A key that continues no
 * bound sequence drops the prefix silently and is then handled as if pressed alone (readline
 * rings the bell and drops both; here the second key is not lost). Ctrl+C interrupts even in the
 * middle of a sequence, so a sequence may not contain it. A sequence's prefix cannot be bound
 * itself (Ctrl+X alone and Ctrl+X Ctrl+E): [with] rejects that with an
 * [IllegalArgumentException], so unbind one before binding the other.
 *
 * The defaults ([Default]) are the Emacs-style bindings readline, JLine and prompt_toolkit share;
 * see the README for the table.
 */
public class KeyMap private constructor(
    private val bindings: Map<KeyStroke, EditCommand>,
    private val sequenceBindings: Map<List<KeyStroke>, EditCommand> = emptyMap(),
) {
    /** The command bound to [stroke], or null. */
    public operator fun get(stroke: KeyStroke): EditCommand? = bindings[stroke]

    /**
     * The command bound to [sequence] (one stroke or more), or null; a list of one stroke is the
     * same as [get] with that stroke.
     */
    public operator fun get(sequence: List<KeyStroke>): EditCommand? =
        if (sequence.size == 1) bindings[sequence[0]] else sequenceBindings[sequence]

    /** Every proper prefix of a bound sequence (Ctrl+X for Ctrl+X Ctrl+E): the keys that wait for more. */
    private val prefixes: Set<List<KeyStroke>> = HashSet<List<KeyStroke>>().also { set ->
        for (sequence in sequenceBindings.keys) for (n in 1 until sequence.size) set += sequence.subList(0, n).toList()
    }

    /** The first strokes of the bound sequences: asked of every key that is not a plain character, so a set. */
    private val sequenceStarts: Set<KeyStroke> = sequenceBindings.keys.mapTo(HashSet()) { it[0] }

    /** True when [key] with [modifiers] starts a bound sequence: the editor then waits for the next key. */
    @JvmSynthetic
    internal fun startsSequence(key: KeyCode, modifiers: Modifiers): Boolean {
        if (sequenceStarts.isEmpty()) return false
        // Every typed key asks: an unmodified ASCII character that starts a sequence is in the
        // table (as Ignore), so one that is not there starts none, with no stroke made and hashed.
        if (modifiers.isEmpty && key is KeyCode.Char && key.codePoint < PLAIN_TABLE_SIZE && unmodifiedAscii[key.codePoint] == null) return false
        return KeyStroke(key, modifiers) in sequenceStarts
    }

    /**
     * What [pending] (a prefix the editor holds) followed by [stroke] is: a bound sequence's
     * command, [Continues] when it is a longer prefix, or null when it continues no sequence.
     */
    @JvmSynthetic
    internal fun continuation(pending: List<KeyStroke>, stroke: KeyStroke): Continuation? {
        val keys = pending + stroke
        sequenceBindings[keys]?.let { return Continuation.Bound(it) }
        return if (keys in prefixes) Continuation.Continues else null
    }

    /** The answer of [continuation]. */
    internal sealed interface Continuation {
        /** The keys so far are a bound sequence. */
        data class Bound(val command: EditCommand) : Continuation

        /** The keys so far are the prefix of a longer sequence: wait for the next. */
        data object Continues : Continuation
    }

    @JvmSynthetic
    internal fun commandFor(key: KeyCode, modifiers: Modifiers): EditCommand? {
        if (modifiers.isEmpty && key is KeyCode.Char && key.codePoint < PLAIN_TABLE_SIZE) return unmodifiedAscii[key.codePoint]
        return bindings[KeyStroke(key, modifiers)]
    }

    /** The commands of ASCII characters typed without modifiers, by code point: every typed key asks. */
    private val unmodifiedAscii = arrayOfNulls<EditCommand>(PLAIN_TABLE_SIZE).also { table ->
        for ((stroke, command) in bindings) {
            val code = stroke.key
            if (stroke.modifiers.isEmpty && code is KeyCode.Char && code.codePoint < PLAIN_TABLE_SIZE) table[code.codePoint] = command
        }
        // A plain character that starts a sequence is not typed either: it waits (the editor asks startsSequence).
        for (stroke in sequenceBindings.keys.map { it[0] }) {
            val code = stroke.key
            if (stroke.modifiers.isEmpty && code is KeyCode.Char && code.codePoint < PLAIN_TABLE_SIZE) table[code.codePoint] = EditCommand.Ignore
        }
    }

    /**
     * The first index from [from] until [to] at which [text] (printable ASCII, typed without
     * modifiers) has a character bound to a command, or [to]: up to there the keys only insert.
     */
    @JvmSynthetic
    internal fun firstBoundPlainAscii(text: String, from: Int, to: Int): Int {
        if (!bindsPrintableAscii) return to
        var i = from
        while (i < to && unmodifiedAscii[text[i].code] == null) i++
        return i
    }

    /** True when a printable ASCII character typed without modifiers is bound (the default map binds none). */
    private val bindsPrintableAscii = (0x20..0x7E).any { unmodifiedAscii[it] != null }

    /**
     * This map with [stroke] bound to [command] (replacing what it was bound to).
     *
     * @throws IllegalArgumentException when [stroke] starts a bound sequence (Ctrl+X while
     *   Ctrl+X Ctrl+E is bound): unbind the sequence first ([without]).
     */
    public fun with(stroke: KeyStroke, command: EditCommand): KeyMap {
        require(stroke !in sequenceStarts) {
            "$stroke starts the bound sequence ${sequenceBindings.keys.first { it[0] == stroke }.joinToString(" ")}: unbind that first"
        }
        return KeyMap(bindings + (stroke to command), sequenceBindings)
    }

    /**
     * This map with the keys of [sequence], pressed one after another, bound to [command]
     * (replacing what the sequence was bound to): `with(listOf(KeyStroke.ctrl('x'),
     * KeyStroke.ctrl('e')), EditCommand.EditInEditor)`. A list of one stroke is [with] that stroke.
     *
     * @throws IllegalArgumentException when [sequence] is empty, contains Ctrl+C (which always
     *   interrupts), has a bound key or sequence as its prefix, or is itself the prefix of a
     *   bound sequence: a prefix waits for the next key, so it cannot also run a command.
     */
    public fun with(sequence: List<KeyStroke>, command: EditCommand): KeyMap {
        require(sequence.isNotEmpty()) { "a key sequence needs at least one key" }
        val keys = sequence.toList()
        if (keys.size == 1) return with(keys[0], command)
        require(keys.none { it == CTRL_C }) { "${keys.joinToString(" ")}: Ctrl+C always interrupts, it cannot be part of a sequence" }
        require(keys[0] !in bindings) { "${keys.joinToString(" ")}: its first key ${keys[0]} is bound on its own; unbind it first" }
        for (n in 2 until keys.size) {
            require(keys.subList(0, n) !in sequenceBindings) {
                "${keys.joinToString(" ")}: its prefix ${keys.subList(0, n).joinToString(" ")} is bound; unbind it first"
            }
        }
        require(keys !in prefixes) { "${keys.joinToString(" ")} is the prefix of a longer bound sequence; unbind that first" }
        return KeyMap(bindings, sequenceBindings + (keys to command))
    }

    /** This map without a binding for [stroke]. */
    public fun without(stroke: KeyStroke): KeyMap = KeyMap(bindings - stroke, sequenceBindings)

    /** This map without a binding for [sequence] (a list of one stroke: [without] that stroke). */
    public fun without(sequence: List<KeyStroke>): KeyMap =
        if (sequence.size == 1) without(sequence[0]) else KeyMap(bindings, LinkedHashMap(sequenceBindings).apply { remove(sequence.toList()) })

    /** Every single-key binding, for listing them. */
    public val entries: Map<KeyStroke, EditCommand> = java.util.Collections.unmodifiableMap(bindings)

    /** Every binding of a sequence of two keys or more (Ctrl+X Ctrl+E), for listing them. */
    public val sequences: Map<List<KeyStroke>, EditCommand> = java.util.Collections.unmodifiableMap(sequenceBindings)

    override fun toString(): String = "KeyMap(${bindings.size} bindings, ${sequenceBindings.size} sequences)"

    public companion object {
        private const val PLAIN_TABLE_SIZE = 0x80
        private val CTRL_C = KeyStroke.ctrl('c')

        private fun key(code: KeyCode, modifiers: Modifiers = Modifiers.None) = KeyStroke(code, modifiers)
        private fun ctrl(c: Char) = KeyStroke.ctrl(c)
        private fun alt(c: Char) = KeyStroke.alt(c)

        /** The everyday Emacs-style bindings of readline, JLine and prompt_toolkit. */
        @JvmField
        public val Default: KeyMap = KeyMap(
            linkedMapOf(
                key(KeyCode.Enter) to EditCommand.AcceptLine,
                ctrl('j') to EditCommand.AcceptLine,
                ctrl('m') to EditCommand.AcceptLine,
                key(KeyCode.Enter, Modifiers.Alt) to EditCommand.InsertNewline,
                ctrl('d') to EditCommand.DeleteOrEndOfInput,
                key(KeyCode.Backspace) to EditCommand.DeleteBackward,
                ctrl('h') to EditCommand.DeleteBackward,
                key(KeyCode.Delete) to EditCommand.DeleteForward,
                key(KeyCode.Left) to EditCommand.MoveLeft,
                ctrl('b') to EditCommand.MoveLeft,
                key(KeyCode.Right) to EditCommand.MoveRight,
                ctrl('f') to EditCommand.MoveRight,
                key(KeyCode.Home) to EditCommand.MoveHome,
                ctrl('a') to EditCommand.MoveHome,
                key(KeyCode.End) to EditCommand.MoveEnd,
                ctrl('e') to EditCommand.MoveEnd,
                alt('b') to EditCommand.MoveWordLeft,
                key(KeyCode.Left, Modifiers.Ctrl) to EditCommand.MoveWordLeft,
                key(KeyCode.Left, Modifiers.Alt) to EditCommand.MoveWordLeft,
                alt('f') to EditCommand.MoveWordRight,
                key(KeyCode.Right, Modifiers.Ctrl) to EditCommand.MoveWordRight,
                key(KeyCode.Right, Modifiers.Alt) to EditCommand.MoveWordRight,
                ctrl('u') to EditCommand.KillToStart,
                ctrl('k') to EditCommand.KillToEnd,
                ctrl('w') to EditCommand.KillBigWordBackward,
                key(KeyCode.Backspace, Modifiers.Alt) to EditCommand.KillWordBackward,
                key(KeyCode.Char('h'.code), Modifiers.Ctrl + Modifiers.Alt) to EditCommand.KillWordBackward,
                alt('d') to EditCommand.KillWordForward,
                key(KeyCode.Delete, Modifiers.Ctrl) to EditCommand.KillWordForward,
                ctrl('y') to EditCommand.Yank,
                alt('y') to EditCommand.YankPop,
                ctrl('_') to EditCommand.Undo,
                ctrl('/') to EditCommand.Undo,
                ctrl('t') to EditCommand.TransposeChars,
                ctrl('l') to EditCommand.ClearScreen,
                key(KeyCode.Up) to EditCommand.PreviousLineOrHistory,
                ctrl('p') to EditCommand.PreviousLineOrHistory,
                key(KeyCode.Down) to EditCommand.NextLineOrHistory,
                ctrl('n') to EditCommand.NextLineOrHistory,
                alt('<') to EditCommand.FirstHistory,
                alt('>') to EditCommand.LastHistory,
                ctrl('r') to EditCommand.ReverseSearch,
                ctrl('s') to EditCommand.ForwardSearch,
                key(KeyCode.Tab) to EditCommand.Complete,
            ),
            mapOf(listOf(ctrl('x'), ctrl('e')) to EditCommand.EditInEditor),
        )
    }
}
