// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

/** The size of a terminal in character cells. */
public data class TerminalSize(public val columns: Int, public val rows: Int)
