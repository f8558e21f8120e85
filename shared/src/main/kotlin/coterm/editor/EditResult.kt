// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/** The outcome of handing one event to a [LineEditor]. */
internal sealed interface EditResult {
    /** Still editing; [changed] says whether the text, the cursor or the prompt changed (a redraw is due). */
    data class Editing(val changed: Boolean) : EditResult

    /** Enter on complete input: the input is done. */
    data class Submitted(val line: String) : EditResult

    /** Ctrl+C: the input was discarded. */
    data class Interrupted(val discarded: String) : EditResult

    /** Ctrl+D on empty input, or the input ended. */
    data object EndOfInput : EditResult

    /** Ctrl+L: clear the screen, then redraw. */
    data object ClearScreen : EditResult

    /** Tab: ask the completer about [request], then call [LineEditor.complete] with its answer. */
    data class Complete(val request: CompletionRequest) : EditResult

    /**
     * Ctrl+X Ctrl+E: open [text] (the whole input) in the user's editor, then call
     * [LineEditor.replaceInput] with what was saved (or nothing, when the editor failed).
     */
    data class EditInEditor(val text: String) : EditResult

    /** A second Tab: open the menu of these candidates ([LineEditor.openMenu]), or list them above a prompt that is not drawn. */
    data class ShowCandidates(val candidates: List<Candidate>) : EditResult
}
