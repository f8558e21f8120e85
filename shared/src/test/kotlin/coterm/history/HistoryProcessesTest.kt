// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFiles.strictEntries
import coterm.history.HistoryFiles.strictLines
import coterm.history.HistoryFiles.withTempDir
import coterm.history.HistoryFiles.writeEntries
import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.random.Random

/** A [HistoryChild] JVM: its stdout collected as it comes, its stderr in a file beside the history. */
private class Child(dir: Path, name: String, vararg args: String) {
    private val errors: Path = dir.resolve("$name.err")
    private val output = StringBuffer()
    val process: Process = ProcessBuilder(
        listOf(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            // Small and quick to start: the children only do file I/O.
            "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-cp", System.getProperty("java.class.path"),
            HistoryChild::class.java.name,
        ) + args,
    ).redirectError(errors.toFile()).start()
    private val reader = thread(name = "child-$name-stdout", isDaemon = true) {
        process.inputStream.reader().use { input ->
            val buffer = CharArray(256)
            while (true) {
                val n = input.read(buffer)
                if (n < 0) break
                output.append(buffer, 0, n)
            }
        }
    }

    val stderr: String get() = if (Files.exists(errors)) Files.readString(errors) else ""

    /** Everything the child printed, once it has exited. */
    fun finalOutput(): String {
        reader.join(TimeUnit.SECONDS.toMillis(30))
        return output.toString()
    }

    fun awaitOutput(text: String, timeoutSeconds: Long = 180) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds)
        while (!output.contains(text)) {
            if (!process.isAlive && !output.contains(text)) fail("child exited (${process.exitValue()}) before '$text': $stderr")
            if (System.nanoTime() > deadline) fail("no '$text' from the child within $timeoutSeconds s: $stderr")
            Thread.sleep(5)
        }
    }

    fun send(line: String) {
        process.outputStream.write((line + "\n").toByteArray())
        process.outputStream.flush()
    }

    fun awaitExit(timeoutSeconds: Long = 300): Int {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            fail("child did not finish within $timeoutSeconds s: $stderr")
        }
        return process.exitValue()
    }

    fun kill() {
        process.destroyForcibly()
        process.waitFor(60, TimeUnit.SECONDS)
    }
}

/** Which indices of child [prefix]'s entries are in [entries], in file order; fails on anything unexpected. */
private fun indicesOf(prefix: String, entries: List<String>, count: Int): List<Int> {
    val byEntry = (0 until count).associateBy { HistoryChild.entry(prefix, it) }
    return entries.filter { it.startsWith("$prefix-") }.map { byEntry[it] ?: fail("torn or foreign entry: '$it'") }
}

