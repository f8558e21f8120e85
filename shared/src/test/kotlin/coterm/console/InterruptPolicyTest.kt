// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.console.InterruptPolicy.Decision
import coterm.console.InterruptPolicy.Decision.Cancel
import coterm.console.InterruptPolicy.Decision.Fold
import coterm.console.InterruptPolicy.Decision.ForceExit
import coterm.console.InterruptPolicy.Decision.Notice
import coterm.console.InterruptPolicy.Decision.PassOn
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll

private const val GRACE_MS = 200L
private const val MS = 1_000_000L

/** One step of a script: a Ctrl+C press, or other input. */
private sealed interface Step

/** A press at [atMs] (ms) aimed at [command] (null: a prompt, or nothing running), expecting [decision]. */
private data class Press(val atMs: Long, val command: Long?, val decision: Decision) : Step {
    override fun toString() = "${atMs}ms ${command?.let { "#$it" } ?: "prompt"}→$decision"
}

/** A key other than Ctrl+C, typed between two presses. */
private data object Typed : Step {
    override fun toString() = "typed"
}

/** A press on command [command]. */
private fun on(command: Long, atMs: Long, decision: Decision) = Press(atMs, command, decision)

/** A press with no command to take it: a prompt is in front, or nothing runs. */
private fun prompt(atMs: Long, decision: Decision) = Press(atMs, null, decision)

private fun decide(steps: List<Step>, startNanos: Long = 0): List<Decision?> {
    val policy = InterruptPolicy(GRACE_MS * MS)
    return steps.map { step ->
        when (step) {
            is Press -> policy.onPress(startNanos + step.atMs * MS, step.command)
            Typed -> policy.onOtherInput().let { null }
        }
    }
}

