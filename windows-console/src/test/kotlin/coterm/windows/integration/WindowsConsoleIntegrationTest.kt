// SPDX-License-Identifier: Apache-2.0
package coterm.windows.integration

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledOnOs
import org.junit.jupiter.api.condition.OS
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The Windows console through the real JNA bindings, each scenario in a child JVM that makes a
 * console of its own ([ConsoleChild], [OwnConsole]): records injected with `WriteConsoleInputW`,
 * Ctrl+Break from `GenerateConsoleCtrlEvent`, the modes around `handOff`, the screen read back
 * with `ReadConsoleOutputCharacterW`, and input typed for a child under `runProcess`.
 *
 * Runs on Windows only (the windows-latest jobs of `.github/workflows/ci.yml`); elsewhere every
 * test is skipped with [REASON] in the test report (JUnit's `@EnabledOnOs`, whose reason
 * Surefire writes into the report; Kotest's does not reach it).
 */
@EnabledOnOs(value = [OS.WINDOWS], disabledReason = WindowsConsoleIntegrationTest.REASON)
class WindowsConsoleIntegrationTest {
    private fun runChild(scenario: String) {
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val process = ProcessBuilder(
            java, "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            ConsoleChild::class.java.name, scenario,
        ).redirectErrorStream(true).start()
        val output = StringBuilder()
        val drain = Thread { process.inputStream.bufferedReader().forEachLine { synchronized(output) { output.appendLine(it) } } }
        drain.start()
        val ended = process.waitFor(120, TimeUnit.SECONDS)
        if (!ended) process.destroyForcibly()
        drain.join(5_000)
        val text = synchronized(output) { output.toString() }
        assertTrue(ended) { "scenario $scenario did not end in 120 s; its output:\n$text" }
        assertEquals(0, process.exitValue()) { "scenario $scenario failed; its output:\n$text" }
        assertTrue(text.lines().any { it == "PASS $scenario" }) { "scenario $scenario did not say PASS; its output:\n$text" }
    }

    @Test
    @DisplayName("injected records: Ctrl+C, AltGr, a surrogate pair, an Alt-code surrogate pair, repeat count 3, buffer-size changes")
    fun records() = runChild("records")

    @Test
    @DisplayName("Ctrl+Break from GenerateConsoleCtrlEvent is exactly one interrupt and the process lives")
    fun ctrlBreak() = runChild("ctrl-break")

    @Test
    @DisplayName("the modes from before the start during handOff, raw modes after it, exactly the start's after close")
    fun modes() = runChild("modes")

    @Test
    @DisplayName("UTF-8 with an emoji on the screen, no escape sequence shown as text (records input path)")
    fun outputRecords() = runChild("output-records")

    @Test
    @DisplayName("the same on the VT input path: bracketed paste switched on and off around run and at exit, never shown")
    fun outputVt() = runChild("output-vt")

    @Test
    @DisplayName("a two-line answer typed for a child under run reaches the child, and the prompt afterwards is empty")
    fun runChildUnderRun() = runChild("run-child")

    @Test
    @DisplayName("a character in the last column leaves the cursor on that row until the next one (the delayed wrap the renderer assumes)")
    fun lastColumn() = runChild("last-column")

    internal companion object {
        const val REASON: String = "Windows console only: AllocConsole, WriteConsoleInputW, GenerateConsoleCtrlEvent and " +
            "ReadConsoleOutputCharacterW need a real Windows console (runs in the windows-latest CI jobs)"
    }
}
