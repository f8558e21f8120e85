// SPDX-License-Identifier: Apache-2.0
package coterm.history

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll

/** A file held in memory; counts the bytes read from it. */
private class Bytes(private val bytes: ByteArray) : HistoryTail.Source {
    var bytesRead = 0L
    override val size: Long get() = bytes.size.toLong()
    override fun read(position: Long, into: ByteArray, offset: Int, length: Int): Int {
        // At most 5 bytes a read: the reader must loop like over a real channel.
        val n = minOf(length, 5, bytes.size - position.toInt())
        System.arraycopy(bytes, position.toInt(), into, offset, n)
        bytesRead += n
        return n
    }
}

/** A file of [size] bytes that is never stored: [byteAt] says what each byte is. Counts what is read. */
private class Virtual(override val size: Long, private val byteAt: (Long) -> Byte) : HistoryTail.Source {
    var bytesRead = 0L
    override fun read(position: Long, into: ByteArray, offset: Int, length: Int): Int {
        val n = minOf(length.toLong(), size - position).toInt()
        for (i in 0 until n) into[offset + i] = byteAt(position + i)
        bytesRead += n
        return n
    }
}

private fun read(text: String, maxEntries: Int = 100, slack: Int = 10, maxBytes: Long = 1000, chunk: Int = 7): HistoryTail =
    HistoryTail.read(Bytes(text.toByteArray()), maxEntries, slack, maxBytes, maxBytes / 4, chunk)

private val HistoryTail.text: List<String> get() = lines.map { String(it, Charsets.UTF_8) }

/** What [HistoryTail.read] must find, worked out the obvious way: split the whole file forwards. */
private class Reference(bytes: ByteArray, maxEntries: Int, slack: Int, maxBytes: Long, byteSlack: Long) {
    val contentBytes = (bytes.lastIndexOf('\n'.code.toByte()) + 1).toLong()
    val torn = bytes.size - contentBytes
    val lines: List<ByteArray>
    val trimDue: Boolean

    init {
        val all = ArrayList<ByteArray>()
        var start = 0
        for (i in 0 until contentBytes.toInt()) if (bytes[i] == '\n'.code.toByte()) {
            all += bytes.copyOfRange(start, i)
            start = i + 1
        }
        val kept = ArrayDeque<ByteArray>()
        var used = 0L
        for (line in all.asReversed()) {
            if (used + line.size + 1 > maxBytes) break
            if (line.isNotEmpty() && kept.size == maxEntries) break
            used += line.size + 1
            val content = if (line.isNotEmpty() && line.last() == '\r'.code.toByte()) line.copyOf(line.size - 1) else line
            if (content.size <= HistoryFile.MAX_LINE_BYTES && content.isNotEmpty()) kept.addFirst(content)
        }
        lines = kept
        trimDue = all.count { it.isNotEmpty() } > maxEntries + slack || contentBytes > maxBytes + byteSlack
    }
}

