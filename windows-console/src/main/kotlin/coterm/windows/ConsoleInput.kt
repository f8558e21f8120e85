// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.input.InputEvent

/** One item of what a batch of records became: an event, or bytes for the shared decoder. */
internal sealed interface ConsoleInput {
    /** An event needing no decoding. */
    data class Event(val event: InputEvent) : ConsoleInput

    /** UTF-8 bytes for the console's decoder (the virtual-terminal input path). */
    class Bytes(val bytes: ByteArray) : ConsoleInput {
        override fun toString(): String = "Bytes(" + bytes.toString(Charsets.UTF_8) + ")"
    }
}
