// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit

/**
 * Small C programs the pty tests run where no standard tool does the job (a job-control shell
 * that leaves the terminal's settings alone, a child that leaves the terminal non-blocking):
 * `src/test/resources/coterm/testing/NAME.c`, compiled with gcc (cc on macOS), which the build
 * needs anyway for `TermiosLayoutTest`, once per test JVM into a temporary directory.
 */
object CHelpers {
    private val compiled = ConcurrentHashMap<String, Path>()

    private val directory: Path by lazy {
        Files.createTempDirectory("coterm-c-helpers").also { dir ->
            Runtime.getRuntime().addShutdownHook(Thread { dir.toFile().deleteRecursively() })
        }
    }

    /** The compiled program [name]. */
    fun path(name: String): Path = compiled.computeIfAbsent(name, ::compile)

    /** A copy of [name] in [directory] (a pty test's home, so the command line that runs it stays short). */
    fun copyTo(name: String, directory: Path): Path =
        Files.copy(path(name), directory.resolve(name), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING)

    private fun compile(name: String): Path {
        val source = directory.resolve("$name.c")
        val text = checkNotNull(CHelpers::class.java.getResource("$name.c")) { "no C source coterm/testing/$name.c" }.readText()
        Files.writeString(source, text)
        val binary = directory.resolve(name)
        val compiler = listOf("gcc", "cc").firstOrNull { onPath(it) }
            ?: throw AssertionError("gcc is needed to build the test helper $name; install it (CI does)")
        val process = ProcessBuilder(compiler, "-Wall", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start()
        val output = process.inputStream.readBytes().toString(Charsets.UTF_8)
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            throw AssertionError("$compiler timed out building $name")
        }
        if (process.exitValue() != 0) throw AssertionError("$compiler failed building $name:\n$output")
        return binary
    }

    private fun onPath(command: String): Boolean =
        System.getenv("PATH").orEmpty().split(File.pathSeparator).any { File(it, command).canExecute() }
}
