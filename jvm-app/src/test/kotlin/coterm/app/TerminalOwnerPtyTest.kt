// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.CHelpers
import coterm.testing.FaultShell
import coterm.testing.PtyShell
import coterm.testing.faultShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import java.io.File
import java.nio.file.Files
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * The terminal has exactly one owner at a time, seen from outside in a real pty: the job on
 * Ctrl+Z (all of it, wrapper included), a child process while it runs, coterm again afterwards
 * in the state from before it started, whatever the child left (raw mode, O_NONBLOCK); and on
 * SIGTERM, nobody: no child is left behind and a terminal nobody reads cannot hold up the exit.
 * Linux only (it reads /proc), like the other pty tests.
 */
class TerminalOwnerPtyTest : FunSpec({
    timeout = 180_000L
    blockingTest = true

    test("Ctrl+Z under a wrapper that does not exec stops the whole job; termios is as before start while stopped; fg redraws") {
        val jobctl = CHelpers.path("jobctl").toString()
        // jobctl is the job-control shell; sh, which does not exec java, is the wrapper and leads the job.
        PtyShell.start { home -> listOf(jobctl, "sh", "-c", "\"\$@\"; exit \$?", "sh") + PtyShell.cotermCommand(home) }.drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.awaitRawMode()
            shell.type("echo half")
            shell.awaitScreen("the half-typed line") { it.cursorLine == "# echo half" }
            shell.write(byteArrayOf(0x1a))
            shell.awaitText(STOPPED, 20.seconds)
            withClue("termios while the job is stopped, read from outside, with no shell resetting it") {
                shell.termiosNow() shouldBe shell.termiosBefore
            }
            val beforeStop = shell.transcript().substringBefore(STOPPED)
            withClue("bracketed paste switched off before the stop") {
                beforeStop.lastIndexOf(PASTE_OFF) shouldBeGreaterThan beforeStop.lastIndexOf(PASTE_ON)
            }
            shell.typeLine("fg")
            shell.awaitScreen("the prompt redrawn with the half-typed line, below the stop") { s ->
                val all = s.scrollback + s.lines
                s.cursorLine == "# echo half" && s.cursorColumn == "# echo half".length &&
                    all.indexOfLast { STOPPED in it } in 0 until s.scrollback.size + s.cursorRow
            }
            shell.awaitRawMode()
            shell.type("\r")
            shell.awaitLine("half")
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("a child that leaves the terminal non-blocking: the flag is cleared, 1 MiB of output arrives whole, the shell goes on") {
        PtyShell.faultShell().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            CHelpers.copyTo("nonblock", shell.home)
            shell.run("run ./nonblock") shouldBe emptyList()
            withClue("O_NONBLOCK cleared on fds 0 and 1 when the terminal came back") {
                nonBlocking(shell.programPid, 0) shouldBe false
                nonBlocking(shell.programPid, 1) shouldBe false
            }
            floodAndCheck(shell)
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("O_NONBLOCK set on the terminal while coterm writes: every write waits for room, nothing is lost") {
        PtyShell.faultShell().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            CHelpers.copyTo("nonblock", shell.home)
            // The child exits at once; its background copy sets the flag once "go" exists.
            shell.run("run ./nonblock --after go") shouldBe emptyList()
            shell.pauseReading()
            shell.typeLine("flood $FLOOD_BYTES")
            awaitBlockedInWrite(shell)
            Files.createFile(shell.home.resolve("go"))
            awaitUntil("O_NONBLOCK set behind coterm's back") { nonBlocking(shell.programPid, 1) }
            shell.resumeReading()
            checkFlood(shell)
            // The next child's return clears it again.
            shell.run("run true") shouldBe emptyList()
            nonBlocking(shell.programPid, 1) shouldBe false
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("a child that exits leaving the terminal raw: the prompt works, and the exit restores the state from before start") {
        PtyShell.coterm().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.run("run stty raw -echo") shouldBe emptyList()
            val flags = shell.termiosFlags()
            withClue("raw mode taken back from the state saved at the start, so output processing is on again: $flags") {
                Regex("(^|\\s)-opost(\\s|$)").containsMatchIn(flags) shouldBe false
            }
            shell.run("echo still here") shouldContainExactly listOf("still here")
            shell.typeLine("quit")
            shell.awaitExitWith(0)
        }
    }

    test("SIGTERM during run of a program that ignores SIGTERM: exit 143, the child is gone, the terminal restored") {
        PtyShell.coterm().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            // exec: the program that ignores TERM is the child itself, not a grandchild of sh. It
            // ignores HUP too, as a child of a shell that stays open would never get it: when the
            // pty's session leader (the test's wrapper) exits, the kernel hangs up the foreground
            // group, which would otherwise clean up an orphan behind coterm's back.
            shell.typeLine("run sh -c 'trap \"\" TERM HUP; exec sleep 60'")
            val child = awaitUntil("the child running sleep with TERM ignored") {
                ProcessHandle.of(shell.programPid).flatMap { java ->
                    java.children().filter { it.info().command().map { c -> c.endsWith("/sleep") }.orElse(false) }.findFirst()
                }.orElse(null)
            }
            try {
                withClue("the child ignores SIGTERM and SIGHUP") {
                    ignores(child.pid(), SIGTERM) shouldBe true
                    ignores(child.pid(), SIGHUP) shouldBe true
                }
                shell.signal("TERM")
                shell.awaitExitWith(143, 20.seconds)
                withClue("the child (pid ${child.pid()}) is gone") {
                    awaitUntil("pid ${child.pid()} to be gone", 10.seconds) { !child.isAlive }
                }
            } finally {
                child.destroyForcibly()
            }
        }
    }

    test("a stalled terminal (nobody reads it) cannot block exit: SIGTERM while output is blocked exits in bounded time, termios restored") {
        PtyShell.faultShell().drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.awaitRawMode()
            shell.pauseReading()
            shell.typeLine("flood 100000000")
            awaitBlockedInWrite(shell)
            val signalled = TimeSource.Monotonic.markNow()
            shell.signal("TERM")
            withClue("the program has exited although nobody reads its terminal") {
                shell.awaitProgramGone(20.seconds) shouldBe true
            }
            println("TerminalOwnerPtyTest: exit ${signalled.elapsedNow()} after SIGTERM with the terminal stalled")
            withClue("termios restored, read from outside while the terminal is still not read") {
                shell.termiosNow() shouldBe shell.termiosBefore
            }
            shell.resumeReading()
            shell.awaitExitWith(143, 30.seconds)
        }
    }
})

