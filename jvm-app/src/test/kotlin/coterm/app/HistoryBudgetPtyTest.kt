// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldEndWith
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption.CREATE_NEW
import java.nio.file.StandardOpenOption.WRITE
import java.nio.file.attribute.PosixFilePermissions
import kotlin.time.Duration.Companion.seconds

/** How many blobs the file holds: with the newest entry, a little over 100 MB. */
private const val BLOBS = 1_650

/**
 * Entry N of the big file: about 62,000 bytes, under the 64 KiB a stored line may have, so every
 * one of them is a real candidate for loading. The é makes each a UTF-16 string in memory, two
 * bytes a character: 1,000 of them (the default maxEntries) would need 124 MB of heap.
 */
private fun blob(n: Int): String = "echo blob $n " + "x".repeat(62_000) + " é end-$n"

/** The heap `./coterm` gives the demo (`-Xmx...` in the script), so this test follows it if it changes. */
private fun demoHeap(): String {
    val script = generateSequence(File("").absoluteFile) { it.parentFile }.map { File(it, "coterm") }.first { it.isFile }
    return Regex("-Xmx\\d+[kmgKMG]").find(script.readText())?.value ?: throw AssertionError("no -Xmx in $script")
}

/** Writes the 100 MB history file, private as coterm would have made it. */
private fun writeBigHistory(file: Path) {
    Files.createDirectories(file.parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
    Files.newOutputStream(file, CREATE_NEW, WRITE).buffered(1 shl 20).use { out ->
        for (n in 0 until BLOBS) out.write((blob(n) + "\n").toByteArray())
        out.write("echo newest\n".toByteArray())
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"))
}

/**
 * A history of 100 MB (pasted blobs, under the per-entry limit) no longer kills the demo at start:
 * it reads only the newest megabyte, in the heap `./coterm` gives it, and the first line entered
 * cuts the file down to that budget.
 */
class HistoryBudgetPtyTest : FunSpec({
    test("a 100 MB history file: the demo starts in its own heap, Up recalls the newest entries, the file is cut to 1 MiB") {
        val heap = demoHeap()
        lateinit var file: Path
        PtyShell.start { home ->
            file = home.resolve(".local/state/coterm/history")
            writeBigHistory(file)
            listOf(
                PtyShell.java, "--enable-native-access=ALL-UNNAMED", "-Duser.home=$home",
                heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", PtyShell.cotermJar.absolutePath,
            )
        }.drive { shell ->
            Files.size(file) shouldBeGreaterThan 100_000_000L
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.press(PtyShell.Key.Up)
            shell.awaitScreen("the newest entry recalled", 30.seconds) { it.cursorLine.trimEnd() == "# echo newest" }
            shell.press(PtyShell.Key.Up)
            shell.awaitScreen("the newest blob recalled") { it.cursorLine.trimEnd().endsWith("é end-${BLOBS - 1}") }
            shell.write(byteArrayOf(0x15)) // Ctrl+U
            shell.typeLine("echo still here")
            shell.awaitLine("still here")
            shell.awaitPrompt()
            shell.typeLine("quit")
            shell.awaitExitWith(0)
            val size = Files.size(file)
            withClue("the file after the first line entered: trimmed to the newest 1 MiB, then two lines") {
                size shouldBeLessThan (1L shl 20) + 100
            }
            val lines = Files.readAllLines(file)
            lines.takeLast(4) shouldContainExactly listOf(blob(BLOBS - 1), "echo newest", "echo still here", "quit")
            lines.first() shouldEndWith "é end-${BLOBS - lines.size + 3}"
        }
    }
})
