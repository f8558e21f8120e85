// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.input.RawBytes

/** Key events for typing [text]: CR is Enter, other characters are character keys. */
fun keys(text: String): List<InputEvent> = text.codePoints().toArray().map { cp ->
    when (cp) {
        '\r'.code -> InputEvent.Key(KeyCode.Enter, raw = RawBytes.of(cp))
        else -> InputEvent.Key(KeyCode.Char(cp), raw = RawBytes.of(*String(Character.toChars(cp)).toByteArray().map { it.toInt() }.toIntArray()))
    }
}

/** Ctrl + [letter]. */
fun ctrl(letter: Char): InputEvent = InputEvent.Key(KeyCode.Char(letter.code), Modifiers.Ctrl, RawBytes.of(letter.code - 'a'.code + 1))

/** A Ctrl+C key press. */
val ctrlC: InputEvent = ctrl('c')
