// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.editor.History
import coterm.editor.LineEditor
import coterm.history.HistoryFiles.withTempDir
import coterm.history.HistoryFiles.writeEntries
import coterm.input.InputEvent
import coterm.input.KeyCode
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption.APPEND
import java.nio.file.StandardOpenOption.CREATE

/** A session on a history file: a store with direct executors, so every call is synchronous. */
private class SharingSession(path: Path, share: Boolean = true, maxEntries: Int = 100, maxBytes: Long = HistoryFile.DEFAULT_MAX_BYTES) {
    val warnings = mutableListOf<String>()
    val store = HistoryStore.open(HistoryOptions(path, maxEntries).withShareAcrossSessions(share), { warnings += it }) { p, max, warn ->
        HistoryFile(p, max, warn, slack = 4, maxBytes = maxBytes, share = share)
    }

    fun enter(vararg lines: String) = lines.forEach { store.add(it) }

    /** What a new prompt sees. */
    fun prompt(): List<String> {
        store.refreshShared()
        store.ready.isDone shouldBe true
        return store.entries
    }
}

/** What another program appending to the file does (the file private, as coterm makes it). */
private fun appendRaw(path: Path, text: String) {
    Files.write(path, text.toByteArray(), CREATE, APPEND)
    HistoryFiles.setPermissions(path, "rw-------")
}

class SharedHistoryTest : FunSpec({
    test("a line entered in one session is in the other's history at its next prompt, once") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("old"))
            val a = SharingSession(path)
            val b = SharingSession(path)
            a.enter("from a")
            b.prompt() shouldContainExactly listOf("old", "from a")
            b.prompt() shouldContainExactly listOf("old", "from a")
            b.enter("from b")
            a.prompt() shouldContainExactly listOf("old", "from a", "from b")
            // A session's own lines are never read back as someone else's.
            a.prompt() shouldContainExactly listOf("old", "from a", "from b")
            b.prompt() shouldContainExactly listOf("old", "from a", "from b")
            a.warnings.shouldBeEmpty()
            b.warnings.shouldBeEmpty()
        }
    }

    test("without sharing, a session sees the file as it was when it began, plus its own lines") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("old"))
            val a = SharingSession(path, share = false)
            val b = SharingSession(path, share = false)
            a.enter("from a")
            b.prompt() shouldContainExactly listOf("old")
        }
    }

    test("lines others appended before this session's own append are picked up, and only once") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val a = SharingSession(path)
            val b = SharingSession(path)
            a.enter("a1", "a2")
            // b's append finds a1 and a2 before its own line.
            b.enter("b1")
            b.prompt() shouldContainExactly listOf("b1", "a1", "a2")
            a.enter("a3")
            b.prompt() shouldContainExactly listOf("b1", "a1", "a2", "a3")
        }
    }

    test("a file created after the session began is read from its start") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val b = SharingSession(path)
            Files.exists(path) shouldBe false
            SharingSession(path).enter("first ever")
            b.prompt() shouldContainExactly listOf("first ever")
        }
    }

    test("a torn last line is not read until it is complete") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            writeEntries(path, listOf("old"))
            val b = SharingSession(path)
            appendRaw(path, "half")
            b.prompt() shouldContainExactly listOf("old")
            appendRaw(path, " done\n")
            b.prompt() shouldContainExactly listOf("old", "half done")
        }
    }

    test("a file another session trimmed is followed from its end: no stray lines, later lines arrive") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val a = SharingSession(path, maxEntries = 4)
            val b = SharingSession(path, maxEntries = 4)
            // Past maxEntries + slack (4 + 4): a's appends trim the file, replacing it.
            a.enter("1", "2", "3", "4", "5", "6", "7", "8", "9")
            Files.readAllLines(path).size shouldBe 4
            val seen = b.prompt()
            // Whatever b picked up before the trim, it is a run of a's lines, in order, and at most four.
            seen shouldBe seen.sortedBy { it.toInt() }
            (seen.size <= 4) shouldBe true
            a.enter("10")
            b.prompt().last() shouldBe "10"
        }
    }

    test("what another session appended is read within the byte budget, newest first") {
        withTempDir { dir ->
            val path = dir.resolve("history")
            val b = SharingSession(path, maxEntries = 1000, maxBytes = 1000)
            val lines = (1..500).map { "line $it" }
            appendRaw(path, lines.joinToString("\n", postfix = "\n"))
            val seen = b.prompt()
            seen.last() shouldBe "line 500"
            (seen.sumOf { it.length + 1 } <= 1000) shouldBe true
            seen shouldContainExactly lines.takeLast(seen.size)
        }
    }

    test("the line being written stays after the newest entry when other sessions' lines arrive") {
        val history = History(maxEntries = 3)
        history.add("one")
        history.add("two")
        val editor = LineEditor(history = history)
        "draft".forEach { editor.handle(InputEvent.Key(KeyCode.Char(it.code))) }
        history.addNewer(listOf("three", "four"))
        history.entries shouldContainExactly listOf("two", "three", "four")
        editor.handle(InputEvent.Key(KeyCode.Up))
        editor.buffer.text shouldBe "four"
        editor.handle(InputEvent.Key(KeyCode.Down))
        editor.buffer.text shouldBe "draft"
    }
})
