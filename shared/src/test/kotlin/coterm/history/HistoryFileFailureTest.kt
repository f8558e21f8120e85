// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFiles.strictEntries
import coterm.history.HistoryFiles.withTempDir
import coterm.history.HistoryFiles.writeEntries
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.channels.ClosedByInterruptException
import java.nio.channels.FileChannel
import java.nio.file.Files

/** A write that fails halfway (a full disk, an I/O error, an interrupt) leaves the file as it was. */
class HistoryFileFailureTest : FunSpec({
    test("an append that fails midway, cut inside a UTF-8 sequence, is truncated back: the file is as it was") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("a", "b"))
            val before = Files.readAllBytes(path)
            var faulty: FaultyChannel? = null
            // "h" and the first byte of "é" fit; then the disk is full.
            val r = Recorded(path, channels = { channel -> FaultyChannel(channel, budget = 2).also { faulty = it } })
            shouldThrow<IOException> { r.file.append("héllo") }.message shouldContain "No space left on device"
            faulty!!.failures shouldBe 1
            Files.readAllBytes(path) shouldBe before
            val again = Recorded(path)
            again.file.load() shouldContainExactly listOf("a", "b")
            again.warnings.shouldBeEmpty()
            again.file.health shouldBe HistoryFile.Health.Healthy
            again.file.append("c") shouldBe true
            strictEntries(path) shouldContainExactly listOf("a", "b", "c")
        }
    }

    test("when the truncation fails too, the torn line is left out by the next load and cut off by the next append") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("a", "b"))
            val before = Files.readAllBytes(path)
            val r = Recorded(path, channels = { FaultyChannel(it, budget = 2, truncateFails = true) })
            val failure = shouldThrow<IOException> { r.file.append("héllo") }
            failure.suppressed.single().message shouldContain "Input/output error"
            // The torn line is there: "h" and half of "é".
            Files.readAllBytes(path) shouldBe before + byteArrayOf('h'.code.toByte(), 0xC3.toByte())
            val next = Recorded(path)
            next.file.load() shouldContainExactly listOf("a", "b")
            next.warnings.shouldBeEmpty()
            next.file.health shouldBe HistoryFile.Health.Healthy
            next.file.append("c") shouldBe true
            String(Files.readAllBytes(path)) shouldBe "a\nb\nc\n"
        }
    }

    test("an interrupt during the write: truncated back through a new channel, and the thread stays interrupted") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("a"))
            val before = Files.readAllBytes(path)
            var opened = 0
            val r = Recorded(path, channels = { channel ->
                opened++
                if (opened == 1) FaultyChannel(channel, budget = 3, interrupt = true) else channel
            })
            try {
                shouldThrow<ClosedByInterruptException> { r.file.append("interrupted entry") }
                Thread.currentThread().isInterrupted shouldBe true
            } finally {
                Thread.interrupted()
            }
            opened shouldBe 2
            Files.readAllBytes(path) shouldBe before
        }
    }

    test("a trim whose temporary file cannot be written leaves the file as it was, and no temporary behind") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, (1..30).map { "e$it" })
            val before = Files.readAllBytes(path)
            val r = Recorded(path, maxEntries = 10, slack = 0, channels = { FaultyChannel(it, budget = 7) })
            shouldThrow<IOException> { r.file.trim() }
            Files.readAllBytes(path) shouldBe before
            Files.list(dir).use { files -> files.map { it.fileName.toString() }.toList() }.sorted() shouldContainExactly listOf("history", "history.lock")
        }
    }

    test("the disk really full (a 64 KiB tmpfs): one warning, the file whole, the lines kept in memory")
        .config(enabledOrReasonIf = { TinyTmpfs.enabled }) {
            withTempDir { dir ->
                TinyTmpfs.mount(dir).getOrThrow().use { disk ->
                    val path = disk.root.resolve("state/history")
                    val warnings = mutableListOf<String>()
                    val store = HistoryStore.open(HistoryOptions(path), { warnings += it }) { p, max, warn -> HistoryFile(p, max, warn) }
                    store.add("ls") shouldBe true
                    store.add("echo é") shouldBe true
                    val before = Files.readAllBytes(path)
                    val filler = disk.fill()
                    // One page free again: the next append is written in part, then fails.
                    FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE).use { it.truncate(it.size() - 4096) }
                    val big = "é".repeat(15_000)
                    store.add(big) shouldBe true
                    warnings shouldHaveSize 1
                    warnings.single() shouldContain "No space left on device"
                    warnings.single() shouldContain "kept in memory only"
                    Files.readAllBytes(path) shouldBe before
                    store.add("after") shouldBe true
                    store.entries shouldContainExactly listOf("ls", "echo é", big, "after")
                    // Space again: a new session reads the file whole and appends to it.
                    Files.delete(filler)
                    val next = HistoryStore.open(HistoryOptions(path), { warnings += it }) { p, max, warn -> HistoryFile(p, max, warn) }
                    next.entries shouldContainExactly listOf("ls", "echo é")
                    next.add("new session") shouldBe true
                    strictEntries(path) shouldContainExactly listOf("ls", "echo é", "new session")
                    warnings shouldHaveSize 1
                }
            }
        }

    test("a file filled to the last byte by the tmpfs test's own method really is full (the test above would prove nothing otherwise)")
        .config(enabledOrReasonIf = { TinyTmpfs.enabled }) {
            withTempDir { dir ->
                TinyTmpfs.mount(dir).getOrThrow().use { disk ->
                    val filler = disk.fill()
                    Files.size(filler) shouldBeGreaterThan 32_000L
                    shouldThrow<IOException> { Files.write(disk.root.resolve("more"), ByteArray(8192)) }
                    var writes = 0
                    FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE).use { it.truncate(it.size() - 4096) }
                    // A page was freed: a big write now goes in part, then fails.
                    val partial = disk.root.resolve("partial")
                    shouldThrow<IOException> {
                        FileChannel.open(partial, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE).use { ch ->
                            val buffer = java.nio.ByteBuffer.allocate(30_000)
                            while (buffer.hasRemaining()) {
                                ch.write(buffer)
                                writes++
                            }
                        }
                    }
                    writes shouldBeGreaterThan 0
                    Files.size(partial) shouldBeGreaterThan 0L
                }
            }
        }
})
