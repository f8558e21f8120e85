// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.testing.FakeTerminal
import coterm.testing.NoExit
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotStartWith
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Job
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.job
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/** A logging MDC in miniature: a thread-local set on whichever thread runs the coroutine. */
private val mdc = ThreadLocal<String?>()

private class Mdc(val value: String) : ThreadContextElement<String?>, AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<Mdc>

    override fun updateThreadContext(context: CoroutineContext): String? = mdc.get().also { mdc.set(value) }

    override fun restoreThreadContext(context: CoroutineContext, oldState: String?) = mdc.set(oldState)
}

/** [Console.runCommand] runs its block with the caller's context elements, as a child of the console's supervisor. */
class CommandContextInheritanceTest : FunSpec({
    test("a command sees the caller's CoroutineName and thread-context element, on a command thread, not in the caller's job") {
        val console = Console(FakeTerminal(), ConsoleOptions(), exit = NoExit())
        try {
            runBlocking {
                withTimeout(10_000) {
                    withContext(CoroutineName("session-42") + Mdc("request-7")) {
                        val callerJob = currentCoroutineContext().job
                        var seen: List<Any?> = emptyList()
                        var childrenOfCaller: List<Job> = emptyList()
                        var commandJob: Job? = null
                        console.runCommand("work") {
                            commandJob = coroutineContext.job
                            childrenOfCaller = callerJob.children.toList()
                            seen = listOf(coroutineContext[CoroutineName]?.name, mdc.get(), Thread.currentThread().name)
                        }
                        seen[0] shouldBe "session-42"
                        seen[1] shouldBe "request-7"
                        (seen[2] as String) shouldNotStartWith "coterm-console"
                        // A child of the console's supervisor: the caller's job never had it.
                        childrenOfCaller shouldNotContain commandJob!!
                    }
                }
            }
        } finally {
            console.close()
        }
    }

    test("a caller without a name: the command is named after it") {
        val console = Console(FakeTerminal(), ConsoleOptions(), exit = NoExit())
        try {
            runBlocking {
                val name = withTimeout(10_000) {
                    console.runCommand("build") { coroutineContext[CoroutineName]?.name }
                }
                name shouldBe CommandOutcome.Completed("build")
            }
        } finally {
            console.close()
        }
    }
})
