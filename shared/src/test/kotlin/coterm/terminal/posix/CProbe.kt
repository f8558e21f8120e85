// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import io.kotest.assertions.fail
import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * Compiles [source] (a C program) with gcc, or cc on macOS, runs it and returns what it printed.
 * The way tests check numbers and layouts against the C headers of the machine they run on.
 */
internal fun runCProbe(source: String): String {
    val dir = Files.createTempDirectory("coterm-c-probe").toFile()
    try {
        val file = File(dir, "probe.c").apply { writeText(source) }
        val binary = File(dir, "probe")
        val compiler = listOf("gcc", "cc").firstOrNull { onPath(it) }
            ?: fail("gcc is needed to check native layouts against the C headers; install it (CI does)")
        run(listOf(compiler, "-o", binary.path, file.path), dir)
        return run(listOf(binary.path), dir)
    } finally {
        dir.deleteRecursively()
    }
}

private fun onPath(command: String): Boolean =
    System.getenv("PATH").orEmpty().split(File.pathSeparator).any { File(it, command).canExecute() }

private fun run(command: List<String>, dir: File): String {
    val process = ProcessBuilder(command).directory(dir).redirectErrorStream(true).start()
    val output = process.inputStream.bufferedReader().readText()
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly()
        fail("$command timed out")
    }
    if (process.exitValue() != 0) fail("$command failed with ${process.exitValue()}:\n$output")
    return output
}
