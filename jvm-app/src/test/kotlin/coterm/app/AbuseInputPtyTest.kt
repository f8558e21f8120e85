// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.testing.PtyShell.Key
import coterm.testing.atFreshPrompt
import coterm.testing.commandLineIndex
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

private const val E = "\u001b"

/**
 * Storms and abuse input in a real pty: whatever arrives, the shell does not crash, hang, exit or
 * escalate, and afterwards the prompt takes a command and `quit` exits with 0 and the terminal
 * settings as they were.
 */
class AbuseInputPtyTest : FunSpec({
    timeout = 180_000L
    blockingTest = true

    test("10,000 Ctrl+C bytes in one write at the prompt") {
        demo { shell ->
            shell.type("half typed")
            shell.write(ByteArray(10_000) { 3 })
            shell.awaitFreshPrompt()
            shell.run("echo alive") shouldContainExactly listOf("alive")
        }
    }

    test("10,000 Ctrl+C bytes in one write during a command: cancelled, no notice, no exit") {
        demo { shell ->
            shell.typeLine("sleep 30")
            shell.awaitScreen("sleep to start") { !it.atFreshPrompt && it.commandLineIndex("sleep 30") != null }
            Thread.sleep(300)
            shell.write(ByteArray(10_000) { 3 })
            shell.awaitFreshPrompt()
            shell.run("echo alive") shouldContainExactly listOf("alive")
            withClue("a storm is one press") { shell.transcript() shouldNotContain "Ctrl+C again" }
        }
    }

    test("a 10 MB paste in a 96 MB heap: the first 1,000,000 characters kept, one notice, the line still editable") {
        faultShell(jvmOptions = listOf("-Xmx96m")) { shell ->
            shell.write(("$E[200~" + "x".repeat(10 * 1024 * 1024) + "$E[201~").toByteArray())
            shell.awaitText("the line is limited to 1000000 characters", 60.seconds)
            shell.awaitScreen("the end of the pasted line", 60.seconds) { it.cursorLine.startsWith("xxxx") }
            shell.press(Key.Backspace, 3)
            shell.type("END") // fits exactly: no second notice
            shell.awaitScreen("END typed at the end of the line", 30.seconds) { (it.lineAboveCursor + it.cursorLine).endsWith("xEND") }
            shell.press(Key.CtrlU)
            shell.awaitFreshPrompt()
            shell.run("echo alive") shouldContainExactly listOf("alive")
            withClue("the notice is shown once") { Regex("limited to 1000000").findAll(shell.transcript()).count() shouldBe 1 }
            shell.transcript() shouldNotContain "OutOfMemoryError"
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("1 MB of random bytes (no Ctrl+D), then Ctrl+C: the prompt works") {
        demo { shell ->
            val random = Random(20261201)
            val bytes = ByteArray(1024 * 1024) { random.nextInt(256).toByte() }
            for (i in bytes.indices) if (bytes[i] == 4.toByte()) bytes[i] = 'd'.code.toByte()
            shell.write(bytes)
            // Worked through (on a busy machine that takes longer than the decoder's ESC and
            // paste timeouts, which flush whatever was left open): the Ctrl+C is then for the
            // last line of junk, not for a line still to come.
            shell.awaitQuiet(1_500.milliseconds, 90.seconds)
            shell.ctrlC()
            shell.awaitFreshPrompt(60.seconds)
            shell.run("echo alive", 30.seconds) shouldContainExactly listOf("alive")
            shell.transcript() shouldNotContain "coterm:"
        }
    }

    test("1 MiB of random bytes (no Ctrl+D) in the launcher's 64 MB heap: no OutOfMemoryError, the prompt works, resident memory at most twice the idle prompt's") {
        launcherHeapDemo { shell ->
            val idle = shell.residentKbAfterGc()
            val idleHeap = shell.heapUsedKb()
            val random = Random(20261201)
            val bytes = ByteArray(1024 * 1024) { random.nextInt(256).toByte() }
            for (i in bytes.indices) if (bytes[i] == 4.toByte()) bytes[i] = 'd'.code.toByte()
            shell.write(bytes)
            shell.awaitQuiet(1_500.milliseconds, 120.seconds)
            shell.ctrlC()
            shell.awaitFreshPrompt(60.seconds)
            shell.run("echo alive", 30.seconds) shouldContainExactly listOf("alive")
            val after = shell.residentKbAfterGc()
            val afterHeap = shell.heapUsedKb()
            println("random bytes in a 64 MB heap: VmRSS at the idle prompt $idle kB, after $after kB (${after * 100 / idle} %); heap in use after a full GC $idleHeap kB, after $afterHeap kB")
            // Resident memory says how much of the heap a burst has touched and not given back
            // (the launcher's -Xms28m lets the old generation shrink after a full GC); what the
            // program keeps is the heap in use after a full GC. The lines run go into the
            // in-memory history (at most the 1 MiB typed, 2 bytes a char).
            withClue("heap in use after a full GC: at the idle prompt $idleHeap kB, after the random bytes $afterHeap kB") {
                afterHeap shouldBeLessThanOrEqual idleHeap + 8 * 1024
            }
            withClue("no coterm message, no OutOfMemoryError") {
                shell.transcript() shouldNotContain "OutOfMemoryError"
                shell.transcript() shouldNotContain "coterm:"
            }
            withClue("VmRSS at the idle prompt $idle kB, after the random bytes $after kB") { after shouldBeLessThanOrEqual 2 * idle }
        }
    }

    test("a line grown by yanks to the 1,000,000-char limit, then killed and yanked back 200 times, in the launcher's 64 MB heap") {
        launcherHeapDemo { shell ->
            // Ctrl+U, Ctrl+Y, Ctrl+Y doubles the line; then every Ctrl+U is an undo step of a whole
            // line. One write, so the console handles it all as one batch and draws it once.
            shell.type("a".repeat(1_000) + "\u0015\u0019\u0019".repeat(11) + "\u0015\u0019".repeat(200))
            shell.awaitText("the line is limited to 1000000 characters", 60.seconds)
            shell.press(Key.CtrlU) // handled after all of the above
            shell.awaitFreshPrompt(120.seconds)
            shell.run("echo alive", 30.seconds) shouldContainExactly listOf("alive")
            shell.transcript() shouldNotContain "OutOfMemoryError"
            withClue("the limit notice is coterm's only message") { Regex("coterm:").findAll(shell.transcript()).count() shouldBe 1 }
        }
    }

    test("60 lines of 1,000,000 characters entered in the launcher's 64 MB heap: the history keeps a byte budget, no OutOfMemoryError") {
        launcherHeapDemo { shell ->
            // 60 MB of distinct lines: kept whole by an entry count alone (1,000), they would not
            // fit in the heap; the history's byte budget keeps the newest few.
            val tail = "x".repeat(999_990)
            for (i in 1..60) {
                shell.write(("$E[200~help ${i.toString().padStart(3, '0')} $tail$E[201~\r").toByteArray())
                shell.awaitFreshPrompt(60.seconds)
            }
            shell.run("echo alive", 30.seconds) shouldContainExactly listOf("alive")
            withClue("no coterm message, no OutOfMemoryError") {
                shell.transcript() shouldNotContain "OutOfMemoryError"
                shell.transcript() shouldNotContain "coterm:"
            }
        }
    }

    test("an unterminated bracketed paste ends up in the line after a second") {
        demo { shell ->
            shell.type("$E[200~pasted but never ended")
            shell.awaitScreen("the paste in the line", 10.seconds) { it.cursorLine == "# pasted but never ended" }
            shell.press(Key.CtrlU)
            shell.run("echo alive") shouldContainExactly listOf("alive")
        }
    }

    test("escape sequences that never end: a 100 KB CSI and a 100 KB OSC") {
        demo { shell ->
            shell.type("$E[" + "1;".repeat(50_000))
            // All of it read, and the ESC timeout has resolved what was held: else "echo one" would end the CSI.
            shell.awaitInputIdle()
            shell.run("echo one") shouldContainExactly listOf("one")
            shell.type("$E]" + "x".repeat(100_000))
            shell.awaitInputIdle()
            shell.ctrlC() // what was past the 4 KB cap is text in the line: Ctrl+C discards it
            shell.awaitFreshPrompt()
            shell.run("echo two") shouldContainExactly listOf("two")
        }
    }

    test("NUL bytes are ignored keys, in a line and alone") {
        demo { shell ->
            shell.write(ByteArray(10_000))
            shell.write("ec".toByteArray() + ByteArray(1_000) + "ho ok\r".toByteArray())
            shell.awaitCommandDone("echo ok") shouldContainExactly listOf("ok")
        }
    }

    test("invalid UTF-8 becomes U+FFFD without eating the bytes after it") {
        demo { shell ->
            val bad = byteArrayOf(0xC3.toByte(), 'A'.code.toByte(), 0xFF.toByte(), 0xED.toByte(), 0xA0.toByte(), 0x80.toByte(), 0xF0.toByte(), 0x9F.toByte())
            shell.write("echo ".toByteArray() + bad + " B\r".toByteArray())
            val expected = "\uFFFDA\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD B"
            shell.awaitCommandDone("echo $expected") shouldContainExactly listOf(expected)
        }
    }
})

/**
 * The memory flags `./coterm` starts the demo with (keep them in step with the launcher): memory
 * trouble shows here as a user would meet it. The tests' usual JVM has a quarter of the machine's
 * memory as its heap, where nothing runs out and nothing is collected for a long time.
 */
private val LAUNCHER_MEMORY_FLAGS = listOf("-Xmx64m", "-Xms28m", "-Xmn20m", "-Xss512k", "-XX:ReservedCodeCacheSize=16m")

/** [demo], with the launcher's memory flags. */
private fun launcherHeapDemo(block: (PtyShell) -> Unit) {
    val shell = PtyShell.start(extraEnvironment = NO_OP_EDITOR) { home ->
        val command = PtyShell.cotermCommand(home)
        val jar = command.indexOf("-jar")
        if (jar < 0) command else command.subList(0, jar) + LAUNCHER_MEMORY_FLAGS + command.subList(jar, command.size)
    }
    shell.drive {
        shell.awaitPrompt(PtyShell.START_TIMEOUT)
        shell.awaitRawMode()
        block(shell)
        shell.typeLine("quit")
        shell.awaitExitWith(0)
    }
}

/**
 * The program's resident memory (VmRSS, kB) after a full collection asked for through `jcmd`:
 * without it the heap holds whatever garbage the last burst left until the next collection, and
 * the number says when the collector last ran rather than what the program keeps. The first
 * call also pays for `jcmd`'s attach thread, so two calls compare like with like.
 */
private fun PtyShell.residentKbAfterGc(): Long {
    val jcmd = File(PtyShell.java).resolveSibling("jcmd").path
    val p = ProcessBuilder(jcmd, programPid.toString(), "GC.run").redirectErrorStream(true).start()
    val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail("jcmd $programPid GC.run failed: $out")
    val status = File("/proc/$programPid/status").readLines()
    val line = status.firstOrNull { it.startsWith("VmRSS:") } ?: fail("no VmRSS in /proc/$programPid/status")
    return line.removePrefix("VmRSS:").trim().removeSuffix("kB").trim().toLong()
}

/**
 * The heap in use (kB, young and old generation) as `jcmd GC.heap_info` reports it for the Serial
 * collector (JDK 17 names the generations `def new generation` and `tenured generation`, JDK 25
 * `DefNew` and `Tenured`); call it right after [residentKbAfterGc].
 */
private fun PtyShell.heapUsedKb(): Long {
    val jcmd = File(PtyShell.java).resolveSibling("jcmd").path
    val p = ProcessBuilder(jcmd, programPid.toString(), "GC.heap_info").redirectErrorStream(true).start()
    val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail("jcmd $programPid GC.heap_info failed: $out")
    val used = Regex("(?:def new generation|tenured generation|DefNew|Tenured)\\s+total \\d+K, used (\\d+)K").findAll(out).map { it.groupValues[1].toLong() }.toList()
    if (used.size != 2) fail("no Serial GC generations in jcmd GC.heap_info:\n$out")
    return used.sum()
}

/**
 * The editor Ctrl+X Ctrl+E runs for these tests: `true`, which saves nothing new. A megabyte of
 * random bytes holds Ctrl+X Ctrl+E about sixteen times, and as in readline each opens the
 * editor, which then gets the terminal and the rest of the bytes (the hermetic environment has
 * no EDITOR, so that would be vi). What these tests check is the line editor, not vi.
 */
private val NO_OP_EDITOR = mapOf("VISUAL" to "true")

/** Starts the demo shell, runs [block], then quits and checks exit status 0 and the restored terminal. */
private fun demo(block: (PtyShell) -> Unit) {
    val shell = PtyShell.start(extraEnvironment = NO_OP_EDITOR) { home -> PtyShell.cotermCommand(home) }
    shell.drive {
        shell.awaitPrompt(PtyShell.START_TIMEOUT)
        shell.awaitRawMode()
        block(shell)
        shell.typeLine("quit")
        shell.awaitExitWith(0)
    }
}
