// SPDX-License-Identifier: Apache-2.0
package coterm.repl

import coterm.testing.FakeTerminal
import coterm.testing.ctrl
import coterm.testing.ctrlC
import coterm.testing.keys
import coterm.testing.stripCsi
import coterm.testing.inject
import coterm.testing.virtualTimeConsole
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import coterm.editor.Candidate
import coterm.editor.Completer
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

private class VirtualRepl(scope: TestScope) {
    val terminal = FakeTerminal()
    val console = scope.virtualTimeConsole(terminal)
    val repl = Repl(console, "# ").apply {
        command("echo", "print the text") { println(argumentText) }
        command("sleep", "wait") {
            delay((arguments.single().toDouble() * 1000).toLong())
            println("done")
        }
        command("boom", "fail") { error("it broke") }
    }
    val screen: String get() = stripCsi(terminal.output)

    fun type(text: String) = console.inject(keys(text))
}

private fun replTest(body: suspend TestScope.(VirtualRepl) -> Unit) = runTest {
    val v = VirtualRepl(this)
    try {
        body(v)
    } finally {
        v.console.close()
    }
}

class ReplTest : FunSpec({
    test("a command runs with the context of the code that called run: its CoroutineName") {
        replTest { v ->
            var name: String? = null
            v.repl.command("whoami", "the coroutine's name") { name = currentCoroutineContext()[CoroutineName]?.name }
            val status = async(CoroutineName("session-7")) { v.repl.run() }
            v.type("whoami\rquit\r")
            status.await() shouldBe 0
            name shouldBe "session-7"
        }
    }

    test("CommandContext is not a CoroutineScope: a command's children are started in coroutineScope") {
        CoroutineScope::class.java.isAssignableFrom(CommandContext::class.java) shouldBe false
    }

    test("command with a completer registers it for the command's arguments") {
        replTest { v ->
            val files = Completer { listOf(Candidate("a.txt")) }
            v.repl.command("cat", "print files", files) { }
            v.repl.commands["cat"]!!.completer shouldBe files
        }
    }

    test("help lists the commands under 'Supported commands:'") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.type("help\rquit\r")
            status.await() shouldBe 0
            v.screen shouldContain "Supported commands:"
            v.screen shouldContain "echo"
            v.screen shouldContain "quit"
        }
    }

    test("an unknown word is reported and the loop goes on") {
        virtualLoop("hlep\recho ok\rquit\r") { screen ->
            screen shouldContain "unknown command: hlep"
            screen shouldContain "ok\r\n"
        }
    }

    test("a failing command prints an error and the loop goes on") {
        virtualLoop("boom\recho still here\rquit\r") { screen ->
            screen shouldContain "error: boom: it broke"
            screen shouldContain "still here"
        }
    }

    test("end of input ends the loop with status 0") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.console.inject(listOf(ctrl('d')))
            status.await() shouldBe 0
        }
    }

    test("Ctrl+C during sleep brings the prompt back at once and the next command runs") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.type("sleep 30\r")
            runCurrent()
            advanceTimeBy(500)
            v.console.inject(listOf(ctrlC))
            runCurrent()
            testScheduler.currentTime shouldBe 500
            v.type("echo ok\rquit\r")
            status.await() shouldBe 0
            v.screen shouldNotContain "done"
            v.screen shouldContain "^C\r\n"
            v.screen shouldContain "ok\r\n"
        }
    }

    test("a timeout around run returns only after the running command's two children have ended") {
        replTest { v ->
            var childrenEnded = 0
            v.repl.command("work", "two children with a slow cleanup") {
                coroutineScope {
                    repeat(2) {
                        launch {
                            try {
                                awaitCancellation()
                            } finally {
                                withContext(NonCancellable) { delay(1_000) }
                                childrenEnded++
                            }
                        }
                    }
                }
            }
            val status = async { withTimeoutOrNull(4_000) { v.repl.run() } }
            v.type("work\r")
            status.await() shouldBe null
            childrenEnded shouldBe 2
            testScheduler.currentTime shouldBe 5_000
        }
    }

    // Background jobs run on Dispatchers.Default: their delay is real time (1 s), not virtual.
    test("run returns only after the background jobs' finally blocks have run") {
        replTest { v ->
            var cleanedUp = false
            // The job runs on Dispatchers.Default: one cancelled before it began would never enter its try.
            val started = java.util.concurrent.CountDownLatch(1)
            v.repl.command("bg", "a background job with a slow cleanup") {
                launchBackground("slow") {
                    try {
                        started.countDown()
                        awaitCancellation()
                    } finally {
                        withContext(NonCancellable) { delay(1_000) }
                        cleanedUp = true
                    }
                }
            }
            val status = async { v.repl.run() }
            v.type("bg\r")
            runCurrent()
            started.await(10, java.util.concurrent.TimeUnit.SECONDS) shouldBe true
            advanceTimeBy(500)
            v.console.inject(listOf(ctrl('d')))
            status.await() shouldBe 0
            cleanedUp shouldBe true
        }
    }

    test("a command's first Ctrl+C cancels it even right after Ctrl+C cancelled the one before") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.type("sleep 100\r")
            runCurrent()
            advanceTimeBy(1_000)
            v.console.inject(listOf(ctrlC))
            runCurrent()
            advanceTimeBy(50)
            v.type("sleep 100\r")
            runCurrent()
            advanceTimeBy(50)
            v.console.inject(listOf(ctrlC))
            runCurrent()
            testScheduler.currentTime shouldBe 1_100
            v.type("echo ok\rquit\r")
            status.await() shouldBe 0
            testScheduler.currentTime shouldBe 1_100
            v.screen.split("^C").size - 1 shouldBe 2
            v.screen shouldNotContain "done"
        }
    }

    test("a Ctrl+C typed with a new command's line 50 ms after a cancel, read while the prompt is up, cancels that command") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.type("sleep 100\r")
            runCurrent()
            advanceTimeBy(1_000)
            v.console.inject(listOf(ctrlC))
            runCurrent()
            advanceTimeBy(50)
            v.console.inject(keys("sleep 100\r") + ctrlC)
            runCurrent()
            testScheduler.currentTime shouldBe 1_050
            v.type("quit\r")
            status.await() shouldBe 0
            testScheduler.currentTime shouldBe 1_050
            v.screen shouldNotContain "done"
        }
    }

    test("a Ctrl+C after keys typed at the fresh prompt discards them, however soon after a cancel") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.type("sleep 100\r")
            runCurrent()
            v.console.inject(listOf(ctrlC))
            runCurrent()
            advanceTimeBy(50)
            v.type("half")
            runCurrent()
            advanceTimeBy(50)
            v.console.inject(listOf(ctrlC))
            runCurrent()
            v.type("echo ok\rquit\r")
            status.await() shouldBe 0
            v.screen shouldContain "# half^C"
            v.screen shouldNotContain "unknown command"
        }
    }

    test("decimal seconds are accepted by sleep") {
        replTest { v ->
            val status = async { v.repl.run() }
            v.type("sleep 0.25\r")
            runCurrent()
            advanceTimeBy(251)
            runCurrent()
            v.screen shouldContain "done"
            v.type("quit\r")
            status.await() shouldBe 0
        }
    }
})

private fun virtualLoop(input: String, check: (String) -> Unit) = replTest { v ->
    val status = async { v.repl.run() }
    v.type(input)
    status.await() shouldBe 0
    check(v.screen)
}
