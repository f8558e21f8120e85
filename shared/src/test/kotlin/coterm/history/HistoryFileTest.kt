// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFiles.permissions
import coterm.history.HistoryFiles.posix
import coterm.history.HistoryFiles.strictEntries
import coterm.history.HistoryFiles.strictLines
import coterm.history.HistoryFiles.withTempDir
import coterm.history.HistoryFiles.writeEntries
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.property.Arb
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** A history file that records its warnings. */
internal class Recorded(
    path: Path,
    maxEntries: Int = 100,
    slack: Int = 10,
    lockTimeoutMillis: Long = 5_000,
    maxBytes: Long = HistoryFile.DEFAULT_MAX_BYTES,
    userId: Int? = ProcessUser.id,
    channels: (java.nio.channels.FileChannel) -> java.nio.channels.FileChannel = { it },
) {
    val warnings = mutableListOf<String>()
    val file = HistoryFile(path, maxEntries, { warnings += it }, slack, lockTimeoutMillis, maxBytes, userId, channels)
}

class HistoryFileTest : FunSpec({
    context("load") {
        test("a missing file is an empty history, without a warning, and nothing is created") {
            withTempDir { dir ->
                val path = dir.resolve("state/app/history")
                val r = Recorded(path)
                r.file.load().shouldBeEmpty()
                r.warnings.shouldBeEmpty()
                r.file.health shouldBe HistoryFile.Health.Healthy
                Files.exists(dir.resolve("state")) shouldBe false
            }
        }

        test("entries come back oldest first, decoded, only the newest maxEntries") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..30).map { "cmd $it" })
                val r = Recorded(path, maxEntries = 10)
                r.file.load() shouldContainExactly (21..30).map { "cmd $it" }
                // Counted only until a trim is known to be due: more than 10 + 10.
                r.file.knownEntries shouldBe 21
                r.file.trimDue shouldBe true
                r.warnings.shouldBeEmpty()
            }
        }

        test("empty lines hold no entry; a CRLF ending loses its CR; a last line without LF is a torn write, left out") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                HistoryFiles.writePrivate(path, "a\n\n\nb\r\nc\\r\r\ncut off".toByteArray())
                val r = Recorded(path)
                r.file.load() shouldContainExactly listOf("a", "b", "c\r")
                r.warnings.shouldBeEmpty()
                r.file.health shouldBe HistoryFile.Health.Healthy
            }
        }

        test("a torn UTF-8 sequence at the end is a torn write: left out without a warning, and the file is still trimmed") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val whole = (1..12).joinToString("") { "e$it é\n" }.toByteArray()
                // "é" is C3 A9: the write was cut between the two bytes.
                HistoryFiles.writePrivate(path, whole + "half é".toByteArray().copyOf(6))
                val r = Recorded(path, maxEntries = 5, slack = 5)
                r.file.load() shouldContainExactly (8..12).map { "e$it é" }
                r.warnings.shouldBeEmpty()
                r.file.health shouldBe HistoryFile.Health.Healthy
                r.file.append("next") shouldBe true
                strictEntries(path) shouldContainExactly (1..12).map { "e$it é" } + "next"
                r.file.trimDue shouldBe true
                r.file.trim() shouldBe true
                strictEntries(path) shouldContainExactly (9..12).map { "e$it é" } + "next"
            }
        }

        test("bytes that are not UTF-8 give one warning and U+FFFD; the file is still trimmed, and keeps those bytes") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val bad = byteArrayOf(0xFF.toByte(), 0xC3.toByte(), 0x28) + " bad\n".toByteArray()
                val bytes = "old\n".toByteArray() + bad + "also good\n".toByteArray()
                HistoryFiles.writePrivate(path, bytes)
                val r = Recorded(path, maxEntries = 2, slack = 0)
                r.file.load() shouldContainExactly listOf("\uFFFD\uFFFD( bad", "also good")
                r.warnings shouldHaveSize 1
                r.warnings.single() shouldContain "1 line(s) that are not UTF-8"
                r.warnings.single() shouldContain path.toString()
                r.file.health shouldBe HistoryFile.Health.Damaged
                r.file.trim() shouldBe true
                Files.readAllBytes(path) shouldBe bad + "also good\n".toByteArray()
            }
        }

        test("the lenient read replaces bad bytes with U+FFFD and keeps the rest of the line") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                HistoryFiles.writePrivate(path, byteArrayOf('a'.code.toByte(), 0xFF.toByte(), 'b'.code.toByte(), '\n'.code.toByte()))
                val r = Recorded(path)
                r.file.load() shouldContainExactly listOf("a\uFFFDb")
                r.warnings shouldHaveSize 1
                r.file.health shouldBe HistoryFile.Health.Damaged
            }
        }

        test("a directory in place of the file gives one warning and an empty, unusable history") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                Files.createDirectory(path)
                val r = Recorded(path)
                r.file.load().shouldBeEmpty()
                r.warnings shouldHaveSize 1
                r.warnings.single() shouldContain "not a regular file"
                r.file.health shouldBe HistoryFile.Health.Unusable
            }
        }

        test("an unreadable file gives one warning (as root too: the load runs without the capabilities that bypass permissions)") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, listOf("secret"))
                Files.setPosixFilePermissions(path, emptySet<PosixFilePermission>())
                val r = PermissionsApplied.load(path)
                r.entries.shouldBeEmpty()
                r.warnings shouldHaveSize 1
                r.warnings.single() shouldContain "permission denied"
                r.health shouldBe HistoryFile.Health.Unusable
            }
        }

        test("a line over MAX_LINE_BYTES (an older coterm stored 1 MB) is skipped quietly; a trim drops it") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val huge = "x".repeat(HistoryFile.MAX_LINE_BYTES + 10)
                HistoryFiles.writePrivate(path, "before\n$huge\nafter\n$huge\n".toByteArray())
                val r = Recorded(path, maxEntries = 2, slack = 0)
                r.file.load() shouldContainExactly listOf("before", "after")
                r.warnings.shouldBeEmpty()
                r.file.health shouldBe HistoryFile.Health.Healthy
                r.file.trim() shouldBe true
                strictEntries(path) shouldContainExactly listOf("before", "after")
            }
        }

        test("a line exactly at the limit, in bytes, even with a CRLF ending, is kept") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val longest = "é".repeat(HistoryFile.MAX_LINE_BYTES / 2)
                HistoryFiles.writePrivate(path, "$longest\r\n".toByteArray())
                val r = Recorded(path)
                r.file.load() shouldContainExactly listOf(longest)
                r.warnings.shouldBeEmpty()
            }
        }

        test("a file in a read-only place (no lock file possible) is still read (as root too, as above)") {
            withTempDir { dir ->
                val sub = dir.resolve("ro")
                val path = sub.resolve("history")
                writeEntries(path, listOf("kept"))
                Files.setPosixFilePermissions(sub, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"))
                val r = PermissionsApplied.load(path)
                r.entries shouldContainExactly listOf("kept")
                r.warnings.shouldBeEmpty()
                withClue("no lock file could be made beside it") { Files.exists(HistoryFile.lockFileFor(path)) shouldBe false }
            }
        }

        test("a lock held elsewhere does not stop the load: it reads unlocked after a short wait") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, listOf("a", "b"))
                val held = CountDownLatch(1)
                val release = CountDownLatch(1)
                val holder = thread(name = "lock-holder") {
                    HistoryFileLock.withLock(HistoryFile.lockFileFor(path), 5_000) {
                        held.countDown()
                        release.await(60, TimeUnit.SECONDS)
                    }
                }
                try {
                    held.await(30, TimeUnit.SECONDS) shouldBe true
                    val r = Recorded(path, lockTimeoutMillis = 60_000)
                    r.file.load() shouldContainExactly listOf("a", "b")
                    r.warnings.shouldBeEmpty()
                    // Still held: the load gave up waiting rather than waiting for the release.
                    holder.isAlive shouldBe true
                } finally {
                    release.countDown()
                    holder.join(30_000)
                }
            }
        }

        test("only the newest maxBytes of the file are read, and its newest entries win") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..1000).map { "entry number $it" })
                val r = Recorded(path, maxEntries = 1000, slack = 250, maxBytes = 200)
                val loaded = r.file.load()
                loaded.last() shouldBe "entry number 1000"
                loaded.sumOf { it.length + 1 } shouldBeLessThanOrEqual 200
                loaded shouldContainExactly (1000 - loaded.size + 1..1000).map { "entry number $it" }
                r.file.trimDue shouldBe true
            }
        }
    }

    context("append") {
        test("creates the directories (0700), the file (0600) and the lock file (0600)") {
            withTempDir { dir ->
                val path = dir.resolve("state/app/history")
                val r = Recorded(path)
                r.file.append("first") shouldBe true
                strictLines(path) shouldContainExactly listOf("first")
                if (posix) {
                    permissions(path) shouldBe "rw-------"
                    permissions(path.resolveSibling("history.lock")) shouldBe "rw-------"
                    permissions(dir.resolve("state/app")) shouldBe "rwx------"
                    permissions(dir.resolve("state")) shouldBe "rwx------"
                }
            }
        }

        test("entries of every kind round-trip through the file") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val entries = listOf("plain", "multi\nline\ninput", "back\\slash", "\\n literal", "cr\r", "中文 😀", "esc \u001b[2J", " spaced")
                val writer = Recorded(path)
                entries.forEach { writer.file.append(it) shouldBe true }
                strictLines(path) shouldHaveSize entries.size
                val reader = Recorded(path)
                reader.file.load() shouldContainExactly entries
                reader.warnings.shouldBeEmpty()
            }
        }

        test("property: any entries round-trip through the file") {
            withTempDir { dir ->
                var n = 0
                checkAll(200, Arb.list(trickyEntry.let { arb -> io.kotest.property.arbitrary.arbitrary { "e" + arb.bind() } }, 1..8)) { entries ->
                    val path = dir.resolve("history-${n++}")
                    val writer = Recorded(path, maxEntries = 100)
                    entries.forEach { writer.file.append(it) }
                    Recorded(path, maxEntries = 100).file.load() shouldContainExactly entries
                }
            }
        }

        test("a torn last line (a crash mid-write) is cut off before the next entry: it never becomes an entry") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                HistoryFiles.writePrivate(path, "a\nrm -rf /tmp/build/ol".toByteArray())
                Recorded(path).file.append("next")
                String(Files.readAllBytes(path)) shouldBe "a\nnext\n"
            }
        }

        test("an entry too long for one line stays out of the file; the limit is on the line's bytes") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val r = Recorded(path)
                r.file.append("z".repeat(HistoryFile.MAX_LINE_BYTES + 1)) shouldBe false
                // Backslashes double when escaped, é takes two bytes, ESC six: the limit is on the line.
                r.file.append("\\".repeat(HistoryFile.MAX_LINE_BYTES / 2 + 1)) shouldBe false
                r.file.append("é".repeat(HistoryFile.MAX_LINE_BYTES / 2 + 1)) shouldBe false
                r.file.append("\u001b".repeat(HistoryFile.MAX_LINE_BYTES / 6 + 1)) shouldBe false
                r.file.append("\\".repeat(HistoryFile.MAX_LINE_BYTES / 2)) shouldBe true
                r.file.append("é".repeat(HistoryFile.MAX_LINE_BYTES / 2)) shouldBe true
                strictEntries(path) shouldContainExactly listOf("\\".repeat(HistoryFile.MAX_LINE_BYTES / 2), "é".repeat(HistoryFile.MAX_LINE_BYTES / 2))
            }
        }

        test("a directory in place of the file makes append throw, for the store to handle") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                Files.createDirectory(path)
                shouldThrow<java.io.IOException> { Recorded(path).file.append("x") }
            }
        }

        test("the lock held elsewhere too long makes append give up with Unavailable, not hang") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val held = CountDownLatch(1)
                val release = CountDownLatch(1)
                val holder = thread(name = "lock-holder") {
                    HistoryFileLock.withLock(HistoryFile.lockFileFor(path), 5_000) {
                        held.countDown()
                        release.await(30, TimeUnit.SECONDS)
                    }
                }
                try {
                    held.await(30, TimeUnit.SECONDS) shouldBe true
                    val r = Recorded(path, lockTimeoutMillis = 100)
                    shouldThrow<HistoryFileLock.Unavailable> { r.file.append("x") }.message shouldContain "timed out"
                } finally {
                    release.countDown()
                    holder.join(30_000)
                }
                // Released: appends work again.
                Recorded(path).file.append("after") shouldBe true
                strictEntries(path) shouldContainExactly listOf("after")
            }
        }

        test("threads of one JVM appending to one file through separate instances lose nothing") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val threads = (0 until 4).map { t ->
                    thread(name = "appender-$t") {
                        val r = Recorded(path, maxEntries = 10_000, slack = 0)
                        repeat(250) { r.file.append("t$t-$it\nsecond line") }
                    }
                }
                threads.forEach { it.join(120_000) }
                val entries = strictEntries(path)
                entries shouldHaveSize 1000
                entries.toSet() shouldBe (0 until 4).flatMap { t -> (0 until 250).map { "t$t-$it\nsecond line" } }.toSet()
            }
        }
    }

    context("trim") {
        test("past maxBytes plus a quarter it is rewritten with the newest lines that fit in maxBytes") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..40).map { "line %02d".format(it) }) // 8 bytes a line with its LF
                val r = Recorded(path, maxEntries = 1000, slack = 250, maxBytes = 100)
                r.file.load() shouldHaveSize 12
                r.file.trim() shouldBe true
                strictEntries(path) shouldContainExactly (29..40).map { "line %02d".format(it) }
                Files.size(path) shouldBe 96
                r.file.knownBytes shouldBe 96
                r.file.trimDue shouldBe false
                // 25 more bytes than maxBytes are allowed before the next rewrite.
                repeat(3) { r.file.append("more $it!") }
                r.file.trimDue shouldBe false
                r.file.append("over it")
                r.file.trimDue shouldBe true
            }
        }

        test("a file within maxEntries + slack is left alone") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..110).map { "e$it" })
                val before = Files.readAllBytes(path)
                val r = Recorded(path, maxEntries = 100, slack = 10)
                r.file.trim() shouldBe false
                Files.readAllBytes(path) shouldBe before
                r.file.knownEntries shouldBe 110
            }
        }

        test("past maxEntries + slack it is rewritten with the newest maxEntries, mode 0600") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..111).map { "e$it\nmore" })
                if (posix) Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"))
                val r = Recorded(path, maxEntries = 100, slack = 10)
                r.file.trim() shouldBe true
                strictEntries(path) shouldContainExactly (12..111).map { "e$it\nmore" }
                r.file.knownEntries shouldBe 100
                r.file.trimDue shouldBe false
                if (posix) permissions(path) shouldBe "rw-------"
                Files.list(dir).use { it.map { p -> p.fileName.toString() }.toList() }.sorted() shouldContainExactly listOf("history", "history.lock")
            }
        }

        test("entries appended by another process after our load are kept") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..5).map { "old$it" })
                val us = Recorded(path, maxEntries = 10, slack = 2)
                us.file.load() shouldHaveSize 5
                val other = Recorded(path, maxEntries = 10, slack = 2)
                repeat(7) { other.file.append("other$it") }
                us.file.append("ours")
                // We counted 6, the file holds 13: the trim counts afresh and keeps the others' lines.
                us.file.trim() shouldBe true
                strictEntries(path) shouldContainExactly listOf("old4", "old5") + (0 until 7).map { "other$it" } + "ours"
            }
        }

        test("temporary files left by a killed trim are deleted by the next one") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, listOf("a"))
                val stray = dir.resolve("history.trim-12345.tmp")
                Files.write(stray, "half".toByteArray())
                val unrelated = dir.resolve("notes.tmp")
                Files.write(unrelated, "mine".toByteArray())
                Recorded(path).file.trim() shouldBe false
                Files.exists(stray) shouldBe false
                Files.exists(unrelated) shouldBe true
            }
        }

        test("a symbolic link is followed: the target is rewritten, the link stays").config(enabled = posix) {
            withTempDir { dir ->
                val real = dir.resolve("dotfiles/history")
                writeEntries(real, (1..20).map { "e$it" })
                val link = dir.resolve("history")
                Files.createSymbolicLink(link, real)
                val r = Recorded(link, maxEntries = 5, slack = 0)
                r.file.load() shouldHaveSize 5
                r.file.trim() shouldBe true
                Files.isSymbolicLink(link) shouldBe true
                strictEntries(real) shouldContainExactly (16..20).map { "e$it" }
                r.file.append("new")
                strictEntries(real).last() shouldBe "new"
            }
        }

        test("a missing file needs no trim") {
            withTempDir { dir ->
                Recorded(dir.resolve("history")).file.trim() shouldBe false
            }
        }

        test("trimDue follows our own count: load, appends, trims") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, (1..10).map { "e$it" })
                val r = Recorded(path, maxEntries = 10, slack = 2)
                r.file.load()
                r.file.trimDue shouldBe false
                r.file.append("a")
                r.file.append("b")
                r.file.trimDue shouldBe false
                r.file.append("c")
                withClue("13 > 10 + 2") { r.file.trimDue shouldBe true }
                r.file.trim() shouldBe true
                r.file.trimDue shouldBe false
            }
        }
    }
})
