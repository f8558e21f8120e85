// SPDX-License-Identifier: Apache-2.0
package coterm.console

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit

/** [ChildProcesses] with real processes (POSIX `sh` and `sleep`). */
class ChildProcessesTest : FunSpec({
    /** Waits until [process] runs `sleep` (its `exec` is done, so its signal dispositions are set). */
    fun awaitSleeping(process: ProcessHandle) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (process.info().command().map { !it.endsWith("/sleep") }.orElse(true)) {
            check(System.nanoTime() < deadline) { "pid ${process.pid()} never ran sleep" }
            Thread.sleep(10)
        }
    }

    test("a child that ignores SIGTERM gets the grace period, then SIGKILL, and is gone") {
        val children = ChildProcesses()
        val process = children.start(ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 60"))
        awaitSleeping(process.toHandle())
        val start = System.nanoTime()
        children.stop(process, 300)
        process.isAlive.shouldBeFalse()
        process.exitValue() shouldBe 128 + 9
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) shouldBeGreaterThanOrEqual 300L
    }

    test("the processes under the child get SIGTERM too: a shell's command is not left behind") {
        val children = ChildProcesses()
        val process = children.start(ProcessBuilder("sh", "-c", "sleep 60; echo never"))
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        var sleep: ProcessHandle? = null
        while (sleep == null) {
            check(System.nanoTime() < deadline) { "sh never started sleep" }
            sleep = process.descendants().findFirst().orElse(null)
            if (sleep == null) Thread.sleep(10)
        }
        awaitSleeping(sleep)
        children.stop(process, 5_000)
        process.isAlive.shouldBeFalse()
        sleep.onExit().get(10, TimeUnit.SECONDS)
        sleep.isAlive.shouldBeFalse()
    }

    test("stopAll with a deadline already past kills at once") {
        val children = ChildProcesses()
        val process = children.start(ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 60"))
        awaitSleeping(process.toHandle())
        children.stopAll(System.nanoTime())
        process.isAlive.shouldBeFalse()
        process.exitValue() shouldBe 128 + 9
    }

    test("a child that has ended is only forgotten: what it started in the background keeps running") {
        val children = ChildProcesses()
        val process = children.start(ProcessBuilder("sh", "-c", "sleep 60 >/dev/null & echo \$!"))
        val background = process.inputStream.bufferedReader().readLine().trim().toLong()
        process.waitFor(10, TimeUnit.SECONDS).shouldBeTrue()
        try {
            children.stop(process, 100)
            children.stopAll(System.nanoTime())
            ProcessHandle.of(background).map { it.isAlive }.orElse(false).shouldBeTrue()
        } finally {
            ProcessHandle.of(background).ifPresent { it.destroyForcibly() }
        }
    }
})
