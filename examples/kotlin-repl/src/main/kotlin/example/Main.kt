package example

import coterm.console.Console
import coterm.editor.Candidate
import coterm.editor.Completer
import coterm.repl.Repl
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

fun main() {
    val status = Console.open().use { console ->
        runBlocking { repl(console).run() }                        // until quit or end of input
    }
    exitProcess(status)
}

/** The REPL on [console]: a terminal's in `main`, a virtual one in the tests. */
fun repl(console: Console): Repl {
    val repl = Repl(console, prompt = "> ")                        // help and quit are built in
    val seconds = Completer { listOf("1", "10", "60").map { Candidate(it) } }
    repl.command("wait", "wait SECONDS: wait, or stop at Ctrl+C", seconds) {
        val n = arguments.singleOrNull()?.toLongOrNull()
        if (n == null || n !in 0L..86_400L) {
            println("usage: wait SECONDS")
            return@command
        }
        delay(n * 1000)                                            // Ctrl+C cancels just this
        println("waited $n s")
    }
    repl.command("both", "both A B: wait A and B seconds at once") {
        coroutineScope {                                           // children of this command
            for (n in arguments.mapNotNull { it.toLongOrNull() }) {
                launch { delay(n * 1000); println("$n s done") }
            }
        }                                                          // returns when all are done
    }
    return repl
}
