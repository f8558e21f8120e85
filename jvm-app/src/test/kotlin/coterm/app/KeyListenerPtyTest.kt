// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.test.ScreenSnapshot
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/** The key listener (`java -jar coterm.jar keys`) and its Java twin (`java-keys`) in a real pseudo-terminal. */
class KeyListenerPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    // The Kotlin listener and its Java twin on the blocking API, with the same tests.
    for (demo in listOf("keys", "java-keys")) context(demo) {

        test("typed keys are reported once a second; Ctrl+C exits with 0 and restores the terminal") {
            val shell = PtyShell.coterm(demo)
            shell.drive {
                // Nothing on screen to wait for: typing before raw mode would go to the cooked line discipline.
                shell.awaitRawMode(PtyShell.START_TIMEOUT)
                shell.type("hello")
                // The report is per second, so "hello" may be split over two consecutive reports.
                val shot = shell.awaitScreen("a report of h e l l o", REPORT_TIMEOUT) { it.reportedKeys() == listOf("h", "e", "l", "l", "o") }
                val reports = shot.reports().size
                Thread.sleep(2_200)
                // Seconds without keys print nothing.
                shell.screen.snapshot().reports().size shouldBe reports
                shell.ctrlC()
                shell.awaitExitWith(0)
            }
        }

        test("reports come once a second: a key typed just after a report waits for the next second's") {
            val shell = PtyShell.coterm(demo)
            shell.drive {
                shell.awaitRawMode(PtyShell.START_TIMEOUT)
                shell.type("a")
                shell.awaitScreen("a report of a", REPORT_TIMEOUT) { it.reportedKeys() == listOf("a") }
                val firstSeen = TimeSource.Monotonic.markNow()
                shell.type("b")
                shell.awaitScreen("a report of b after a", REPORT_TIMEOUT) { it.reportedKeys() == listOf("a", "b") }
                val gap = firstSeen.elapsedNow()
                // One second apart, less the time the first report took to be seen; more than a
                // report per key would give, less than a report every two seconds.
                withClue("the report of b came $gap after the report of a was seen") {
                    (gap > MIN_REPORT_GAP) shouldBe true
                    (gap < MAX_REPORT_GAP) shouldBe true
                }
                shell.ctrlC()
                shell.awaitExitWith(0)
            }
        }

        test("a second batch of keys gets its own report") {
            val shell = PtyShell.coterm(demo)
            shell.drive {
                shell.awaitRawMode(PtyShell.START_TIMEOUT)
                shell.type("ab")
                shell.awaitScreen("a report of a b", REPORT_TIMEOUT) { it.reportedKeys() == listOf("a", "b") }
                shell.type("xyz")
                shell.awaitScreen("a report of x y z after a b", REPORT_TIMEOUT) { it.reportedKeys() == listOf("a", "b", "x", "y", "z") }
                shell.ctrlC()
                shell.awaitExitWith(0)
            }
        }
    }
})

/** The least and most time between two reports, seen from outside: 1 s, with room for a busy machine. */
private val MIN_REPORT_GAP = 600.milliseconds
private val MAX_REPORT_GAP = 1_900.milliseconds

/** Up to 1 s for the second to end, plus start-up slack on a busy machine. */
private val REPORT_TIMEOUT = 5.seconds

private const val REPORT = "In the last second you pressed:"

private fun ScreenSnapshot.reports(): List<String> = allLines.filter { it.startsWith(REPORT) }

/** The keys of all reports so far, in order. */
private fun ScreenSnapshot.reportedKeys(): List<String> =
    reports().flatMap { it.removePrefix(REPORT).trim().split(' ').filter(String::isNotEmpty) }
