// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFiles.strictEntries
import coterm.history.HistoryFiles.withTempDir
import coterm.history.HistoryFiles.writeEntries
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

private class Opened(options: HistoryOptions, slack: Int? = null, channels: (java.nio.channels.FileChannel) -> java.nio.channels.FileChannel = { it }) {
    val warnings = mutableListOf<String>()
    val store = HistoryStore.open(options, { warnings += it }) { path, max, warn ->
        HistoryFile(path, max, warn, slack ?: HistoryFile.defaultSlack(max), channels = channels)
    }
}

private fun HistoryStore.addAll(vararg lines: String) = lines.forEach { add(it) }

class HistoryStoreTest : FunSpec({
    test("in memory: lines are remembered, nothing is written") {
        withTempDir { dir ->
            val o = Opened(HistoryOptions.inMemory())
            o.store.add("ls") shouldBe true
            o.store.entries shouldContainExactly listOf("ls")
            o.warnings.shouldBeEmpty()
            Files.list(dir).use { it.count() } shouldBe 0
        }
    }

    test("disabled: nothing is remembered, and a file given anyway is neither read nor written") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("old"))
            val before = Files.readAllBytes(path)
            val o = Opened(HistoryOptions(path, maxEntries = 0))
            o.store.entries.shouldBeEmpty()
            o.store.add("ls") shouldBe false
            o.store.history.searchBackward("", 10) shouldBe null
            Files.readAllBytes(path) shouldBe before
            Files.exists(dir.resolve("history.lock")) shouldBe false
        }
    }

    test("the history survives a restart") {
        withTempDir { dir ->
            val options = HistoryOptions(dir.resolve("app/history"))
            Opened(options).store.addAll("one", "two\nlines", "three")
            val again = Opened(options)
            again.store.entries shouldContainExactly listOf("one", "two\nlines", "three")
            again.store.add("four")
            Opened(options).store.entries shouldContainExactly listOf("one", "two\nlines", "three", "four")
        }
    }

    test("filtered lines reach neither the memory nor the file") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path))
            o.store.addAll("visible", " secret", "visible", "", "   ")
            o.store.entries shouldContainExactly listOf("visible")
            strictEntries(path) shouldContainExactly listOf("visible")
        }
    }

    test("the filters follow the options") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path, 100, ignoreDuplicates = false, ignoreSpacePrefixed = false))
            o.store.addAll("a", "a", " b")
            strictEntries(path) shouldContainExactly listOf("a", "a", " b")
        }
    }

    test("the file is trimmed once it passes the bound plus the slack; memory holds the bound") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path, maxEntries = 10), slack = 2)
            (1..12).forEach { o.store.add("e$it") }
            strictEntries(path) shouldHaveSize 12
            o.store.add("e13")
            strictEntries(path) shouldContainExactly (4..13).map { "e$it" }
            o.store.entries shouldContainExactly (4..13).map { "e$it" }
        }
    }

    test("loading reads at most maxEntries of a long file") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, (1..50).map { "e$it" })
            Opened(HistoryOptions(path, maxEntries = 5)).store.entries shouldContainExactly (46..50).map { "e$it" }
        }
    }

    test("a write error after start-up gives one warning; memory goes on, the file is left alone") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path))
            o.store.add("saved")
            // The file disappears and a directory takes its place: appends can only fail now.
            Files.delete(path)
            Files.createDirectory(path)
            o.store.add("not saved") shouldBe true
            o.store.add("nor this") shouldBe true
            o.warnings shouldHaveSize 1
            o.warnings.single() shouldContain "kept in memory only"
            o.store.entries shouldContainExactly listOf("saved", "not saved", "nor this")
            o.store.history.searchBackward("saved", o.store.history.size) shouldBe 1
        }
    }

    test("a removed file is simply created again: no warning") {
        withTempDir { dir ->
            val path = dir.resolve("sub/history")
            val o = Opened(HistoryOptions(path))
            o.store.add("one")
            HistoryFiles.deleteRecursively(dir.resolve("sub"))
            o.store.add("two")
            o.warnings.shouldBeEmpty()
            strictEntries(path) shouldContainExactly listOf("two")
        }
    }

    test("an unusable file at start-up: one warning, in memory only, no second warning later") {
        withTempDir { dir ->
            val path: Path = dir.resolve("history")
            Files.createDirectory(path)
            val o = Opened(HistoryOptions(path))
            o.warnings shouldHaveSize 1
            o.store.add("still works") shouldBe true
            o.store.entries shouldContainExactly listOf("still works")
            o.warnings shouldHaveSize 1
        }
    }

    test("a file with bytes that are not UTF-8: one warning, lines still appended, and trimmed as usual") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            HistoryFiles.writePrivate(path, byteArrayOf(0xFF.toByte(), '\n'.code.toByte()))
            val o = Opened(HistoryOptions(path, maxEntries = 3), slack = 0)
            o.warnings shouldHaveSize 1
            o.warnings.single() shouldContain "not UTF-8"
            o.store.entries shouldContainExactly listOf("\uFFFD")
            (1..6).forEach { o.store.add("e$it") }
            o.warnings shouldHaveSize 1
            String(Files.readAllBytes(path)) shouldBe "e4\ne5\ne6\n"
            o.store.entries shouldContainExactly listOf("e4", "e5", "e6")
        }
    }

    test("bad bytes written by another program after start-up: no warning, and a trim keeps them as they are") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path, maxEntries = 2), slack = 0)
            o.store.add("a")
            o.store.add("b")
            Files.write(path, byteArrayOf(0xFE.toByte(), '\n'.code.toByte()), java.nio.file.StandardOpenOption.APPEND)
            o.store.add("c")
            o.warnings.shouldBeEmpty()
            Files.readAllBytes(path).toList() shouldBe (byteArrayOf(0xFE.toByte()) + "\nc\n".toByteArray()).toList()
        }
    }

    test("an entry over MAX_LINE_BYTES (a big paste) stays in memory only, without a warning") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path))
            val paste = "p".repeat(HistoryFile.MAX_LINE_BYTES + 1)
            o.store.addAll("before", paste, "after")
            o.warnings.shouldBeEmpty()
            o.store.entries shouldContainExactly listOf("before", paste, "after")
            strictEntries(path) shouldContainExactly listOf("before", "after")
        }
    }

    test("an append that fails (a full disk) leaves the file as it was: one warning, and memory goes on") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("old"))
            val before = Files.readAllBytes(path)
            val o = Opened(HistoryOptions(path), channels = { FaultyChannel(it, budget = 4) })
            o.store.add("does not fit") shouldBe true
            o.warnings shouldHaveSize 1
            o.warnings.single() shouldContain "No space left on device"
            Files.readAllBytes(path) shouldBe before
            o.store.add("later") shouldBe true
            o.store.entries shouldContainExactly listOf("old", "does not fit", "later")
            Opened(HistoryOptions(path)).store.entries shouldContainExactly listOf("old")
        }
    }

    test("an interrupted history thread (close gave up waiting) leaves that line out of the file, quietly, and keeps the file") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path))
            o.store.add("before")
            Thread.currentThread().interrupt()
            try {
                o.store.add("while interrupted") shouldBe true
                Thread.currentThread().isInterrupted shouldBe true
            } finally {
                Thread.interrupted()
            }
            o.store.add("after")
            o.warnings.shouldBeEmpty()
            strictEntries(path) shouldContainExactly listOf("before", "after")
            o.store.entries shouldContainExactly listOf("before", "while interrupted", "after")
        }
    }

    context("the file's work runs on its own thread") {
        test("open returns before the file is read; the file's entries go before lines added meanwhile") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, listOf("old one", "old two"))
                val owner = ManualExecutor()
                val lock = HeldHistoryLock(path)
                val store = lock.use {
                    val store = HistoryStore.open(HistoryOptions(path), { }, owner, io = null) { p, max, warn -> HistoryFile(p, max, warn) }
                    // The file's entries reach memory only on the owner's thread, which has not run yet.
                    store.add("typed at once") shouldBe true
                    store.loaded.isDone shouldBe false
                    store.entries shouldContainExactly listOf("typed at once")
                    store
                }
                owner.runUntil { store.loaded.isDone }
                store.entries shouldContainExactly listOf("old one", "old two", "typed at once")
                store.close(5_000)
                strictEntries(path) shouldContainExactly listOf("old one", "old two", "typed at once")
            }
        }

        test("add never waits for the lock; the appends are written in order once it is free") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val owner = ManualExecutor()
                val store = HistoryStore.open(HistoryOptions(path), { }, owner, io = null) { p, max, warn -> HistoryFile(p, max, warn) }
                owner.runUntil { store.loaded.isDone }
                HeldHistoryLock(path).use {
                    // Every add returns while another holder keeps the lock: none waits for it.
                    val adder = Thread { (1..200).forEach { check(store.add("line $it")) } }.apply { start() }
                    adder.join(10_000)
                    adder.isAlive shouldBe false
                    Files.exists(path) shouldBe false
                }
                store.close(5_000)
                strictEntries(path) shouldContainExactly (1..200).map { "line $it" }
                store.entries shouldContainExactly (1..200).map { "line $it" }
            }
        }

        test("a lock held past the append's wait: one warning, from the history thread, and memory goes on") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val warnings = java.util.concurrent.CopyOnWriteArrayList<String>()
                val owner = ManualExecutor()
                val store = HistoryStore.open(HistoryOptions(path), { warnings += it }, owner, io = null) { p, max, warn ->
                    HistoryFile(p, max, warn, lockTimeoutMillis = 200)
                }
                owner.runUntil { store.loaded.isDone }
                HeldHistoryLock(path).use {
                    store.add("waits in vain") shouldBe true
                    val deadline = System.nanoTime() + 10_000_000_000L
                    while (warnings.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10)
                }
                warnings shouldHaveSize 1
                warnings.single() shouldContain "kept in memory only"
                store.add("after") shouldBe true
                store.close(5_000)
                store.entries shouldContainExactly listOf("waits in vain", "after")
                Files.exists(path) shouldBe false
            }
        }

        test("close ends the history thread") {
            withTempDir { dir ->
                fun historyThreads() = Thread.getAllStackTraces().keys.filter { it.name == "coterm-history" }.toSet()
                val before = historyThreads()
                val store = HistoryStore.open(HistoryOptions(dir.resolve("history")), { }, ManualExecutor(), io = null) { p, max, warn ->
                    HistoryFile(p, max, warn)
                }
                store.add("x")
                val ours = historyThreads() - before
                ours shouldHaveSize 1
                store.close(5_000)
                // The pool reports termination a moment before its thread has run its last line.
                ours.single().join(10_000)
                ours.single().isAlive shouldBe false
            }
        }
    }
})

/** An executor whose tasks run only when the test says so, on the test's thread: the console's loop, stood in for. */
private class ManualExecutor : java.util.concurrent.Executor {
    private val tasks = java.util.concurrent.LinkedBlockingQueue<Runnable>()

    override fun execute(command: Runnable) {
        tasks.put(command)
    }

    /** Runs tasks as they come until [done], failing after 10 s. */
    fun runUntil(done: () -> Boolean) {
        val deadline = System.nanoTime() + 10_000_000_000L
        while (!done()) {
            check(System.nanoTime() < deadline) { "gave up waiting" }
            tasks.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS)?.run()
        }
    }
}
