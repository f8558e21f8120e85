// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * A program in a real terminal emulator: a detached tmux session, [columns] by [rows], on a
 * private tmux server. Tests [sendKeys] or [paste] into it and read the screen as tmux renders
 * it ([screen], `capture-pane`), so wrapping, wide characters and redraws are judged by a real
 * emulator rather than by grepping escape codes.
 *
 * Hermetic like [PtyShell]: HOME and the XDG directories point into a fresh temporary directory
 * (or the one given, to run twice with one home), which is also the working directory. [close]
 * kills the server and removes a directory it made.
 * tmux must be installed (`.ci/run` installs it); without it the constructor fails saying so.
 */
class TmuxTerminal(
    command: List<String>,
    val columns: Int = 80,
    val rows: Int = 24,
    homeDirectory: Path? = null,
) : AutoCloseable {
    /** The home and working directory: the one given (kept), else a new one removed by [close]. */
    val home: Path = homeDirectory ?: Files.createTempDirectory("coterm-tmux")
    private val ownsHome = homeDirectory == null

    private val socket = "coterm-test-${ProcessHandle.current().pid()}-${counter++}"
    private val statusFile = Files.createTempFile("coterm-tmux-status", ".txt").also { Files.delete(it) }

    init {
        check(runCatching { tmux("-V").isNotBlank() }.getOrDefault(false)) { "tmux is not installed (apt-get install tmux; .ci/run does it)" }
        Files.createDirectories(home.resolve(".local/state"))
        val env = listOf(
            "HOME=$home", "XDG_STATE_HOME=$home/.local/state", "XDG_CONFIG_HOME=$home/.config",
            "TERM=tmux-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PATH=${System.getenv("PATH")}",
        )
        // sh stays the program's parent and writes its exit status to a file: tmux does not
        // always record the status of a program that closes the pty as it exits.
        val script = "cd ${quote(home.toString())} && env -i ${env.joinToString(" ") { quote(it) }} " +
            command.joinToString(" ") { quote(it) } + "; echo \$? > ${quote(statusFile.toString())}"
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "$columns", "-y", "$rows", script)
        tmux("set-option", "-t", "t", "remain-on-exit", "on")
        tmux("set-option", "-t", "t", "status", "off")
    }

    /** Sends keys as `tmux send-keys` names them (`"Enter"`, `"C-c"`, `"Up"`), each argument one key or string. */
    fun sendKeys(vararg keys: String) {
        tmux("send-keys", "-t", "t", *keys)
    }

    /** Types [text] literally. */
    fun type(text: String) {
        tmux("send-keys", "-t", "t", "-l", text)
    }

    /** Pastes [text] as a terminal does: bracketed when the program asked for bracketed paste. */
    fun paste(text: String) {
        tmux("set-buffer", "-b", "p", text)
        tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "t")
    }

    /** Resizes the window to [columns] by [rows], as a user dragging the terminal's edge: the program gets SIGWINCH, tmux reflows wrapped rows. */
    fun resize(columns: Int, rows: Int) {
        tmux("resize-window", "-t", "t", "-x", "$columns", "-y", "$rows")
    }

    /** The screen's rows as tmux shows them, trailing blanks removed. */
    fun screen(): List<String> = tmux("capture-pane", "-p", "-t", "t").trimEnd('\n').split('\n').map { it.trimEnd() }

    /** The cursor's row and column, 0-based. */
    fun cursor(): Pair<Int, Int> {
        val (x, y) = tmux("display-message", "-p", "-t", "t", "#{cursor_x} #{cursor_y}").trim().split(' ').map { it.toInt() }
        return y to x
    }

    /** The pane's terminal device, e.g. `/dev/pts/3`: its settings can be read from outside with `stty -F`. */
    fun paneTty(): String = tmux("display-message", "-p", "-t", "t", "#{pane_tty}").trim()

    /**
     * From now on, appends everything the program writes to the pane (escape codes included, as
     * the emulator receives it) to [file].
     */
    fun recordOutput(file: Path) {
        tmux("pipe-pane", "-t", "t", "-o", "cat >> " + quote(file.toString()))
    }

    /** The pid of the program in the pane (the one started by [command]). */
    fun panePid(): Long = tmux("display-message", "-p", "-t", "t", "#{pane_pid}").trim().toLong()

    /** The exit status of the program once it has exited, or null before. */
    fun exitStatus(): Int? = runCatching { Files.readString(statusFile).trim().toInt() }.getOrNull()

    /** Waits until [condition] holds for the screen; fails with the screen after [timeout]. */
    fun awaitScreen(what: String, timeout: Duration = 20.seconds, condition: (List<String>) -> Boolean): List<String> {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        while (true) {
            val screen = screen()
            if (condition(screen)) return screen
            if (deadline.hasPassedNow()) {
                throw AssertionError("timed out waiting for $what; the screen:\n" + screen.joinToString("\n") { "|$it" })
            }
            Thread.sleep(POLL_MILLIS)
        }
    }

    /** Waits for the program to exit and returns its status. */
    fun awaitExit(timeout: Duration = 20.seconds): Int {
        awaitScreen("the program to exit", timeout) { exitStatus() != null }
        return exitStatus()!!
    }

    override fun close() {
        runCatching { tmux("kill-server") }
        if (ownsHome) home.toFile().deleteRecursively()
        Files.deleteIfExists(statusFile)
    }

    private fun tmux(vararg args: String): String {
        val process = ProcessBuilder(listOf("tmux", "-L", socket) + args).redirectErrorStream(true).start()
        process.outputStream.close()
        val output = process.inputStream.readBytes().toString(Charsets.UTF_8)
        check(process.waitFor(10, TimeUnit.SECONDS)) { "tmux ${args.first()} hung" }
        check(process.exitValue() == 0) { "tmux ${args.joinToString(" ")} failed (${process.exitValue()}): $output" }
        return output
    }

    companion object {
        private const val POLL_MILLIS = 50L
        private var counter = 0

        /** The demo shell (`coterm.jar`, built by the package phase) with the current JVM, plus [arguments]. */
        fun demo(vararg arguments: String): List<String> = listOf(
            "${System.getProperty("java.home")}/bin/java", "--enable-native-access=ALL-UNNAMED",
            "-jar", checkNotNull(System.getProperty("coterm.jar")) { "run under Failsafe: coterm.jar is not set" },
        ) + arguments

        private fun quote(s: String) = "'" + s.replace("'", "'\\''") + "'"
    }
}