class HistoryTailTest : FunSpec({
    test("complete lines come back oldest first, without their LF or a CR before it; empty lines hold nothing") {
        val tail = read("one\ntwo\r\n\n\r\nthree\n")
        tail.text shouldContainExactly listOf("one", "two", "three")
        tail.tornBytes shouldBe 0
        tail.contentBytes shouldBe 18
    }

    test("bytes after the last LF are a torn write: left out, and counted") {
        val tail = read("one\ntwo\nthre")
        tail.text shouldContainExactly listOf("one", "two")
        tail.tornBytes shouldBe 4
        tail.contentBytes shouldBe 8
        tail.entries shouldBe 2
    }

    test("a torn UTF-8 sequence at the end is a torn write like any other") {
        val bytes = "ok\n".toByteArray() + byteArrayOf(0xE2.toByte(), 0x82.toByte())
        val tail = HistoryTail.read(Bytes(bytes), 100, 10, 1000, 250, chunkSize = 3)
        tail.text shouldContainExactly listOf("ok")
        tail.tornBytes shouldBe 2
        HistoryTail.tornBytes(Bytes(bytes), chunkSize = 3) shouldBe 2
    }

    test("a file without any LF is all torn; an empty file is empty") {
        read("no newline at all").run {
            lines.shouldBeEmpty()
            tornBytes shouldBe 17
            contentBytes shouldBe 0
        }
        read("").run {
            lines.shouldBeEmpty()
            tornBytes shouldBe 0
        }
    }

    test("the window holds the newest lines that fit in maxBytes, LF included; the first that does not fit ends it") {
        // 4 + 6 + 4 bytes from the end: "ccc\n" and "bbbbb\n" fit in 10, "aaa\n" does not.
        read("aaa\nbbbbb\nccc\n", maxBytes = 10).run {
            text shouldContainExactly listOf("bbbbb", "ccc")
            windowBytes shouldBe 10
        }
        // A big line ends the window even if older, smaller ones would still fit: the newest win.
        read("a\nbbbbbbbbbbbb\nc\n", maxBytes = 10).text shouldContainExactly listOf("c")
    }

    test("the window holds at most maxEntries entries") {
        read("1\n2\n3\n4\n5\n", maxEntries = 3).text shouldContainExactly listOf("3", "4", "5")
    }

    test("a line over MAX_LINE_BYTES is skipped, but uses up the window") {
        val huge = "x".repeat(HistoryFile.MAX_LINE_BYTES + 1)
        val tail = read("old\n$huge\nnew\n", maxBytes = 1 shl 20, chunk = 4096)
        tail.text shouldContainExactly listOf("old", "new")
        tail.overLong shouldBe 1
        tail.windowBytes shouldBe 4L + huge.length + 1 + 4
        // Exactly at the limit, and at the limit plus the CR of a CRLF ending: kept; one more byte, not.
        val longest = "y".repeat(HistoryFile.MAX_LINE_BYTES)
        read("$longest\r\n$longest\n${longest}z\n", maxBytes = 1 shl 20, chunk = 4096).run {
            text shouldContainExactly listOf(longest, longest)
            overLong shouldBe 1
        }
    }

    test("entries are counted through the whole of a small file, enough to know a trim is due") {
        val ten = (1..10).joinToString("") { "e$it\n" }
        read(ten, maxEntries = 3, slack = 7).run {
            text shouldContainExactly listOf("e8", "e9", "e10")
            entries shouldBe 10
            trimDue(3, 7, 1000, 250) shouldBe false
        }
        read(ten, maxEntries = 3, slack = 6).trimDue(3, 6, 1000, 250) shouldBe true
    }

    test("a file over maxBytes plus a quarter is due for a trim however few its entries") {
        val tail = read("a".repeat(40) + "\n" + "b".repeat(10) + "\n", maxBytes = 32)
        tail.text shouldContainExactly listOf("b".repeat(10))
        tail.trimDue(100, 10, 32, 8) shouldBe true
    }

    test("a 100 MB file is read only at its end: what is read stays within the budget") {
        // 100 MB of 1,000-byte lines ("xxx...x\n"), never held anywhere.
        val size = 100L * 1000 * 1000
        val file = Virtual(size) { position -> if (position % 1000 == 999L) '\n'.code.toByte() else 'x'.code.toByte() }
        val budget = 1L shl 20
        val tail = HistoryTail.read(file, maxEntries = 5000, slack = 1250, maxBytes = budget, byteSlack = budget / 4)
        tail.lines.size shouldBe 1048 // 1,048 lines of 1,000 bytes fit in 1 MiB
        tail.lines.sumOf { it.size + 1L } shouldBe 1_048_000
        tail.trimDue(5000, 1250, budget, budget / 4) shouldBe true
        withClue("bytes read from a 100 MB file") { file.bytesRead shouldBeLessThan budget + 2 * 64 * 1024 }
    }

    test("a 100 MB line without a newline at the end of the window is not read through") {
        // One LF at the very end: the line before it is the whole file.
        val size = 100L * 1000 * 1000
        val file = Virtual(size) { position -> if (position == size - 1) '\n'.code.toByte() else 'z'.code.toByte() }
        val budget = 1L shl 20
        val tail = HistoryTail.read(file, maxEntries = 1000, slack = 250, maxBytes = budget, byteSlack = budget / 4)
        tail.lines.shouldBeEmpty()
        withClue("bytes read") { file.bytesRead shouldBeLessThan budget + 2 * 64 * 1024 }
    }

    test("property: the same lines and the same trim decision as splitting the whole file forwards, for any chunk size") {
        val piece = Arb.element("a", "bb", "é", "\r", "\n", "\n", "\n", "\r\n", "😀", "\\n", " ")
        val files = arbitrary { Arb.list(piece, 0..60).bind().joinToString("") }
        checkAll(3000, files, Arb.int(1..8), Arb.int(0..4), Arb.int(1..80), Arb.int(1..9)) { text, maxEntries, slack, maxBytes, chunk ->
            val bytes = text.toByteArray()
            val expected = Reference(bytes, maxEntries, slack, maxBytes.toLong(), maxBytes / 4L)
            val tail = HistoryTail.read(Bytes(bytes), maxEntries, slack, maxBytes.toLong(), maxBytes / 4L, chunk)
            withClue("file=${text.map { it.code }} maxEntries=$maxEntries slack=$slack maxBytes=$maxBytes chunk=$chunk") {
                tail.lines.map { it.toList() } shouldContainExactly expected.lines.map { it.toList() }
                tail.tornBytes shouldBe expected.torn
                tail.contentBytes shouldBe expected.contentBytes
                tail.trimDue(maxEntries, slack, maxBytes.toLong(), maxBytes / 4L) shouldBe expected.trimDue
                HistoryTail.tornBytes(Bytes(bytes), chunk) shouldBe expected.torn
            }
        }
    }
})
