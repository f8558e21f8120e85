package coterm.console

import coterm.console.InterruptPolicy.Decision
import coterm.console.InterruptPolicy.Decision.Cancel
import coterm.console.InterruptPolicy.Decision.Fold
import coterm.console.InterruptPolicy.Decision.ForceExit
import coterm.console.InterruptPolicy.Decision.Notice
import coterm.console.InterruptPolicy.Decision.PassOn
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll

private const val GRACE_MS = 500L
private const val MS = 1_000_000L

/** One step of a script: a press at [atMs] (ms) expecting [decision], or the command finishing. */
private sealed interface Step {
    data class Press(val atMs: Long, val running: Boolean, val decision: Decision) : Step {
        override fun toString() = "${atMs}ms${if (running) "" else " idle"}→$decision"
    }

    data object Finished : Step {
        override fun toString() = "finished"
    }
}

private fun press(atMs: Long, decision: Decision) = Step.Press(atMs, running = true, decision)
private fun idle(atMs: Long, decision: Decision) = Step.Press(atMs, running = false, decision)

class InterruptPolicyTest : FunSpec({
    data class Script(val name: String, val steps: List<Step>)

    withData(
        nameFn = { "${it.name}: ${it.steps}" },
        ts = listOf(
            Script("first press cancels", listOf(press(0, Cancel))),
            Script("a burst within the grace window is one press", listOf(press(0, Cancel), press(1, Fold), press(250, Fold), press(499, Fold))),
            Script("a second counted press gives the notice", listOf(press(0, Cancel), press(600, Notice))),
            Script("the grace window ends at exactly 500 ms", listOf(press(0, Cancel), press(500, Notice))),
            Script("the third counted press forces exit", listOf(press(0, Cancel), press(600, Notice), press(1200, ForceExit), press(1800, ForceExit))),
            Script(
                "presses just after the notice are folded into it",
                listOf(press(0, Cancel), press(600, Notice), press(700, Fold), press(1099, Fold), press(1600, ForceExit)),
            ),
            Script(
                "the grace window slides: a press within it of any press, folded or not, is folded",
                listOf(press(0, Cancel), press(400, Fold), press(800, Fold), press(1200, Fold), press(1800, Notice)),
            ),
            Script(
                "a held key (a press every 33 ms) never escalates",
                (0..60).map { press(it * 33L, if (it == 0) Cancel else Fold) },
            ),
            Script("with no command a press is passed on", listOf(idle(0, PassOn), idle(10, PassOn))),
            Script("a press just after the command finished is folded", listOf(press(0, Cancel), Step.Finished, idle(100, Fold))),
            Script("a press later, with no command, is passed on", listOf(press(0, Cancel), Step.Finished, idle(600, PassOn))),
            Script("a new command starts a new count", listOf(press(0, Cancel), press(600, Notice), Step.Finished, press(5000, Cancel), press(5600, Notice))),
            Script("a passed-on press does not count towards the next command", listOf(idle(0, PassOn), press(100, Cancel), press(700, Notice))),
            Script(
                "the count restarts after the prompt took a press",
                listOf(press(0, Cancel), Step.Finished, idle(1000, PassOn), press(2000, Cancel)),
            ),
        ),
    ) { script ->
        val policy = InterruptPolicy(GRACE_MS * MS)
        val decisions = script.steps.map { step ->
            when (step) {
                is Step.Press -> policy.onPress(step.atMs * MS, step.running)
                Step.Finished -> policy.onCommandFinished().let { null }
            }
        }
        decisions shouldBe script.steps.map { (it as? Step.Press)?.decision }
    }

    // System.nanoTime() may be any value, negative included.
    val start = Arb.long(-(1L shl 60)..(1L shl 60))

    test("a burst within the grace window after the first press is exactly one Cancel") {
        checkAll(500, start, Arb.list(Arb.long(0 until GRACE_MS * MS), 0..50)) { t0, offsets ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            val decisions = (listOf(0L) + offsets.sorted()).map { policy.onPress(t0 + it, commandRunning = true) }
            decisions shouldBe listOf(Cancel) + List(offsets.size) { Fold }
        }
    }

    test("presses further apart than the grace window go Cancel, Notice, ForceExit on a stuck command") {
        checkAll(500, start, Arb.list(Arb.long(GRACE_MS * MS..60_000 * MS), 2..6)) { t0, gaps ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            var now = t0
            val decisions = (listOf(0L) + gaps).map { gap ->
                now += gap
                policy.onPress(now, commandRunning = true)
            }
            decisions shouldBe listOf(Cancel, Notice) + List(gaps.size - 1) { ForceExit }
        }
    }

    test("bursts folded between counted presses never speed up the escalation") {
        checkAll(500, start, Arb.list(Arb.int(0..20), 3..3)) { t0, burstSizes ->
            val policy = InterruptPolicy(GRACE_MS * MS)
            val counted = burstSizes.mapIndexed { i, size ->
                val at = t0 + i * 2 * GRACE_MS * MS
                val first = policy.onPress(at, commandRunning = true)
                repeat(size) { k -> policy.onPress(at + (k + 1) * (GRACE_MS * MS - 1) / (size + 1), commandRunning = true) shouldBe Fold }
                first
            }
            counted shouldBe listOf(Cancel, Notice, ForceExit)
        }
    }
})