class HistoryProcessesTest : FunSpec({
    test("two processes appending 1,000 entries each end with 2,000, none lost or torn") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val children = listOf("A", "B").map { Child(dir, it, "append", path.toString(), it, "1000", "5000", "0") }
            try {
                children.forEach { it.awaitOutput("ready") }
                // Both are warm and waiting: start them at the same instant.
                children.forEach { it.send("go") }
                children.forEach { child -> withClue(child.stderr) { child.awaitExit() shouldBe 0 } }
            } finally {
                children.forEach { it.kill() }
            }
            val entries = strictEntries(path)
            entries shouldHaveSize 2000
            for (prefix in listOf("A", "B")) {
                withClue("child $prefix's entries, each once and in its order") {
                    indicesOf(prefix, entries, 1000) shouldContainExactly (0 until 1000).toList()
                }
            }
            val switches = entries.zipWithNext().count { (x, y) -> x[0] != y[0] }
            println("HistoryProcessesTest: 2 x 1000 appends interleaved with $switches switches between the writers")
        }
    }

    test("two processes appending and trimming at once keep each other's newest entries") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            // Each trims to 300 whenever its own count passes 350: many trims, each re-reading
            // what the other appended meanwhile.
            val children = listOf("A", "B").map { Child(dir, it, "append", path.toString(), it, "1000", "300", "50") }
            try {
                children.forEach { it.awaitOutput("ready") }
                children.forEach { it.send("go") }
                children.forEach { child -> withClue(child.stderr) { child.awaitExit() shouldBe 0 } }
            } finally {
                children.forEach { it.kill() }
            }
            val entries = strictEntries(path)
            entries.size shouldBeGreaterThanOrEqual 300
            entries.toSet() shouldHaveSize entries.size
            for (prefix in listOf("A", "B")) {
                val kept = indicesOf(prefix, entries, 1000)
                withClue("child $prefix: a trim removes only the oldest lines, so what is left is its newest, in order, ending with its last") {
                    kept.shouldContainExactly(((1000 - kept.size) until 1000).toList())
                }
            }
            println("HistoryProcessesTest: after concurrent trims the file holds ${entries.size} entries")
        }
    }

    test("a second spelling of the path (a directory link) waits for the same lock, and never drops it for the holder") {
        withTempDir { dir ->
            val real = dir.resolve("real")
            HistoryFiles.privateDirectories(real)
            val alias = Files.createSymbolicLink(dir.resolve("alias"), real)
            HeldHistoryLock(real.resolve("history")).use {
                // Keyed by the spelling, this took a second in-process lock, opened a second
                // descriptor and, giving up, closed it: the kernel then dropped the holder's lock.
                val waited = io.kotest.assertions.throwables.shouldThrow<HistoryFileLock.Unavailable> {
                    HistoryFileLock.withLock(HistoryFile.lockFileFor(alias.resolve("history")), 200) { fail("got a lock that is held") }
                }
                waited.message shouldContain "another thread"
                val probe = Child(dir, "probe", "try-lock", real.resolve("history.lock").toString())
                withClue(probe.stderr) { probe.awaitExit() shouldBe 0 }
                withClue("another process tries the lock while this JVM still holds it") { probe.finalOutput().trim() shouldBe "busy" }
            }
            val after = Child(dir, "after", "try-lock", alias.resolve("history.lock").toString())
            withClue(after.stderr) { after.awaitExit() shouldBe 0 }
            after.finalOutput().trim() shouldBe "free"
        }
    }

    test("a process killed during a trim leaves the old file or the new one, never a truncated one") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val pristine = dir.resolve("pristine")
            // Big enough that reading, writing and forcing take a while: kills land inside trims.
            writeEntries(pristine, (0 until 20_000).map { "old-$it \\ with\nnewline and some padding é 😀 ${"x".repeat(40)}" })
            val old = strictLines(pristine)
            val trimmed = old.takeLast(5_000)
            val rounds = Integer.getInteger("coterm.history.killRounds", 12)
            val random = Random(System.nanoTime())
            var killedInTrim = 0
            repeat(rounds) { round ->
                val child = Child(dir, "trim-$round", "trim-loop", path.toString(), pristine.toString(), "5000")
                try {
                    child.awaitOutput("ready")
                    Thread.sleep(random.nextLong(0, 300))
                } finally {
                    child.kill()
                }
                val lastStep = child.finalOutput().lastOrNull { it == 'R' || it == 'T' }
                if (lastStep == 'T') killedInTrim++
                val lines = withClue("round $round, killed after '$lastStep'") { strictLines(path) }
                withClue("round $round, killed after '$lastStep': ${lines.size} lines") {
                    (lines == old || lines == trimmed) shouldBe true
                }
            }
            println("HistoryProcessesTest: $rounds kills, $killedInTrim of them inside a trim; the file was whole every time")
            withClue("the kills must hit trims, or this test proves nothing") { killedInTrim shouldBeGreaterThan 0 }
            // What a killed trim leaves behind (a temporary file) is tidied by the next trim.
            HistoryFile(path, 5_000, { fail(it) }, slack = 0).trim()
            Files.list(dir).use { files -> files.map { it.fileName.toString() }.filter { it.contains(".trim-") }.toList() } shouldBe emptyList()
        }
    }
})
