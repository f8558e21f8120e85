// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * What a key does to the line being edited. A [KeyMap] maps keys to these; rebind a key by
 * giving a console a key map with your own bindings (see [KeyMap.with]).
 *
 * "Line" means the row of text the cursor is in (input may span several rows, see
 * [coterm.console.LineOptions.isInputComplete]); "kill" means delete and keep in the kill ring,
 * from where [Yank] takes it back.
 */
public enum class EditCommand {
    /** Submits the input, or inserts a newline when the input is not complete yet (Enter). */
    AcceptLine,

    /** Inserts a newline without submitting (Alt+Enter). */
    InsertNewline,

    /** Discards the input and starts afresh (Ctrl+C). Not rebindable away: Ctrl+C always interrupts. */
    Interrupt,

    /** On empty input: end of input; otherwise deletes the character under the cursor (Ctrl+D). */
    DeleteOrEndOfInput,

    /** Deletes the character before the cursor (Backspace, Ctrl+H). */
    DeleteBackward,

    /** Deletes the character under the cursor (Delete). */
    DeleteForward,

    /** Moves one character left (Left, Ctrl+B). */
    MoveLeft,

    /** Moves one character right (Right, Ctrl+F). */
    MoveRight,

    /** Moves to the start of the line (Home, Ctrl+A). */
    MoveHome,

    /** Moves to the end of the line (End, Ctrl+E). */
    MoveEnd,

    /** Moves to the start of the previous word (Alt+B, Ctrl+Left). */
    MoveWordLeft,

    /** Moves to the end of the next word (Alt+F, Ctrl+Right). */
    MoveWordRight,

    /** Kills from the start of the line to the cursor (Ctrl+U). */
    KillToStart,

    /** Kills from the cursor to the end of the line (Ctrl+K). */
    KillToEnd,

    /** Kills the whitespace-delimited word before the cursor (Ctrl+W). */
    KillBigWordBackward,

    /** Kills to the start of the previous word (Alt+Backspace). */
    KillWordBackward,

    /** Kills to the end of the next word (Alt+D). */
    KillWordForward,

    /** Inserts the most recent kill (Ctrl+Y). */
    Yank,

    /** Right after [Yank] or [YankPop]: replaces the yanked text with the kill before it (Alt+Y). */
    YankPop,

    /** Undoes the last change (Ctrl+_, Ctrl+/). */
    Undo,

    /** Swaps the two characters around the cursor (Ctrl+T). */
    TransposeChars,

    /** Clears the screen and redraws the prompt at the top (Ctrl+L). */
    ClearScreen,

    /** Up a line in multi-line input, else the previous history entry (Up, Ctrl+P). */
    PreviousLineOrHistory,

    /** Down a line in multi-line input, else the next history entry (Down, Ctrl+N). */
    NextLineOrHistory,

    /** The oldest history entry (Alt+<). */
    FirstHistory,

    /** Back to the input being written, after the newest history entry (Alt+>). */
    LastHistory,

    /** Starts or continues a reverse incremental history search (Ctrl+R). */
    ReverseSearch,

    /** Starts or continues a forward incremental history search (Ctrl+S). */
    ForwardSearch,

    /** Completes the word before the cursor; pressed twice, lists the candidates (Tab). */
    Complete,

    /**
     * Opens the whole input in `$VISUAL`, else `$EDITOR`, else `vi` (Ctrl+X Ctrl+E); the text
     * saved there becomes the input, not yet submitted. Does nothing when the console does not
     * draw (input or output is not a terminal).
     */
    EditInEditor,

    /** Does nothing: bind a key to this to switch it off. */
    Ignore,
}
