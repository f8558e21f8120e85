// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.console.Console
import coterm.repl.CommandContext
import coterm.console.VisibleText
import coterm.repl.Repl
import coterm.editor.SuggestionSource
import com.github.ajalt.mordant.rendering.TextStyles
import com.github.ajalt.mordant.widgets.ProgressBar
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive

/**
 * The demo shell: `help`, `echo`, `sleep`, `spin`, `progress`, `ticker`, `history`, `run` and
 * `quit` over a [Repl], to show (and to test) that Ctrl+C stops only what the user meant to stop.
 */
internal object DemoShell {
    /** Runs the shell with [settings]' prompt until `quit` or end of input; returns the exit status. */
    suspend fun run(console: Console, settings: DemoSettings = DemoSettings()): Int {
        val prompt = if (stylesOutput(console.isInteractive, settings.color, System::getenv)) boldGreen(settings.prompt) else settings.prompt
        val repl = Repl(console, prompt)
        repl.command("help", "list the commands") {
            // Styled through Mordant: bold names on a terminal, plain text in a pipe or with NO_COLOR.
            val commands = repl.commands.all
            val width = commands.maxOf { it.name.length }
            console.mordant.println("Supported commands:")
            for (command in commands) {
                console.mordant.println("  " + TextStyles.bold(command.name.padEnd(width)) + "  " + command.description)
            }
        }
        repl.command("echo", "echo TEXT: print TEXT") { println(VisibleText.of(arguments.joinToString(" "))) }
        repl.command("sleep", "sleep N: wait N seconds (Ctrl+C cancels)") {
            val seconds = secondsArgument("sleep") ?: return@command
            delay((seconds * 1000).toLong())
            println("done")
        }
        repl.command("spin", "spin N: burn the CPU for N seconds, deaf to Ctrl+C") {
            val seconds = secondsArgument("spin") ?: return@command
            val end = System.nanoTime() + (seconds * 1e9).toLong()
            var sink = 0L
            while (System.nanoTime() < end) sink += sink xor end
            if (sink == 42L) println("unlikely")
            currentCoroutineContext().ensureActive() // cancelled while it could not listen: say nothing
            println("done")
        }
        repl.command("progress", "progress N: a progress bar for N seconds (Ctrl+C stops it)") {
            val seconds = secondsArgument("progress") ?: return@command
            progress(console, seconds)
        }
        var ticker: Job? = null
        repl.command("ticker", "ticker [off]: a line every 500 ms above the prompt (ticker off, or Ctrl+C on an empty prompt, stops it)") {
            when (arguments.singleOrNull() ?: "on") {
                "on" -> if (ticker?.isActive == true) {
                    println("ticker: already running")
                } else {
                    ticker = launchBackground("ticker") {
                        var n = 0
                        while (true) {
                            delay(TICK_MILLIS)
                            console.println("tick ${++n}")
                        }
                    }
                }
                "off" -> println(if (ticker?.isActive == true) "ticker: stopped" else "ticker: not running").also { ticker?.cancel() }
                else -> println("usage: ticker [on|off]")
            }
        }
        repl.onEmptyInterrupt {
            if (ticker?.isActive == true) {
                ticker?.cancel()
                console.println("ticker: stopped")
            }
        }
        repl.command("history", "list the lines entered, oldest first") {
            val entries = console.history()
            val width = entries.size.toString().length
            entries.forEachIndexed { i, entry ->
                val lines = entry.split('\n')
                println("${(i + 1).toString().padStart(width)}  ${VisibleText.of(lines[0])}")
                for (more in lines.drop(1)) println(" ".repeat(width) + "  " + VisibleText.of(more))
            }
        }
        repl.command("run", "run PROGRAM [ARGS...]: run a program with the terminal (Ctrl+C goes to it)") {
            if (arguments.isEmpty()) {
                println("usage: run PROGRAM [ARGS...]")
                return@command
            }
            val status = console.runProcess(arguments)
            if (status != 0) println("run: ${VisibleText.of(arguments[0])} exited with status $status")
        }
        repl.command("quit", "leave the shell") { stop(0) }
        if (!settings.plainEditor) {
            repl.highlighter = DemoHighlighter { name -> repl.commands[name] != null }
            repl.suggestions = SuggestionSource.History
        }
        return repl.run()
    }

    /**
     * [text] in bold green, byte for byte as [Console.mordant] renders
     * `TextColors.green(TextStyles.bold(text))` at every colour level (`DemoShellTest` checks it).
     * Written out because the prompt is drawn first thing: Mordant's terminal and theme cost about
     * 10 ms on the way to the first prompt, and the shell builds them only when a command styles
     * its output (`help`, `progress`).
     */
    internal fun boldGreen(text: String): String = if (text.isEmpty()) "" else "\u001b[32;1m$text\u001b[39;22m"

    /**
     * Whether [Console.mordant] writes styles, which the prompt follows: never for `--no-color`
     * ([color] false), always for [color] true, else only when [interactive] (the console's
     * output is a terminal) and neither `NO_COLOR` is set nor `TERM` is `dumb`.
     * `CliPtyTest` checks that the prompt is styled exactly when `help`'s Mordant output is.
     */
    internal fun stylesOutput(interactive: Boolean, color: Boolean?, environment: (String) -> String?): Boolean = when (color) {
        false -> false
        true -> true
        null -> interactive && environment("NO_COLOR") == null && environment("TERM") != "dumb"
    }

    /** Shows a Mordant progress bar as the console's status line for [seconds], then says so. */
    private suspend fun CommandContext.progress(console: Console, seconds: Double) {
        val totalMillis = (seconds * 1000).toLong().coerceAtLeast(1)
        val start = System.nanoTime()
        while (true) {
            val elapsed = ((System.nanoTime() - start) / 1_000_000).coerceAtMost(totalMillis)
            val percent = elapsed * 100 / totalMillis
            val bar = console.mordant.render(ProgressBar(total = 100, completed = percent, width = BAR_WIDTH))
            console.setStatus("$bar ${percent.toString().padStart(3)}%")
            if (elapsed >= totalMillis) break
            delay(FRAME_MILLIS)
        }
        console.setStatus(null)
        println("progress: done")
    }

    private fun CommandContext.secondsArgument(name: String): Double? {
        val seconds = arguments.singleOrNull()?.toDoubleOrNull()
        if (seconds == null || seconds < 0 || seconds.isNaN() || seconds > MAX_SECONDS) {
            println("usage: $name SECONDS (a number from 0 to $MAX_SECONDS, decimals allowed)")
            return null
        }
        return seconds
    }

    private const val MAX_SECONDS = 1_000_000
    private const val TICK_MILLIS = 500L
    private const val FRAME_MILLIS = 100L
    private const val BAR_WIDTH = 40
}
