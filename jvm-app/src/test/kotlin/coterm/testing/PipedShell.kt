// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import java.io.ByteArrayOutputStream
import java.io.File
import java.io.InputStream
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.TimeSource

/**
 * `java -jar coterm.jar [args]` with stdin, stdout and stderr as plain pipes (or stdin from a
 * file or device): no terminal at all.
 *
 * Same hermetic environment as [PtyShell]. Every wait has a deadline and fails with what the
 * program printed so far; [close] kills it and removes its temporary home.
 */
class PipedShell private constructor(private val process: Process, private val home: Path) : AutoCloseable {
    private val stdout = ByteArrayOutputStream()
    private val stderr = ByteArrayOutputStream()
    private val lock = Object()
    private val readers = listOf(pump(process.inputStream, stdout, "stdout"), pump(process.errorStream, stderr, "stderr"))

    /** Everything written to stdout so far. */
    fun output(): String = synchronized(stdout) { stdout.toString(Charsets.UTF_8) }

    /** Everything written to stderr so far. */
    fun errors(): String = synchronized(stderr) { stderr.toString(Charsets.UTF_8) }

    /**
     * The stdout lines, with CR dropped and any leading `# ` prompts removed: the prompt is printed
     * before each line is read, and with no echo the output shares its line.
     */
    fun outputLines(): List<String> = output().split('\n').map { line ->
        var s = line.replace("\r", "")
        while (s.startsWith("# ")) s = s.removePrefix("# ")
        if (s == "#") "" else s
    }

    /** Writes [line] and a newline, flushed. */
    fun writeLine(line: String) {
        process.outputStream.write((line + "\n").toByteArray(Charsets.UTF_8))
        process.outputStream.flush()
    }

    /** Closes stdin: end of input for the program. */
    fun closeInput() = process.outputStream.close()

    /** Waits until [predicate] holds for [outputLines]; fails after [timeout] saying [what] and showing the output. */
    fun awaitOutput(what: String, timeout: Duration = PtyShell.DEFAULT_TIMEOUT, predicate: (List<String>) -> Boolean): List<String> {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        while (true) {
            val lines = outputLines()
            if (predicate(lines)) return lines
            if (deadline.hasPassedNow()) fail("Timed out after $timeout waiting for $what.")
            if (!process.isAlive) {
                readers.forEach { it.join(1_000) }
                outputLines().let { if (predicate(it)) return it }
                fail("The program exited with ${process.exitValue()} while waiting for $what.")
            }
            synchronized(lock) { lock.wait(20) }
        }
    }

    /** Waits for a stdout line that is exactly [text] (after prompts are removed). */
    fun awaitLine(text: String, timeout: Duration = PtyShell.DEFAULT_TIMEOUT) = awaitOutput("a line \"$text\"", timeout) { text in it }

    /** Waits for the program to end and returns its exit status, once all its output is read. */
    fun awaitExit(timeout: Duration = PtyShell.DEFAULT_TIMEOUT): Int {
        if (!process.waitFor(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)) fail("The program did not exit within $timeout.")
        readers.forEach { it.join(5_000) }
        return process.exitValue()
    }

    /** Whether the program is still running. */
    val alive: Boolean get() = process.isAlive

    /** Sends [signal] (`INT`, `TERM`, …) to the java process with `kill -s`. */
    fun signal(signal: String) {
        val p = ProcessBuilder("kill", "-s", signal, process.pid().toString()).redirectErrorStream(true).start()
        val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) fail("kill -s $signal ${process.pid()} failed: $out")
    }

    /** The output so far with control characters visible, for failure messages. */
    fun describe(): String = "stdout:\n${PtyShell.visible(output())}\nstderr:\n${PtyShell.visible(errors())}"

    /** Throws an [AssertionError] with [message] and [describe]. */
    fun fail(message: String): Nothing = throw AssertionError("$message\n${describe()}")

    /** Runs [block], then [close]s; a failing assertion inside gets the output added. */
    fun <T> drive(block: (PipedShell) -> T): T = use {
        try {
            block(this)
        } catch (e: AssertionError) {
            if (e.message?.contains("\nstdout:\n") == true) throw e
            throw AssertionError("${e.message}\n${describe()}", e)
        }
    }

    override fun close() {
        process.descendants().forEach { it.destroyForcibly() }
        process.destroyForcibly()
        process.waitFor(5, TimeUnit.SECONDS)
        readers.forEach { it.join(2_000) }
        home.toFile().deleteRecursively()
    }

    private fun pump(from: InputStream, to: ByteArrayOutputStream, name: String) =
        Thread({
            val buffer = ByteArray(8192)
            while (true) {
                val n = runCatching { from.read(buffer) }.getOrDefault(-1)
                if (n < 0) break
                synchronized(to) { to.write(buffer, 0, n) }
                synchronized(lock) { lock.notifyAll() }
            }
        }, "piped-$name-${process.pid()}").apply { isDaemon = true; start() }

    companion object {
        /**
         * Starts `java -jar coterm.jar [args]` on pipes, or with stdin from [input] (such as
         * `/dev/null`: then [writeLine] has nowhere to write and end of input is at once).
         */
        fun coterm(vararg args: String, input: File? = null): PipedShell {
            val home = Files.createTempDirectory("coterm-piped-home")
            val builder = ProcessBuilder(PtyShell.cotermCommand(home, *args)).directory(home.toFile())
            if (input != null) builder.redirectInput(input)
            builder.environment().clear()
            builder.environment().putAll(PtyShell.hermeticEnvironment(home))
            val process = try { builder.start() } catch (e: Throwable) { home.toFile().deleteRecursively(); throw e }
            return PipedShell(process, home)
        }
    }
}
