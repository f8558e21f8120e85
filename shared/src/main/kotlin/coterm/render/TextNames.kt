// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * [coterm.text.DisplayText] under its old name in this package, for `LineLayout.kt`, which uses
 * it unqualified and is being changed on another branch: once that work has landed and the file
 * imports `coterm.text`, this alias goes.
 */
internal typealias DisplayText = coterm.text.DisplayText

/** [coterm.text.CellWidth] under its old name in this package; see [DisplayText]. */
internal typealias CellWidth = coterm.text.CellWidth
