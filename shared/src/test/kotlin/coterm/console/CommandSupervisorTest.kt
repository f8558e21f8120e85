// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.console.InterruptPolicy.Decision.Cancel
import coterm.console.InterruptPolicy.Decision.Fold
import coterm.console.InterruptPolicy.Decision.ForceExit
import coterm.console.InterruptPolicy.Decision.Notice
import coterm.console.InterruptPolicy.Decision.PassOn
import coterm.input.InputEvent
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** A supervisor whose commands run on the test scheduler and whose policy reads the virtual clock. */
private fun TestScope.supervisor(parent: Job = Job()) = CommandSupervisor(
    parent,
    StandardTestDispatcher(testScheduler),
    graceMillis = 200,
    clock = { testScheduler.currentTime * 1_000_000 },
    typeAhead = TypeAhead(InputBacklog(1 shl 20)),
    writer = ConsoleWriter(FakeTerminal(), rendering = true),
    interactive = true,
    forceExit = {},
)

/** One Ctrl+C press, with a prompt showing or not. */
private fun CommandSupervisor.press(promptShowing: Boolean): InterruptPolicy.Decision {
    this.promptShowing = promptShowing
    return onInterrupt(InputEvent.Interrupt)
}

/** Starts [block] as a command in the foreground, running. */
private fun CommandSupervisor.foregroundCommand(name: String, block: suspend kotlinx.coroutines.CoroutineScope.() -> Unit) =
    start(name, block = block).also {
        enterForeground(it)
        it.job.start()
    }

/** A command that ignores cancellation for a minute. */
private val deaf: suspend kotlinx.coroutines.CoroutineScope.() -> Unit = { withContext(NonCancellable) { delay(60_000) } }

