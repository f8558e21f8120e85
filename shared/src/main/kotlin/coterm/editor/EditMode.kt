// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * The line editor's style of keys ([coterm.console.ConsoleOptions.editMode]).
 */
public enum class EditMode {
    /** readline's Emacs keys, from the [KeyMap]: every key edits at once. The default. */
    Emacs,

    /**
     * vi's two modes, as bash's and zsh's `set -o vi`: each line starts in insert mode, where the
     * [KeyMap]'s keys work as in [Emacs] mode; Esc switches to command mode, with vi's motions,
     * operators, counts, `u` and `.`; `i`, `a`, `I`, `A` (and the changes `c`, `s`...) go back.
     * Enter submits and Ctrl+C interrupts in both; Ctrl+C also starts the next line in insert
     * mode. The README lists the commands.
     */
    Vi,
}
