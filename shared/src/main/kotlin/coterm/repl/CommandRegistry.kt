// SPDX-License-Identifier: Apache-2.0
package coterm.repl

/**
 * The commands a [Repl] knows, by name, each with a one-line description for `help`.
 * Names are matched exactly; registering a name again replaces the command.
 */
public class CommandRegistry {
    private val commands = LinkedHashMap<String, ReplCommand>()

    /** Registers [command] under its name. */
    public fun register(command: ReplCommand) {
        require(command.name.isNotBlank() && command.name.none { it.isWhitespace() }) {
            "a command name is one word: '${command.name}'"
        }
        commands[command.name] = command
    }

    /** The command called [name], or null. */
    public operator fun get(name: String): ReplCommand? = commands[name]

    /** Every command, in the order registered. */
    public val all: List<ReplCommand> get() = commands.values.toList()

    /** The `help` text: a line `Supported commands:`, then one line per command. */
    public fun helpText(): String {
        val width = commands.keys.maxOfOrNull { it.length } ?: 0
        return buildString {
            append("Supported commands:")
            for (command in commands.values) {
                append("\n  ").append(command.name.padEnd(width)).append("  ").append(command.description)
            }
        }
    }
}
