@file:JvmName("Launcher")

package coterm.app

import coterm.blocking.BlockingConsole
import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.history.HistoryOptions
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

private const val USAGE = """usage: coterm [shell|keys|java-shell|java-keys]
  shell       the demo shell (default): help, echo, sleep, spin, quit
  keys        the key listener: shows the keys pressed each second
  java-shell  the demo shell written in Java against the blocking API
  java-keys   the key listener written in Java against the blocking API"""

/**
 * Starts the demo named by the first argument: `shell` (the default), `keys`, or their Java
 * twins `java-shell` and `java-keys`.
 */
fun main(args: Array<String>) {
    val demo = args.firstOrNull() ?: "shell"
    if (demo == "--help" || demo == "-h") {
        println(USAGE)
        return
    }
    if (args.size > 1 || demo !in setOf("shell", "keys", "java-shell", "java-keys")) {
        System.err.println(USAGE)
        exitProcess(2)
    }
    val status = when (demo) {
        "java-shell" -> BlockingConsole.open().use { JavaShell.run(it) }
        "java-keys" -> BlockingConsole.open().use { JavaKeys.run(it) }
        else -> Console.open(ConsoleOptions(history = HistoryOptions.forApp("coterm"))).use { console ->
            runBlocking {
                when (demo) {
                    "keys" -> KeyListener.run(console)
                    else -> DemoShell.run(console)
                }
            }
        }
    }
    exitProcess(status)
}
