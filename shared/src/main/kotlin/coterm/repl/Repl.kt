package coterm.repl

import coterm.console.CommandOutcome
import coterm.console.Console
import coterm.console.VisibleText

/**
 * A read-run loop over a [Console]: shows [prompt], reads a line, runs the command it names as
 * the foreground command, and repeats until `quit` or end of input.
 *
 * Ctrl+C at the prompt discards the line; Ctrl+C during a command cancels only that command
 * (see [Console]). A command that throws is reported as `error: ...` and the loop goes on.
 * `help` and `quit` are built in unless registered otherwise; an unknown word prints
 * `unknown command: WORD`. Both messages show control characters from the line or the error
 * visibly ([VisibleText]), so a pasted escape sequence is never written raw.
 */
public class Repl(
    private val console: Console,
    private val prompt: String = "# ",
    public val commands: CommandRegistry = CommandRegistry(),
) {
    @Volatile
    private var stopStatus: Int? = null

    init {
        if (commands["help"] == null) {
            commands.register(ReplCommand("help", "list the commands") { println(commands.helpText()) })
        }
        if (commands["quit"] == null) {
            commands.register(ReplCommand("quit", "leave") { stop(0) })
        }
    }

    /** Registers a command; see [ReplCommand]. */
    public fun command(name: String, description: String, run: suspend CommandContext.() -> Unit) {
        commands.register(ReplCommand(name, description, run))
    }

    /** Runs the loop; returns the exit status: 0 at end of input, or what `stop` asked for. */
    public suspend fun run(): Int {
        while (true) {
            stopStatus?.let { return it }
            val line = console.readLine(prompt) ?: return 0
            runLine(line)
        }
    }

    /** Runs one line as a command; does nothing for a blank line. */
    public suspend fun runLine(line: String) {
        val trimmed = line.trimStart()
        if (trimmed.isBlank()) return
        val name = trimmed.takeWhile { !it.isWhitespace() }
        val argumentText = trimmed.substring(name.length).trimStart()
        val command = commands[name]
        if (command == null) {
            console.println("unknown command: ${VisibleText.of(name)}")
            return
        }
        val arguments = argumentText.split(WHITESPACE).filter { it.isNotEmpty() }
        val outcome = console.runCommand(name) {
            command.run(CommandContext(console, arguments, argumentText, this@Repl, this))
        }
        if (outcome is CommandOutcome.Failed) {
            console.println("error: $name: ${VisibleText.of(outcome.error.message ?: outcome.error.toString())}")
        }
    }

    internal fun requestStop(status: Int) {
        stopStatus = status
    }

    private companion object {
        val WHITESPACE = Regex("\\s+")
    }
}