class CommandSupervisorTest : FunSpec({
    test("a command does not run until its job is started") {
        runTest {
            val supervisor = supervisor()
            var ran = false
            val command = supervisor.start("lazy") { ran = true }
            runCurrent()
            ran shouldBe false
            command.job.start()
            runCurrent()
            ran shouldBe true
            supervisor.job.cancel()
        }
    }

    test("every command gets its own number") {
        runTest {
            val supervisor = supervisor()
            val ids = (1..3).map { supervisor.start("c$it") {}.id }
            ids.toSet().size shouldBe 3
            supervisor.job.cancel()
        }
    }

    test("with no foreground command a press is passed on and cancels nothing") {
        runTest {
            val supervisor = supervisor()
            val command = supervisor.start("background") { awaitCancellation() }.also { it.job.start() }
            runCurrent()
            supervisor.press(promptShowing = false) shouldBe PassOn
            runCurrent()
            command.job.isActive shouldBe true
            supervisor.job.cancel()
        }
    }

    test("the first press cancels the foreground command only, and marks it as cancelled by the console") {
        runTest {
            val supervisor = supervisor()
            val other = supervisor.start("other") { awaitCancellation() }.also { it.job.start() }
            val command = supervisor.foregroundCommand("sleep") { awaitCancellation() }
            runCurrent()
            supervisor.press(promptShowing = false) shouldBe Cancel
            runCurrent()
            command.job.isCancelled shouldBe true
            command.job.getCompletionExceptionOrNull().shouldBeInstanceOf<CommandCancellation>()
            command.cancelledByConsole shouldBe true
            other.job.isActive shouldBe true
            supervisor.job.cancel()
        }
    }

    test("while a prompt is showing the press is the prompt's") {
        runTest {
            val supervisor = supervisor()
            val command = supervisor.foregroundCommand("asks") { awaitCancellation() }
            runCurrent()
            supervisor.press(promptShowing = true) shouldBe PassOn
            runCurrent()
            command.job.isActive shouldBe true
            supervisor.job.cancel()
        }
    }

    test("a foreground command that has completed takes no press") {
        runTest {
            val supervisor = supervisor()
            supervisor.foregroundCommand("quick") {}
            runCurrent()
            supervisor.press(promptShowing = false) shouldBe PassOn
            supervisor.job.cancel()
        }
    }

    test("on a command that ignores cancellation: 300 ms apart Cancel, Notice, ForceExit; 50 ms after one, Fold") {
        runTest {
            val supervisor = supervisor()
            val command = supervisor.foregroundCommand("spin", deaf)
            runCurrent()
            val decisions = listOf(0L, 50L, 300L, 50L, 300L).map { gap ->
                advanceTimeBy(gap)
                supervisor.press(promptShowing = false)
            }
            decisions shouldBe listOf(Cancel, Fold, Notice, Fold, ForceExit)
            command.job.isCompleted shouldBe false
            supervisor.job.cancel()
        }
    }

    test("a new command 50 ms after a cancel is cancelled by its first press") {
        runTest {
            val supervisor = supervisor()
            val first = supervisor.foregroundCommand("sleep 100") { awaitCancellation() }
            runCurrent()
            supervisor.press(promptShowing = false) shouldBe Cancel
            runCurrent()
            first.job.isCompleted shouldBe true
            supervisor.leaveForeground(first)
            advanceTimeBy(50)
            val second = supervisor.foregroundCommand("sleep 100") { awaitCancellation() }
            runCurrent()
            supervisor.press(promptShowing = false) shouldBe Cancel
            runCurrent()
            second.job.isCancelled shouldBe true
            supervisor.job.cancel()
        }
    }

    test("the innermost foreground command takes the press; once it has left, the outer one's first press cancels it") {
        runTest {
            val supervisor = supervisor()
            val outer = supervisor.foregroundCommand("outer") { awaitCancellation() }
            val inner = supervisor.foregroundCommand("inner") { awaitCancellation() }
            runCurrent()
            supervisor.foreground shouldBe inner
            supervisor.press(promptShowing = false) shouldBe Cancel
            runCurrent()
            inner.job.isCancelled shouldBe true
            outer.job.isActive shouldBe true
            supervisor.leaveForeground(inner)
            supervisor.foreground shouldBe outer
            advanceTimeBy(50)
            supervisor.press(promptShowing = false) shouldBe Cancel
            runCurrent()
            outer.job.isCancelled shouldBe true
            supervisor.job.cancel()
        }
    }

    test("cancelling for the caller cancels the command but does not call it interrupted by the console") {
        runTest {
            val supervisor = supervisor()
            val command = supervisor.foregroundCommand("work") { awaitCancellation() }
            runCurrent()
            supervisor.cancelForCaller(command, CancellationException("the caller gave up"))
            runCurrent()
            command.job.isCancelled shouldBe true
            command.cancelledByConsole shouldBe false
            supervisor.job.cancel()
        }
    }

    test("cancelAll cancels every command, in the foreground or not, and waits for their finally blocks") {
        runTest {
            val supervisor = supervisor()
            var cleanedUp = 0
            val slowCleanup: suspend kotlinx.coroutines.CoroutineScope.() -> Unit = {
                try {
                    awaitCancellation()
                } finally {
                    withContext(NonCancellable) { delay(100) }
                    cleanedUp++
                }
            }
            val background = supervisor.start("background", block = slowCleanup).also { it.job.start() }
            val command = supervisor.foregroundCommand("foreground", slowCleanup)
            runCurrent()
            supervisor.cancelAll(waitMillis = 1_000)
            cleanedUp shouldBe 2
            testScheduler.currentTime shouldBe 100
            background.job.isCancelled shouldBe true
            command.cancelledByConsole shouldBe true
        }
    }

    test("cancelAll stops waiting after waitMillis for a command that ignores cancellation") {
        runTest {
            val supervisor = supervisor()
            val command = supervisor.foregroundCommand("spin", deaf)
            runCurrent()
            supervisor.cancelAll(waitMillis = 500)
            testScheduler.currentTime shouldBe 500
            command.job.isCompleted shouldBe false
            supervisor.job.cancel()
        }
    }

    test("the first press interrupts the thread a command is blocked on") {
        val pool = Executors.newSingleThreadExecutor { Thread(it, "command-pool") }
        val parent = Job()
        try {
            val supervisor = CommandSupervisor(
                parent, pool.asCoroutineDispatcher(), graceMillis = 200, typeAhead = TypeAhead(InputBacklog(1 shl 20)),
                writer = ConsoleWriter(FakeTerminal(), rendering = true), interactive = true, forceExit = {},
            )
            val sleeping = CountDownLatch(1)
            val interrupted = CompletableDeferred<Boolean>()
            val command = supervisor.start("sleep") {
                try {
                    sleeping.countDown()
                    Thread.sleep(60_000)
                    interrupted.complete(false)
                } catch (e: InterruptedException) {
                    interrupted.complete(true)
                }
            }
            supervisor.enterForeground(command)
            command.job.start()
            sleeping.await(10, TimeUnit.SECONDS) shouldBe true
            supervisor.press(promptShowing = false) shouldBe Cancel
            runBlocking {
                withTimeout(10_000) { interrupted.await() } shouldBe true
                withTimeout(10_000) { command.job.join() }
            }
        } finally {
            parent.cancel()
            pool.shutdownNow()
        }
    }
})
