// SPDX-License-Identifier: Apache-2.0
package coterm.console

import com.github.ajalt.mordant.input.InputEvent as MordantInputEvent
import com.github.ajalt.mordant.input.MouseTracking
import com.github.ajalt.mordant.rendering.AnsiLevel
import com.github.ajalt.mordant.rendering.Size
import com.github.ajalt.mordant.terminal.PrintRequest
import com.github.ajalt.mordant.terminal.TerminalInfo
import com.github.ajalt.mordant.terminal.TerminalInterface
import kotlin.time.TimeMark

/**
 * Mordant's view of a console: everything Mordant prints goes through the [ConsoleWriter], so
 * styled text, tables and widgets appear above the prompt like any other output. Input stays
 * with coterm: Mordant is used for output only (its raw-mode reads poll every 100 ms).
 *
 * Colour follows the usual conventions: none when output is not a terminal, when `NO_COLOR` is
 * set (any value) or when `TERM=dumb`; true colour when `COLORTERM` says so; 256 colours when
 * `TERM` mentions `256color`; 16 colours otherwise. [color] (from [ConsoleOptions.color]) overrides
 * the first part: false is never, true is always (at least 16 colours).
 */
internal class MordantOutput(
    private val writer: ConsoleWriter,
    private val rows: () -> Int,
    private val environment: (String) -> String? = System::getenv,
    private val color: Boolean? = null,
) : TerminalInterface {
    override fun info(
        ansiLevel: AnsiLevel?,
        hyperlinks: Boolean?,
        outputInteractive: Boolean?,
        inputInteractive: Boolean?,
    ): TerminalInfo {
        val interactive = writer.rendering
        return TerminalInfo(
            ansiLevel = ansiLevel ?: detectAnsiLevel(interactive, color, environment),
            ansiHyperLinks = hyperlinks ?: false,
            outputInteractive = outputInteractive ?: interactive,
            inputInteractive = inputInteractive ?: interactive,
            supportsAnsiCursor = interactive,
        )
    }

    override fun completePrintRequest(request: PrintRequest) {
        if (request.trailingLinebreak) writer.printAbove(request.text) else writer.write(request.text)
    }

    override fun readLineOrNull(hideInput: Boolean): String? = null

    override fun getTerminalSize(): Size = Size(writer.columns, rows())

    override fun shouldAutoUpdateSize(): Boolean = false

    override fun enterRawMode(mouseTracking: MouseTracking): AutoCloseable =
        throw UnsupportedOperationException("coterm owns the terminal's input; read keys with Console.readEvent")

    override fun readInputEvent(timeout: TimeMark, mouseTracking: MouseTracking): MordantInputEvent? =
        throw UnsupportedOperationException("coterm owns the terminal's input; read keys with Console.readEvent")

    companion object {
        fun detectAnsiLevel(interactive: Boolean, color: Boolean? = null, environment: (String) -> String?): AnsiLevel {
            val term = environment("TERM").orEmpty()
            return when {
                color == false -> AnsiLevel.NONE
                color == null && (!interactive || environment("NO_COLOR") != null || term == "dumb") -> AnsiLevel.NONE
                environment("COLORTERM").orEmpty().lowercase() in setOf("truecolor", "24bit") -> AnsiLevel.TRUECOLOR
                "256color" in term -> AnsiLevel.ANSI256
                else -> AnsiLevel.ANSI16
            }
        }
    }
}
