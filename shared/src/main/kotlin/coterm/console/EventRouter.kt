// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.input.TypedText
import coterm.input.isInterruptEvent

/**
 * Hands each input event to whoever is in front: every Ctrl+C (and SIGINT) to the
 * [CommandSupervisor], which decides and carries the decision out (to the line editor when a
 * prompt is showing, else the running command's cancel, notice or exit); everything else to the
 * type-ahead queue, where the line editor or a key reader takes it.
 *
 * Confined to the console's thread.
 * Nothing is dropped: the type-ahead is bounded by back-pressure on the reader (see
 * [InputBacklog]), so every key routed here is kept until it is taken or a Ctrl+C that cancels a
 * command discards it.
 *
 * | event                  | prompt showing      | command running                                   | neither       |
 * |------------------------|---------------------|---------------------------------------------------|---------------|
 * | Ctrl+C, SIGINT         | to the editor       | [InterruptPolicy]: cancel, fold, notice, exit     | type-ahead    |
 * | resize                 | redraw, type-ahead  | type-ahead                                        | type-ahead    |
 * | Ctrl+Z (interactive)   | suspend the program | suspend the program                               | suspend       |
 * | SIGINT, handed off     | ignored: the child process got it from the terminal                     | | |
 * | any other              | to the editor       | type-ahead                                        | type-ahead    |
 *
 * Every press is first put to the [CommandSupervisor] (its [InterruptPolicy] decides, for every
 * column: the rest of a burst that cancelled a command is folded even once the prompt is back),
 * and Ctrl+C presses that follow each other in one batch (one read: a storm of 0x03, never a
 * person) are one press, so 10,000 of them at a prompt give one fresh prompt, not 10,000.
 */
internal class EventRouter(
    private val typeAhead: TypeAhead,
    private val supervisor: CommandSupervisor,
    private val writer: ConsoleWriter,
    private val interactive: Boolean,
    private val suspendProcess: () -> Unit = {},
) {
    /**
     * True while a child process has the terminal: a SIGINT then came from the Ctrl+C the
     * terminal sent the child (the whole foreground process group gets it) and is not ours.
     */
    @Volatile
    var handedOff: Boolean = false

    /** True for Ctrl+Z, which suspends the program as in any shell (DESIGN §1.4). */
    fun isSuspend(event: InputEvent): Boolean =
        event is InputEvent.Key && event.modifiers == Modifiers.Ctrl && (event.key as? KeyCode.Char)?.codePoint == 'z'.code

    /**
     * Routes one batch (what the reader read before handing over), in the segments the decoder
     * made, then wakes the consumer once.
     */
    fun route(batch: List<List<InputEvent>>) {
        var afterInterrupt = false
        var suspendedInBatch = false
        for (segment in batch) {
            var i = 0
            while (i < segment.size) {
                val end = queuedRunEnd(segment, i)
                if (end > i) {
                    // Keys that are queued as they are, in a row, as a burst of typing brings them:
                    // queued together, as one run. A key between two Ctrl+C presses: the second is
                    // meant, never folded.
                    supervisor.onOtherInput()
                    typeAhead.addAll(segment, i, end, InputBacklog.bytesOf(segment, i, end))
                    afterInterrupt = false
                    i = end
                    continue
                }
                val event = segment[i++]
                val interrupt = isInterruptEvent(event)
                when {
                    handedOff && event == InputEvent.Interrupt -> Unit
                    interrupt && afterInterrupt -> Unit
                    interrupt -> supervisor.onInterrupt(event)
                    interactive && isSuspend(event) -> if (!suspendedInBatch) {
                        // One stop per read: a storm of 0x1a is one press, as for Ctrl+C.
                        suspendedInBatch = true
                        suspendProcess()
                    }
                    event is InputEvent.Resize -> onResize(event)
                    else -> {
                        supervisor.onOtherInput()
                        typeAhead.add(event)
                    }
                }
                afterInterrupt = interrupt
            }
        }
        typeAhead.signal()
    }

    /** Routes [event] on its own (a signal's interrupt, a resize): a batch of one. */
    fun route(event: InputEvent) {
        route(listOf(listOf(event)))
    }

    /**
     * Where the run of keys queued as they are that starts at [from] in [segment] ends ([from]
     * when the event there is not one): typed text is such keys alone, one run whole.
     */
    private fun queuedRunEnd(segment: List<InputEvent>, from: Int): Int {
        if (segment is TypedText) return segment.size
        var end = from
        while (end < segment.size && isQueuedKey(segment[end])) end++
        return end
    }

    /**
     * A key that is queued as it is: any key but Ctrl+C and (at a terminal) Ctrl+Z. Keys without
     * Ctrl, what typing is made of, answer at the first test; other Ctrl keys (Ctrl+A, Enter's
     * neighbours in random input) join the run too, so a burst is a few runs, not one per key.
     */
    private fun isQueuedKey(event: InputEvent): Boolean {
        if (event !is InputEvent.Key) return false
        if (!event.modifiers.contains(Modifiers.Ctrl)) return true
        return !event.isInterrupt && !(interactive && isSuspend(event))
    }

    /** The window changed size: redraw the prompt for the new width, and tell key readers. */
    fun onResize(event: InputEvent.Resize) {
        writer.resize(event.columns, event.rows)
        typeAhead.add(event)
    }

    /** Input can no longer come: every reader gets end of input from now on. */
    fun endInput() {
        typeAhead.add(InputEvent.EndOfInput)
        typeAhead.signal()
    }
}
