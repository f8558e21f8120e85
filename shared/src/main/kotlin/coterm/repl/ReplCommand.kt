package coterm.repl

/**
 * A command of a [Repl]: [name] is the first word of the line, [description] the line `help`
 * shows, and [run] does the work as the foreground command (Ctrl+C cancels it).
 */
public class ReplCommand(
    public val name: String,
    public val description: String,
    public val run: suspend CommandContext.() -> Unit,
)
