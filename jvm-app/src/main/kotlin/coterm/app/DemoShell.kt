package coterm.app

import coterm.console.Console
import coterm.repl.Repl
import com.github.ajalt.mordant.rendering.TextStyles
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive

/**
 * The demo shell: `help`, `echo`, `sleep`, `spin` and `quit` over a [Repl], to show (and to
 * test) that Ctrl+C stops only what the user meant to stop.
 */
internal object DemoShell {
    /** Runs the shell with [settings]' prompt until `quit` or end of input; returns the exit status. */
    suspend fun run(console: Console, settings: DemoSettings = DemoSettings()): Int {
        val repl = Repl(console, settings.prompt)
        repl.command("help", "list the commands") {
            // Styled through Mordant: bold names on a terminal, plain text in a pipe or with NO_COLOR.
            val commands = repl.commands.all
            val width = commands.maxOf { it.name.length }
            console.mordant.println("Supported commands:")
            for (command in commands) {
                console.mordant.println("  " + TextStyles.bold(command.name.padEnd(width)) + "  " + command.description)
            }
        }
        repl.command("echo", "echo TEXT: print TEXT") { println(argumentText) }
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
            ensureActive() // cancelled while it could not listen: say nothing
            println("done")
        }
        repl.command("quit", "leave the shell") { stop(0) }
        return repl.run()
    }

    private fun coterm.repl.CommandContext.secondsArgument(name: String): Double? {
        val seconds = arguments.singleOrNull()?.toDoubleOrNull()
        if (seconds == null || seconds < 0 || seconds.isNaN() || seconds > MAX_SECONDS) {
            println("usage: $name SECONDS (a number from 0 to $MAX_SECONDS, decimals allowed)")
            return null
        }
        return seconds
    }

    private const val MAX_SECONDS = 1_000_000
}
