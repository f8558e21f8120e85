// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * A run of printable ASCII characters (0x20 to 0x7E) typed one after another, as the key events
 * they are: element `i` is the key of [text]`[i]` with no modifiers and that one byte as its raw
 * bytes, the same shared instance the decoder gives for the byte on its own
 * ([EscapeSequences.SINGLE_BYTE_EVENTS]).
 *
 * A burst of typing (a paste into a terminal without bracketed paste, tmux `send-keys`, a serial
 * line) is tens of thousands of such keys in a row. Kept as one string, the burst goes through
 * the layers that only need to know "plain text, one byte a key" (weighing it, routing it,
 * inserting it) in bulk, while a consumer that wants keys still reads them one by one.
 *
 * Made only by [InputDecoder.feedSegments], which puts nothing but such bytes in [text].
 */
internal class TypedText(val text: String) : AbstractList<InputEvent>(), RandomAccess {
    override val size: Int get() = text.length

    override fun get(index: Int): InputEvent = EscapeSequences.SINGLE_BYTE_EVENTS[text[index].code]
}
