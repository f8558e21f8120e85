// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.test.ScreenSnapshot

// How the demo shell looks on a VirtualScreen: a prompt is "# " (styling already stripped), and a
// command's output sits between its "# line" and the next prompt.

/** Whether the cursor sits right after an empty `# ` prompt. */
val ScreenSnapshot.atFreshPrompt: Boolean
    get() = cursorLine == "#" && cursorColumn == 2

/**
 * What the command typed as [line] printed, once it has finished: the lines between the last
 * `# line` and a fresh prompt below it; null while it is still running.
 */
fun ScreenSnapshot.outputOf(line: String): List<String>? {
    if (!atFreshPrompt) return null
    val commandIndex = commandLineIndex(line) ?: return null
    return (scrollback + lines).subList(commandIndex + 1, scrollback.size + cursorRow)
}

/** The index in scrollback + lines of the last `# line` above the cursor, or null. */
fun ScreenSnapshot.commandLineIndex(line: String): Int? {
    val all = scrollback + lines
    val cursorIndex = scrollback.size + cursorRow
    return (0 until cursorIndex).lastOrNull { all[it] == "# $line".trimEnd() }
}
