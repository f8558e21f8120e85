package coterm.editor

/** What a key does to the line being edited; a [KeyMap] maps keys to these. */
internal enum class EditCommand {
    /** Submit the line (Enter). */
    AcceptLine,

    /** Discard the line and start afresh (Ctrl+C). */
    Interrupt,

    /** On an empty line: end of input; otherwise delete the character under the cursor (Ctrl+D). */
    DeleteOrEndOfInput,
    DeleteBackward,
    DeleteForward,
    MoveLeft,
    MoveRight,
    MoveHome,
    MoveEnd,
    KillToStart,
    KillToEnd,
    KillWordBackward,
}
