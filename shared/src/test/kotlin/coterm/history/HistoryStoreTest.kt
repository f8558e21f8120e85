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

private class Opened(options: HistoryOptions, slack: Int? = null) {
    val warnings = mutableListOf<String>()
    val store = HistoryStore.open(options, { warnings += it }) { path, max, warn ->
        HistoryFile(path, max, warn, slack ?: HistoryFile.defaultSlack(max))
    }
}

private fun HistoryStore.addAll(vararg lines: String) = lines.forEach { add(it) }

class HistoryStoreTest : FunSpec({
    test("in memory: lines are remembered, nothing is written") {
        withTempDir { dir ->
            val o = Opened(HistoryOptions.inMemory())
            o.store.add("ls") shouldBe true
            o.store.entries shouldContainExactly listOf("ls")
            o.store.isPersistent shouldBe false
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
            o.store.isPersistent shouldBe false
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
            again.store.isPersistent shouldBe true
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
            o.store.isPersistent shouldBe false
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
            o.store.isPersistent shouldBe false
            o.store.add("still works") shouldBe true
            o.store.entries shouldContainExactly listOf("still works")
            o.warnings shouldHaveSize 1
        }
    }

    test("a damaged file: one warning, lines still appended, never trimmed") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val bytes = byteArrayOf(0xFF.toByte(), '\n'.code.toByte())
            Files.write(path, bytes)
            val o = Opened(HistoryOptions(path, maxEntries = 3), slack = 0)
            o.warnings shouldHaveSize 1
            o.store.isPersistent shouldBe true
            (1..6).forEach { o.store.add("e$it") }
            o.warnings shouldHaveSize 1
            val content = Files.readAllBytes(path)
            content.take(2) shouldBe bytes.toList()
            String(content.drop(2).toByteArray()) shouldBe (1..6).joinToString("") { "e$it\n" }
            o.store.entries shouldContainExactly listOf("e4", "e5", "e6")
        }
    }

    test("bad bytes written by another program after start-up: one warning, appends go on, no rewrite") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val o = Opened(HistoryOptions(path, maxEntries = 2), slack = 0)
            o.store.add("a")
            Files.write(path, byteArrayOf(0xFE.toByte(), '\n'.code.toByte()), java.nio.file.StandardOpenOption.APPEND)
            o.store.add("b")
            o.store.add("c")
            o.warnings shouldHaveSize 1
            o.warnings.single() shouldContain "will not be trimmed"
            o.store.isPersistent shouldBe true
            Files.readAllBytes(path).size shouldBe "a\n".length + 2 + "b\nc\n".length
        }
    }

    test("an interrupted thread leaves one line out of the file, quietly, and keeps the file") {
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
            o.store.isPersistent shouldBe true
            strictEntries(path) shouldContainExactly listOf("before", "after")
            o.store.entries shouldContainExactly listOf("before", "while interrupted", "after")
        }
    }
})
