// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.console.VisibleText
import coterm.repl.Repl
import coterm.terminal.TerminalProvider
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.io.File
import kotlin.system.exitProcess

/**
 * A shell that misbehaves on purpose, for the exit-path, storm, abuse and output tests: the demo
 * shell's `# ` prompt over a [Repl], with commands the product demo must not have. Started in a
 * pty by [PtyShell.faultShell] as `java -cp coterm.jar:<test classes> coterm.testing.FaultShell
 * [maxLineLength]`, on a [FaultTerminal].
 *
 * | command | what it does |
 * |---|---|
 * | `throw TEXT` | throws `IllegalStateException(TEXT)` from the command |
 * | `exit N` | calls `System.exit(N)` from the command's thread |
 * | `flood BYTES` | prints [floodLine]s until BYTES bytes (their CR LF included) are out, then `flood done` |
 * | `fault-console` | arms [FaultTerminal.failNextConsoleWrite], prints `armed` (from the command's thread, which the fault spares), then sleeps 30 s: a Ctrl+C makes coterm's console thread write `^C` and fail |
 * | `fault-read` | arms [FaultTerminal.failNextRead]: the reader thread fails on its next read |
 * | `run PROGRAM [ARGS...]` | as in the demo: the program gets the terminal ([Console.runProcess]) |
 * | `fault-read-error` | arms [FaultTerminal.failNextReadWith] with an [OutOfMemoryError]: the reader thread dies on its next read |
 * | `sleep N`, `echo TEXT`, `quit` | as in the demo |
 */
object FaultShell {
    @JvmStatic
    fun main(args: Array<String>) {
        System.setProperty("coterm.faults", "on")
        System.setProperty(TerminalProvider.PROVIDER_PROPERTY, FaultTerminalProvider::class.java.name)
        val options = args.firstOrNull()?.let { ConsoleOptions(maxLineLength = it.toInt()) } ?: ConsoleOptions()
        val status = Console.open(options).use { console -> runBlocking { run(console) } }
        exitProcess(status)
    }

    /** Line [index] of `flood`: `L` and the index in 6 digits, a space, 88 letters; 98 bytes with CR LF. */
    fun floodLine(index: Int): String = "L%06d ".format(index) + ('a' + index % 26).toString().repeat(88)

    /** Bytes of one flood line on the terminal, CR LF included. */
    const val FLOOD_LINE_BYTES: Int = 98

    private suspend fun run(console: Console): Int {
        val repl = Repl(console, "# ")
        repl.command("throw", "throw TEXT: the command throws") { throw IllegalStateException(argumentText) }
        repl.command("exit", "exit N: System.exit(N) from the command") { exitProcess(arguments.single().toInt()) }
        repl.command("flood", "flood BYTES: print that many bytes") {
            val lines = (arguments.single().toInt() + FLOOD_LINE_BYTES - 1) / FLOOD_LINE_BYTES
            for (i in 0 until lines) println(floodLine(i))
            println("flood done")
        }
        repl.command("fault-console", "the next write on coterm's console thread fails") {
            checkNotNull(FaultTerminal.current) { "not on a FaultTerminal" }.failNextConsoleWrite = true
            println("armed")
            delay(30_000)
        }
        repl.command("fault-read", "the next read fails") {
            checkNotNull(FaultTerminal.current) { "not on a FaultTerminal" }.failNextRead = true
            println("armed")
        }
        repl.command("fault-read-error", "the next read throws OutOfMemoryError") {
            checkNotNull(FaultTerminal.current) { "not on a FaultTerminal" }.failNextReadWith = OutOfMemoryError("injected fault")
            println("armed")
        }
        repl.command("sleep", "sleep N") {
            delay((arguments.single().toDouble() * 1000).toLong())
            println("done")
        }
        repl.command("echo", "echo TEXT") { println(VisibleText.of(argumentText)) }
        repl.command("run", "run PROGRAM [ARGS...]") {
            val status = console.runProcess(arguments)
            if (status != 0) println("run: exited with status $status")
        }
        return repl.run()
    }
}

/**
 * Starts [FaultShell] in a fresh pty on the JVM running the tests: the shaded jar for coterm and
 * its dependencies, the test classes for the shell; [jvmOptions] go before the class name, and
 * [wrapper], when given, before the java command (it is then the program [PtyShell] sees).
 */
fun PtyShell.Companion.faultShell(vararg args: String, jvmOptions: List<String> = emptyList(), wrapper: List<String> = emptyList()): PtyShell {
    val testClasses = File(FaultShell::class.java.protectionDomain.codeSource.location.toURI()).absolutePath
    return start { home ->
        wrapper + listOf(
            java, "--enable-native-access=ALL-UNNAMED", "-Duser.home=$home", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        ) + jvmOptions + listOf("-cp", cotermJar.absolutePath + File.pathSeparator + testClasses, "coterm.testing.FaultShell") + args
    }
}
