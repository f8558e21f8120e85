// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.console.Console
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.launch

/**
 * The key listener: the command collects the console's key events into a channel, and a printer
 * coroutine prints once a second the keys pressed in that second. Ctrl+C cancels both (they are
 * one command) and the program ends cleanly.
 *
 * The printer sleeps until a key arrives, so an idle listener wakes up no more than the console.
 */
internal object KeyListener {
    suspend fun run(console: Console): Int {
        console.println("Press keys; Ctrl+C ends.")
        console.runCommand("keys") {
            val keys = Channel<String>(Channel.UNLIMITED)
            val start = System.nanoTime()
            val printer = launch {
                for (first in keys) {
                    delay(1_000 - (System.nanoTime() - start) / 1_000_000 % 1_000)
                    val pressed = mutableListOf(first)
                    while (true) pressed += keys.tryReceive().getOrNull() ?: break
                    console.println("In the last second you pressed: " + pressed.joinToString(" "))
                }
            }
            console.events().takeWhile { it != InputEvent.EndOfInput }.mapNotNull(::describe).collect(keys::send)
            printer.cancel()
        }
        return 0
    }

    /** A short name for a key, or null for events that are not key presses. */
    fun describe(event: InputEvent): String? = when (event) {
        is InputEvent.Key -> describeKey(event.key, event.modifiers)
        is InputEvent.Paste -> "Paste(${event.text.length} chars)"
        is InputEvent.Unknown -> "Unknown${event.raw}"
        else -> null
    }

    private fun describeKey(key: KeyCode, modifiers: Modifiers): String {
        val base = when (key) {
            is KeyCode.Char -> when (key.codePoint) {
                ' '.code -> "Space"
                else -> String(Character.toChars(if (Modifiers.Ctrl in modifiers) Character.toUpperCase(key.codePoint) else key.codePoint))
            }
            is KeyCode.Function -> "F${key.number}"
            else -> key.toString()
        }
        return if (modifiers.isEmpty) base else "$modifiers+$base"
    }
}
