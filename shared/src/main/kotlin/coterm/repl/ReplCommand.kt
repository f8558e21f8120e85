// SPDX-License-Identifier: Apache-2.0
package coterm.repl

import coterm.editor.Completer

/**
 * A command of a [Repl]: [name] is the first word of the line, [description] the line `help`
 * shows, and [run] does the work as the foreground command (Ctrl+C cancels it). [completer],
 * if given, completes its arguments on Tab.
 */
public class ReplCommand(
    public val name: String,
    public val description: String,
    public val completer: Completer?,
    public val run: suspend CommandContext.() -> Unit,
) {
    /** A command without argument completion. */
    public constructor(name: String, description: String, run: suspend CommandContext.() -> Unit) :
        this(name, description, null, run)
}
