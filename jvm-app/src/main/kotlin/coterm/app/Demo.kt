// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.blocking.BlockingConsole
import coterm.console.Console
import kotlinx.coroutines.runBlocking

/** The demos the launcher can start, by their subcommand name. */
internal enum class Demo(val command: String, val summary: String, val readsLines: Boolean) {
    Shell("shell", "The demo shell (the default): help, echo, sleep, spin, quit.", readsLines = true),
    Keys("keys", "The key listener: shows the keys pressed each second; Ctrl+C ends it.", readsLines = false),
    ShellInJava("java-shell", "The demo shell written in Java against the blocking API.", readsLines = true),
    KeysInJava("java-keys", "The key listener written in Java against the blocking API.", readsLines = false),
    ;

    /** Opens the console, runs the demo on it and returns the exit status; the console is closed on the way out. */
    fun run(settings: DemoSettings): Int = when (this) {
        ShellInJava -> BlockingConsole.open(settings.consoleOptions()).use { JavaShell.run(it, settings) }
        KeysInJava -> BlockingConsole.open(settings.consoleOptions()).use { JavaKeys.run(it) }
        Shell, Keys -> Console.open(settings.consoleOptions()).use { console ->
            runBlocking { if (this@Demo == Keys) KeyListener.run(console) else DemoShell.run(console, settings) }
        }
    }
}
