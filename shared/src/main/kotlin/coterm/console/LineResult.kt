// SPDX-License-Identifier: Apache-2.0
package coterm.console

/**
 * What one prompt produced, from [Console.readLineResult].
 *
 * [Console.readLine] hides [Interrupted] (it shows `^C` and prompts again) and maps
 * [EndOfInput] to null; use this type when the program wants to react to Ctrl+C itself.
 */
public sealed interface LineResult {
    /** The user pressed Enter; [text] has no line terminator. */
    public data class Line(public val text: String) : LineResult

    /** Ctrl+C discarded the line; [discarded] is what had been typed. */
    public data class Interrupted(public val discarded: String) : LineResult

    /** Ctrl+D on an empty line, or standard input ended. */
    public data object EndOfInput : LineResult
}