class InterruptPolicyTest : FunSpec({
    data class Script(val name: String, val presses: List<Step>)

    withData(
        nameFn = { "${it.name}: ${it.presses}" },
        ts = listOf(
            Script("the first press on a command cancels it", listOf(on(1, 0, Cancel))),
            Script("presses less than 200 ms after the previous one fold", listOf(on(1, 0, Cancel), on(1, 1, Fold), on(1, 199, Fold))),
            Script("the window ends at exactly 200 ms", listOf(on(1, 0, Cancel), on(1, 200, Notice))),
            Script(
                "presses every 300 ms on a stuck command: cancel, notice, exit",
                listOf(on(1, 0, Cancel), on(1, 300, Notice), on(1, 600, ForceExit), on(1, 900, ForceExit)),
            ),
            Script(
                "the window slides: presses 150 ms apart stay one burst until a pause of 200 ms",
                listOf(on(1, 0, Cancel), on(1, 150, Fold), on(1, 300, Fold), on(1, 450, Fold), on(1, 700, Notice)),
            ),
            Script(
                "presses just after the notice fold into it",
                listOf(on(1, 0, Cancel), on(1, 300, Notice), on(1, 350, Fold), on(1, 499, Fold), on(1, 800, ForceExit)),
            ),
            Script(
                "a press on a new command 50 ms after a cancel is that command's first press",
                listOf(on(1, 0, Cancel), on(2, 50, Cancel), on(2, 100, Fold), on(2, 350, Notice)),
            ),
            Script(
                "a new command after a notice starts its own count",
                listOf(on(1, 0, Cancel), on(1, 300, Notice), on(2, 310, Cancel), on(2, 610, Notice), on(2, 910, ForceExit)),
            ),
            Script(
                "back on the outer command after cancelling an inner one: the outer one's first press",
                listOf(on(2, 0, Cancel), on(1, 50, Cancel), on(1, 350, Notice)),
            ),
            Script("at a prompt every press is the prompt's, however close", listOf(prompt(0, PassOn), prompt(10, PassOn), prompt(20, PassOn))),
            Script(
                "the rest of a burst that cancelled a command folds at the prompt, and the window slides there too",
                listOf(on(1, 0, Cancel), prompt(50, Fold), prompt(199, Fold), prompt(390, Fold), prompt(600, PassOn), prompt(610, PassOn)),
            ),
            Script(
                "a held key's first repeat after a cooperative command ended is the prompt's ^C, and so are the next",
                listOf(on(1, 0, Cancel), prompt(500, PassOn), prompt(530, PassOn), prompt(560, PassOn)),
            ),
            Script("a press at a prompt does not count for the next command", listOf(prompt(0, PassOn), on(1, 50, Cancel), on(1, 350, Notice))),
            Script(
                "a prompt inside a running command takes its presses; the command's count goes on after it",
                listOf(on(1, 0, Cancel), prompt(300, PassOn), on(1, 600, Notice)),
            ),
            Script(
                "a key typed at the fresh prompt ends the burst: the next press is the prompt's, however soon",
                listOf(on(1, 0, Cancel), prompt(20, Fold), Typed, prompt(50, PassOn), prompt(60, PassOn)),
            ),
            Script(
                "a key typed between two presses on a command ends the burst: the second one counts",
                listOf(on(1, 0, Cancel), Typed, on(1, 50, Notice), on(1, 60, Fold)),
            ),
        ),
    ) { script ->
        decide(script.presses) shouldBe script.presses.map { (it as? Press)?.decision }
    }

    // System.nanoTime() may be any value, negative included.
    val start = Arb.long(-(1L shl 60)..(1L shl 60))

    test("a held key (press, +500 ms, then every 30 ms for 10 s) gives cancel and notice, then folds, never an exit") {
        val presses = listOf(on(1, 0, Cancel), on(1, 500, Notice)) + (1..333).map { on(1, 500 + it * 30L, Fold) }
        decide(presses) shouldBe presses.map { it.decision }
    }

    test("a held key, any first delay (250-660 ms) and repeat interval (15-199 ms), never forces an exit") {
        checkAll(500, start, Arb.long(250L..660L), Arb.long(15L until GRACE_MS), Arb.int(1..400)) { t0, delay, interval, repeats ->
            val presses = listOf(0L) + (0 until repeats).map { delay + it * interval }
            val decisions = decide(presses.map { on(1, it, Cancel) }, t0).filterNotNull()
            decisions shouldNotContain ForceExit
            decisions shouldBe listOf(Cancel, Notice) + List(repeats - 1) { Fold }
        }
    }

    test("a burst whose presses are each less than 200 ms apart is exactly one Cancel") {
        checkAll(500, start, Arb.list(Arb.long(0 until GRACE_MS * MS), 0..50)) { t0, gaps ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            var now = t0
            val decisions = (listOf(0L) + gaps).map { gap ->
                now += gap
                policy.onPress(now, 1)
            }
            decisions shouldBe listOf(Cancel) + List(gaps.size) { Fold }
        }
    }

    test("presses 200 ms or more apart go Cancel, Notice, ForceExit on a stuck command") {
        checkAll(500, start, Arb.list(Arb.long(GRACE_MS * MS..60_000 * MS), 2..6)) { t0, gaps ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            var now = t0
            val decisions = (listOf(0L) + gaps).map { gap ->
                now += gap
                policy.onPress(now, 1)
            }
            decisions shouldBe listOf(Cancel, Notice) + List(gaps.size - 1) { ForceExit }
        }
    }

    test("the first press on each new command is Cancel, however soon it comes") {
        checkAll(500, start, Arb.list(Arb.long(0L..1_000 * MS), 1..30)) { t0, gaps ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            var now = t0
            val decisions = gaps.mapIndexed { i, gap ->
                now += gap
                policy.onPress(now, i.toLong() + 1)
            }
            decisions shouldBe List(gaps.size) { Cancel }
        }
    }

    test("bursts folded between counted presses never speed up the escalation") {
        checkAll(500, start, Arb.list(Arb.int(0..20), 3..3)) { t0, burstSizes ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            val counted = burstSizes.mapIndexed { i, size ->
                val at = t0 + i * 10 * GRACE_MS * MS
                val first = policy.onPress(at, 1)
                repeat(size) { k -> policy.onPress(at + (k + 1) * (GRACE_MS * MS - 1) / (size + 1), 1) shouldBe Fold }
                first
            }
            counted shouldBe listOf(Cancel, Notice, ForceExit)
        }
    }

    test("with no grace window every press on a command counts") {
        val policy = InterruptPolicy(0)
        listOf(0L, 0L, 1L).map { policy.onPress(it, 1) } shouldBe listOf(Cancel, Notice, ForceExit)
    }
})
