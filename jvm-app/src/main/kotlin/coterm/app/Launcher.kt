@file:JvmName("Launcher")

package coterm.app

import coterm.console.Console
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

private const val USAGE = """usage: coterm [shell|keys]
  shell   the demo shell (default): help, echo, sleep, spin, quit
  keys    the key listener: shows the keys pressed each second"""

/** Starts the demo named by the first argument: `shell` (the default) or `keys`. */
fun main(args: Array<String>) {
    val demo = args.firstOrNull() ?: "shell"
    if (demo == "--help" || demo == "-h") {
        println(USAGE)
        return
    }
    if (args.size > 1 || demo !in setOf("shell", "keys")) {
        System.err.println(USAGE)
        exitProcess(2)
    }
    val status = Console.open().use { console ->
        runBlocking {
            when (demo) {
                "keys" -> KeyListener.run(console)
                else -> DemoShell.run(console)
            }
        }
    }
    exitProcess(status)
}
