// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.editor.CompletionMenu
import coterm.editor.MenuMove
import coterm.render.MenuItems
import coterm.render.MenuLayout
import coterm.render.MenuSection

/**
 * How a [CompletionMenu] looks: its candidates as [MenuItems] (measured once, when the menu
 * opens), laid out for the terminal's width as it is at each drawing ([MenuLayout], kept until
 * the width changes), and the moves of the arrow keys in that layout.
 *
 * Threading: [move] runs on the console's thread; the [ConsoleWriter.Menu]s of [rowsFor] run
 * under the writer's lock on whichever thread draws (output printed from another thread redraws
 * the menu too). The layout cache is therefore guarded by this object's monitor.
 */
internal class MenuView(val menu: CompletionMenu) {
    private val items = MenuItems(
        values = menu.items.map { it.value },
        descriptions = menu.items.map { it.description },
        sections = menu.groups.map { MenuSection(it.name, it.start, it.end) },
    )

    private var layout: MenuLayout? = null

    /** The layout for [width] columns. */
    @Synchronized
    fun layout(width: Int): MenuLayout = layout?.takeIf { it.width == width } ?: MenuLayout(items, width).also { layout = it }

    /** Where [move] goes from item [from] (-1: none selected) in the menu laid out for [width] columns. */
    fun move(from: Int, move: MenuMove, width: Int): Int {
        val shown = layout(width)
        return when (move) {
            MenuMove.Next, MenuMove.Right -> shown.next(from)
            MenuMove.Previous, MenuMove.Left -> shown.previous(from)
            MenuMove.Up -> shown.vertical(from, down = false)
            MenuMove.Down -> shown.vertical(from, down = true)
        }
    }

    /** The rows the writer draws for the menu with [selected] highlighted: the page that holds it. */
    fun rowsFor(selected: Int): ConsoleWriter.Menu = ConsoleWriter.Menu { width, maxRows -> layout(width).page(selected, maxRows) }
}
