// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.FaultShell
import coterm.testing.PtyShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import kotlin.time.Duration.Companion.seconds

/**
 * Output is never lost: 1 MB printed by a command while coterm's reader is polling the same
 * terminal (and keys are typed), counted line by line and byte by byte on the pty, once with the
 * test draining the pty all the time and once with it stopping for a while so the pty's buffer
 * fills and the program's writes block.
 */
class OutputPtyTest : FunSpec({
    timeout = 180_000L
    blockingTest = true

    for (pause in listOf(false, true)) {
        val name = if (pause) "with the terminal not read for 3 s in the middle" else "with the terminal read all the time"
        test("1 MB printed while the reader is active arrives whole, in order, $name") {
            faultShell { shell ->
                if (pause) shell.pauseReading()
                shell.typeLine("flood $BYTES")
                shell.type("echo typed meanwhile\r") // type-ahead: the reader reads while the output flows
                if (pause) {
                    Thread.sleep(3_000)
                    withClue("the program waits for the terminal instead of failing") { shell.programAlive shouldBe true }
                    shell.resumeReading()
                }
                shell.awaitCommandDone("echo typed meanwhile", 90.seconds) shouldContainExactly listOf("typed meanwhile")
                val transcript = shell.transcript()
                val lines = FLOOD_LINE.findAll(transcript).map { it.groupValues[1].toInt() to it.value }.toList()
                val expected = (BYTES + FaultShell.FLOOD_LINE_BYTES - 1) / FaultShell.FLOOD_LINE_BYTES
                withClue("every flood line, in order, exactly as printed") {
                    lines.map { it.first } shouldBe (0 until expected).toList()
                    lines.forEach { (i, text) -> text shouldBe FaultShell.floodLine(i) + "\r\r\n" }
                }
                val bytes = lines.sumOf { it.second.toByteArray().size }
                println("OutputPtyTest: ${lines.size} lines, $bytes bytes counted on the pty ($name)")
                bytes shouldBeGreaterThanOrEqual BYTES
                transcript shouldNotContain "coterm:"
                for (fd in 0..1) {
                    val flags = java.io.File("/proc/${shell.programPid}/fdinfo/$fd").readLines()
                        .first { it.startsWith("flags:") }.substringAfter(':').trim().toInt(8)
                    withClue("fd $fd of the program is blocking (flags ${flags.toString(8)})") { flags and O_NONBLOCK shouldBe 0 }
                }
                shell.typeLine("quit")
                shell.awaitExitWith(0)
            }
        }
    }
})

private const val BYTES = 1024 * 1024

/** Linux's O_NONBLOCK (04000 octal): never set on the terminal behind the user's back. */
private const val O_NONBLOCK = 0x800
/**
 * A flood line as it arrives on the pty: coterm writes CR LF and the terminal's output processing
 * (OPOST and ONLCR, kept on in raw mode) turns the LF into CR LF, so 99 bytes per line.
 */
private val FLOOD_LINE = Regex("L(\\d{6}) [a-z]{88}\r\r\n")
