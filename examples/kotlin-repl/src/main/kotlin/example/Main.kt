package example

import coterm.console.Console
import coterm.repl.Repl
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

fun main() {
    val status = Console.open().use { console ->
        runBlocking {
            val repl = Repl(console, prompt = "> ")                // help and quit are built in
            repl.command("wait", "wait SECONDS: wait, or stop at Ctrl+C") {
                val seconds = arguments.singleOrNull()?.toLongOrNull()
                if (seconds == null || seconds !in 0L..86_400L) {
                    println("usage: wait SECONDS")
                    return@command
                }
                delay(seconds * 1000)                              // Ctrl+C cancels just this
                println("waited $seconds s")
            }
            repl.run()                                             // until quit or end of input
        }
    }
    exitProcess(status)
}