private const val STOPPED = "[jobctl: job stopped]"
private const val PASTE_ON = "\u001b[?2004h"
private const val PASTE_OFF = "\u001b[?2004l"
private const val FLOOD_BYTES = 1024 * 1024

/** Linux's O_NONBLOCK (04000 octal). */
private const val O_NONBLOCK = 0x800

/** A flood line as it arrives: coterm writes CR LF, the terminal's ONLCR makes the LF CR LF. */
private val FLOOD_LINE = Regex("L(\\d{6}) [a-z]{88}\r\r\n")

/** Whether descriptor [fd] of [pid] has O_NONBLOCK on its open file, from `/proc/PID/fdinfo`. */
private fun nonBlocking(pid: Long, fd: Int): Boolean {
    val flags = File("/proc/$pid/fdinfo/$fd").readLines().first { it.startsWith("flags:") }.substringAfter(':').trim().toInt(8)
    return flags and O_NONBLOCK != 0
}

private const val SIGHUP = 1
private const val SIGTERM = 15

/** Whether [pid] ignores [signal], from the SigIgn mask in `/proc/PID/status`. */
private fun ignores(pid: Long, signal: Int): Boolean {
    val mask = File("/proc/$pid/status").readLines().first { it.startsWith("SigIgn:") }.substringAfter(':').trim().toLong(16)
    return mask and (1L shl (signal - 1)) != 0L
}

/**
 * Waits until one of the program's threads is blocked in `write(1, …)`: its output is stalled,
 * which is what the test depends on (read from `/proc/PID/task/TID/syscall`).
 */
private fun awaitBlockedInWrite(shell: PtyShell) {
    val write = when (System.getProperty("os.arch")) {
        "amd64", "x86_64" -> "1"
        "aarch64" -> "64"
        else -> throw AssertionError("no write syscall number for ${System.getProperty("os.arch")}")
    }
    awaitUntil("a thread of the program blocked in write(1, ...)", 30.seconds) {
        File("/proc/${shell.programPid}/task").listFiles().orEmpty().any { task ->
            val call = runCatching { File(task, "syscall").readText().trim().split(' ') }.getOrDefault(emptyList())
            call.size > 1 && call[0] == write && call[1] == "0x1"
        }
    }
}

/** `flood 1 MiB` while the terminal is read, then checks it as [checkFlood] does. */
private fun floodAndCheck(shell: PtyShell) {
    shell.typeLine("flood $FLOOD_BYTES")
    checkFlood(shell)
}

/**
 * Types a line while the flood is on its way, then checks that the flood arrived whole and in
 * order, that the shell ran the line after it, and that coterm reported nothing.
 */
private fun checkFlood(shell: PtyShell) {
    shell.type("echo typed meanwhile\r")
    shell.awaitCommandDone("echo typed meanwhile", 90.seconds) shouldContainExactly listOf("typed meanwhile")
    val transcript = shell.transcript()
    val lines = FLOOD_LINE.findAll(transcript).map { it.groupValues[1].toInt() to it.value }.toList()
    val expected = (FLOOD_BYTES + FaultShell.FLOOD_LINE_BYTES - 1) / FaultShell.FLOOD_LINE_BYTES
    withClue("every flood line, in order, exactly as printed") {
        lines.map { it.first } shouldBe (0 until expected).toList()
        lines.forEach { (i, text) -> text shouldBe FaultShell.floodLine(i) + "\r\r\n" }
    }
    transcript shouldNotContain "coterm:"
}

/** Polls [value] until it is true or non-null, failing with [what] after [timeout]. */
private fun <T : Any> awaitUntil(what: String, timeout: Duration = PtyShell.DEFAULT_TIMEOUT, value: () -> T?): T {
    val deadline = TimeSource.Monotonic.markNow() + timeout
    while (true) {
        val v = value()
        if (v != null && v != false) return v
        if (deadline.hasPassedNow()) throw AssertionError("Timed out after $timeout waiting for $what.")
        Thread.sleep(20)
    }
}
