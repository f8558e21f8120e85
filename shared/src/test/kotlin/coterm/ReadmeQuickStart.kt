// The Kotlin quick start from README.md, kept here so that the build proves it compiles.
// Keep the two in step.
package coterm

import coterm.console.Console
import coterm.repl.Repl
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking

fun readmeQuickStartMain() {
    val status = Console.open().use { console ->
        runBlocking {
            val repl = Repl(console, prompt = "> ")          // help and quit are built in
            repl.command("wait", "wait N seconds") {
                delay(arguments.single().toLong() * 1000)    // Ctrl+C cancels just this
                println("waited")
            }
            repl.run()
        }
    }
    kotlin.system.exitProcess(status)
}
