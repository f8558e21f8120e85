// SPDX-License-Identifier: Apache-2.0
package coterm.input

/**
 * True for Ctrl+C ([InputEvent.Key.isInterrupt], the one definition of the key) and SIGINT
 * ([InputEvent.Interrupt]): the one place that says what interrupts. The reader, the router,
 * the type-ahead, the prompt and the line editor all ask here. No allocation, no virtual call:
 * the classes are final.
 */
@JvmSynthetic
internal fun isInterruptEvent(event: InputEvent): Boolean =
    event === InputEvent.Interrupt || (event is InputEvent.Key && event.isInterrupt)
