// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.test.ScreenSnapshot
import coterm.test.VirtualScreen

import com.pty4j.PtyProcess
import com.pty4j.PtyProcessBuilder
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * A program running in a real pseudo-terminal (pty4j), seen through a [VirtualScreen].
 *
 * The program runs under a small `/bin/sh` wrapper that prints the pty's termios (`stty -g`)
 * before and after it, and its exit status, between unique markers; [awaitExit] reads them back
 * so every test can check "exit status" and "termios after == termios before". The wrapper clears
 * the screen before starting the program, so the screen shows only the program's output; the
 * markers stay in the raw [transcript].
 *
 * A background thread reads the pty into the screen and the transcript, and answers cursor
 * position requests as a terminal would. Every `await…` has a deadline and fails with the screen
 * and the end of the transcript. [close] kills the program and the wrapper; use it in `use {}`.
 *
 * Hermetic: the environment is only PATH, TERM=xterm-256color, LANG/LC_ALL=C.UTF-8, SHELL, and
 * HOME plus the XDG directories inside a fresh temporary directory that is also the working
 * directory; Java programs also get `-Duser.home` pointing there.
 */
class PtyShell private constructor(
    private val process: PtyProcess,
    /** The temporary home and working directory; removed by [close]. */
    val home: Path,
    val columns: Int,
    val rows: Int,
) : AutoCloseable {

    /** What the terminal shows. */
    val screen = VirtualScreen(columns, rows)

    private val raw = ByteArrayOutputStream()
    private val lock = Object()
    private var endOfOutput = false
    private val reader = Thread(::pump, "pty-reader-${process.pid()}").apply { isDaemon = true; start() }

    /** The wrapper's pid: the `/bin/sh` that runs the program. */
    val wrapperPid: Long = process.pid()

    /** The pty's termios before the program started, as `stty -g` prints it. */
    val termiosBefore: String
    /** The pty's device path, e.g. `/dev/pts/3`. */
    val tty: String

    init {
        val before = try {
            awaitTranscript("the wrapper's start marker", START_TIMEOUT) { BEFORE_MARKER.find(it) }
        } catch (e: Throwable) {
            close()
            throw e
        }
        tty = before.groupValues[1]
        termiosBefore = before.groupValues[2]
    }

    // ---------------------------------------------------------------- input

    /** Writes [bytes] to the terminal in one write, as a fast typist or a paste would. */
    fun write(bytes: ByteArray) {
        synchronized(process) {
            process.outputStream.write(bytes)
            process.outputStream.flush()
        }
    }

    /** Types [text] (UTF-8) in one write. */
    fun type(text: String) = write(text.toByteArray(Charsets.UTF_8))

    /** Types [line] and Enter (CR, what a terminal sends) in one write. */
    fun typeLine(line: String) = type(line + "\r")

    /** Presses [key], in application-cursor form when the program has asked for it (`ESC[?1h`). */
    fun press(key: Key, times: Int = 1) {
        val sequence = if (1 in screen.privateModes) key.application else key.normal
        type(sequence.repeat(times))
    }

    /** Sends one Ctrl+C byte (0x03). */
    fun ctrlC() = write(byteArrayOf(0x03))

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until [predicate] holds for the screen and returns that snapshot; fails after [timeout]
     * with [what] was awaited, the screen and the end of the transcript.
     */
    fun awaitScreen(what: String, timeout: Duration = DEFAULT_TIMEOUT, predicate: (ScreenSnapshot) -> Boolean): ScreenSnapshot {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        while (true) {
            val shot = screen.snapshot()
            if (predicate(shot)) return shot
            if (deadline.hasPassedNow()) fail("Timed out after $timeout waiting for $what.")
            synchronized(lock) {
                if (endOfOutput) {
                    // The program is gone; one last look, then fail without waiting out the clock.
                    val last = screen.snapshot()
                    if (predicate(last)) return last
                    fail("The terminal closed (the program ended) while waiting for $what.")
                }
                lock.wait(POLL.inWholeMilliseconds)
            }
        }
    }

    /** Waits for a screen line that is exactly [text] (trailing blanks ignored). */
    fun awaitLine(text: String, timeout: Duration = DEFAULT_TIMEOUT) =
        awaitScreen("a line \"$text\"", timeout) { it.hasLine(text) }

    /** Waits for [text] anywhere on the screen (scrollback included). */
    fun awaitText(text: String, timeout: Duration = DEFAULT_TIMEOUT) =
        awaitScreen("the text \"$text\"", timeout) { text in it }

    /** Waits until the cursor sits right after a fresh, empty `# ` prompt. */
    fun awaitPrompt(timeout: Duration = DEFAULT_TIMEOUT) =
        awaitScreen("a fresh \"# \" prompt with the cursor after it", timeout) { it.atFreshPrompt }

    /**
     * Types [line] and Enter, waits for the command to finish (a fresh prompt below the command's
     * line) and returns the lines printed in between.
     */
    fun run(line: String, timeout: Duration = DEFAULT_TIMEOUT): List<String> {
        typeLine(line)
        return awaitCommandDone(line, timeout)
    }

    /** Waits until the command typed as [line] has finished and returns what it printed. */
    fun awaitCommandDone(line: String, timeout: Duration = DEFAULT_TIMEOUT): List<String> {
        val shot = awaitScreen("\"$line\" to finish and a fresh prompt below it", timeout) { it.outputOf(line) != null }
        return shot.outputOf(line)!!
    }

    /** Waits until the terminal is in raw mode: ICANON and ECHO off, as the program set it. */
    fun awaitRawMode(timeout: Duration = DEFAULT_TIMEOUT): String {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        while (true) {
            val flags = termiosFlags()
            if (Regex("(^|\\s)-icanon(\\s|$)") in flags && Regex("(^|\\s)-echo(\\s|$)") in flags) return flags
            if (!running) fail("The program ended while waiting for raw mode.")
            if (deadline.hasPassedNow()) fail("Timed out after $timeout waiting for raw mode; stty -a says:\n$flags")
            Thread.sleep(POLL.inWholeMilliseconds)
        }
    }

    /**
     * Waits until coterm's input reader has read everything typed and holds nothing back (no
     * half-read escape sequence waiting for its timeout): its thread is blocked in `poll` with no
     * timeout, which it only is when idle. Read from `/proc/PID/task/TID/syscall` (Linux, x86_64
     * and aarch64); the thread is found by its name, `coterm-input-reader` (15 characters of it).
     */
    fun awaitInputIdle(timeout: Duration = DEFAULT_TIMEOUT) {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        while (true) {
            if (readerIdle()) return
            if (!running) fail("The program ended while waiting for its input reader to be idle.")
            if (deadline.hasPassedNow()) fail("Timed out after $timeout waiting for the input reader to be idle in poll.")
            Thread.sleep(POLL.inWholeMilliseconds)
        }
    }

    private fun readerIdle(): Boolean {
        val tasks = File("/proc/$programPid/task").listFiles().orEmpty()
        val reader = tasks.firstOrNull { runCatching { File(it, "comm").readText().trim() == "coterm-input-re" }.getOrDefault(false) }
            ?: return false
        val call = runCatching { File(reader, "syscall").readText().trim().split(' ') }.getOrDefault(emptyList())
        // The int -1, as the kernel prints the register (its upper half may be clear).
        val infinite = setOf("0xffffffff", "0xffffffffffffffff")
        return when (System.getProperty("os.arch")) {
            // poll(fds, nfds, -1), or ppoll(fds, nfds, NULL, ...)
            "amd64", "x86_64" -> (call.getOrNull(0) == "7" && call.getOrNull(3) in infinite) || (call.getOrNull(0) == "271" && call.getOrNull(3) == "0x0")
            "aarch64" -> call.getOrNull(0) == "73" && call.getOrNull(3) == "0x0"
            else -> throw AssertionError("no poll syscall numbers for ${System.getProperty("os.arch")}")
        }
    }

    /** The terminal's settings now, as `stty -a` prints them (read from outside, through the pty's path). */
    fun termiosFlags(): String = runStty("-a")

    /** The terminal's settings now, as `stty -g` prints them. */
    fun termiosNow(): String = runStty("-g").trim()

    private fun runStty(option: String): String {
        val p = ProcessBuilder("stty", "-F", tty, option).redirectErrorStream(true).start()
        val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
        if (!p.waitFor(10, TimeUnit.SECONDS)) { p.destroyForcibly(); fail("stty -F $tty $option hung") }
        if (p.exitValue() != 0) fail("stty -F $tty $option failed: $out")
        return out
    }

    // ---------------------------------------------------------------- processes and signals

    /** The program's pid (the wrapper's child), found once it has started. */
    val programPid: Long by lazy { findProgramPid() }

    private fun findProgramPid(): Long {
        val deadline = TimeSource.Monotonic.markNow() + DEFAULT_TIMEOUT
        while (true) {
            val child = ProcessHandle.of(wrapperPid).flatMap { it.children().findFirst() }
            if (child.isPresent) return child.get().pid()
            if (deadline.hasPassedNow()) fail("The program's process did not appear under the wrapper (pid $wrapperPid).")
            Thread.sleep(20)
        }
    }

    /** Whether the program's process is still running. */
    val programAlive: Boolean get() = ProcessHandle.of(programPid).map { it.isAlive }.orElse(false)

    /** Sends [signal] (`INT`, `TERM`, `HUP`, …) to the program's process with `kill -s`. */
    fun signal(signal: String) {
        val pid = programPid
        val p = ProcessBuilder("kill", "-s", signal, pid.toString()).redirectErrorStream(true).start()
        val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) fail("kill -s $signal $pid failed: $out")
    }

    /**
     * Waits for the program to end and returns its exit status and the termios before and after.
     * Fails after [timeout] if it is still running.
     */
    fun awaitExit(timeout: Duration = DEFAULT_TIMEOUT): Exit {
        val after = awaitTranscript("the program to exit", timeout) { AFTER_MARKER.find(it) }
        if (!process.waitFor(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)) fail("The wrapper did not end after the program's exit.")
        return Exit(after.groupValues[2].toInt(), termiosBefore, after.groupValues[1])
    }

    /** Waits for the exit, then checks its status is [expected] and the termios is what it was before. */
    fun awaitExitWith(expected: Int, timeout: Duration = DEFAULT_TIMEOUT): Exit {
        val exit = awaitExit(timeout)
        if (exit.status != expected) fail("Expected exit status $expected but the program exited with ${exit.status}.")
        if (!exit.termiosRestored) {
            fail("The terminal was not restored.\n  termios before: ${exit.termiosBefore}\n  termios after:  ${exit.termiosAfter}")
        }
        return exit
    }

    /**
     * Waits until the program has written nothing for [quietFor] (it has worked through a flood
     * of input), failing after [timeout].
     */
    fun awaitQuiet(quietFor: Duration, timeout: Duration = DEFAULT_TIMEOUT) {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        var length = synchronized(raw) { raw.size() }
        var since = TimeSource.Monotonic.markNow()
        while (since.elapsedNow() < quietFor) {
            if (deadline.hasPassedNow()) fail("Timed out after $timeout waiting for $quietFor without output.")
            Thread.sleep(POLL.inWholeMilliseconds)
            val now = synchronized(raw) { raw.size() }
            if (now != length) {
                length = now
                since = TimeSource.Monotonic.markNow()
            }
        }
    }

    /** Whether the program has not exited yet. */
    val running: Boolean get() = AFTER_MARKER.find(transcript()) == null

    // ---------------------------------------------------------------- evidence

    /** Everything the terminal received so far, decoded as UTF-8 (escape codes included). */
    fun transcript(): String = synchronized(raw) { raw.toString(Charsets.UTF_8) }

    /** The screen and the end of the transcript with control characters made visible, for failure messages. */
    fun describe(): String = buildString {
        append("Screen:\n").append(screen.snapshot().render()).append('\n')
        val t = transcript()
        append("Transcript (last ").append(minOf(t.length, TRANSCRIPT_TAIL)).append(" of ").append(t.length).append(" chars):\n")
        append(visible(t.takeLast(TRANSCRIPT_TAIL)))
        val odd = screen.unsupported
        if (odd.isNotEmpty()) append("\nSequences outside the subset: ").append(odd.distinct().take(20))
    }

    /** Throws an [AssertionError] with [message] and [describe]. */
    fun fail(message: String): Nothing = throw AssertionError("$message\n${describe()}")

    /**
     * Runs [block], then [close]s; an assertion that fails inside without the screen in its message
     * (a plain `shouldBe`) gets the screen and transcript added.
     */
    fun <T> drive(block: (PtyShell) -> T): T = use {
        try {
            block(this)
        } catch (e: AssertionError) {
            if (e.message?.contains("Transcript (last") == true) throw e
            throw AssertionError("${e.message}\n${describe()}", e)
        }
    }

    /** Kills the program and the wrapper, stops the reader and removes the temporary home. */
    override fun close() {
        val tree = ProcessHandle.of(wrapperPid).map { it.descendants().toList().reversed() }.orElse(emptyList())
        tree.forEach { it.destroyForcibly() }
        process.destroyForcibly()
        process.waitFor(5, TimeUnit.SECONDS)
        // Orphans are reaped by init; wait so a test that follows does not compete with them.
        tree.forEach { runCatching { it.onExit().get(5, TimeUnit.SECONDS) } }
        reader.join(2_000)
        home.toFile().deleteRecursively()
    }

    @Volatile
    private var paused = false

    /**
     * Stops reading the pty until [resumeReading], as a terminal that is not drained (a stopped
     * `less`, a slow link): the program's output buffer fills and its writes block.
     */
    fun pauseReading() {
        paused = true
    }

    /** Reads the pty again after [pauseReading]. */
    fun resumeReading() = synchronized(lock) {
        paused = false
        lock.notifyAll()
    }

    /** Closes the pty's master side, as a terminal emulator window that is closed does. */
    fun closeMaster() {
        (process as com.pty4j.unix.UnixPtyProcess).pty.close()
    }

    /** Waits up to [timeout] for the program's process to end; true if it has. */
    fun awaitProgramGone(timeout: Duration): Boolean =
        ProcessHandle.of(programPid).map { handle ->
            runCatching { handle.onExit().get(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS) }.isSuccess
        }.orElse(true)

    private fun pump() {
        val buffer = ByteArray(8192)
        val input = process.inputStream
        try {
            while (true) {
                synchronized(lock) { while (paused) lock.wait(POLL.inWholeMilliseconds) }
                val n = try { input.read(buffer) } catch (_: IOException) { -1 }
                if (n < 0) break
                if (n == 0) continue
                synchronized(raw) { raw.write(buffer, 0, n) }
                screen.feed(buffer, 0, n)
                val replies = screen.takeReplies()
                if (replies.isNotEmpty()) runCatching { write(replies) }
                synchronized(lock) { lock.notifyAll() }
            }
        } finally {
            synchronized(lock) { endOfOutput = true; lock.notifyAll() }
        }
    }

    private fun <T : Any> awaitTranscript(what: String, timeout: Duration, find: (String) -> T?): T {
        val deadline = TimeSource.Monotonic.markNow() + timeout
        while (true) {
            find(transcript())?.let { return it }
            synchronized(lock) {
                if (endOfOutput) find(transcript())?.let { return it } ?: fail("The terminal closed while waiting for $what.")
                if (deadline.hasPassedNow()) fail("Timed out after $timeout waiting for $what.")
                lock.wait(POLL.inWholeMilliseconds)
            }
        }
    }

    /** How a program ended: its status (128+n for signal n, as the shell reports it) and the terminal settings around it. */
    data class Exit(val status: Int, val termiosBefore: String, val termiosAfter: String) {
        val termiosRestored: Boolean get() = termiosBefore == termiosAfter
    }

    /** Keys as an xterm sends them: [normal] form, and [application] form after `ESC[?1h`. */
    enum class Key(val normal: String, val application: String = normal) {
        Left("\u001b[D", "\u001bOD"), Right("\u001b[C", "\u001bOC"), Up("\u001b[A", "\u001bOA"), Down("\u001b[B", "\u001bOB"),
        Home("\u001b[H", "\u001bOH"), End("\u001b[F", "\u001bOF"), Delete("\u001b[3~"),
        Enter("\r"), Backspace("\u007f"), Tab("\t"), Escape("\u001b"),
        CtrlA("\u0001"), CtrlC("\u0003"), CtrlD("\u0004"), CtrlE("\u0005"), CtrlK("\u000b"),
        CtrlL("\u000c"), CtrlU("\u0015"), CtrlW("\u0017"),
    }

    companion object {
        /** For most waits; generous because the machine may be busy with other builds. */
        val DEFAULT_TIMEOUT: Duration = 10.seconds
        /** For a JVM to start and show its first output. */
        val START_TIMEOUT: Duration = 30.seconds
        private val POLL = 20.milliseconds
        private const val TRANSCRIPT_TAIL = 3_000

        private const val MARK = "coterm-pty-7f3a"
        private val BEFORE_MARKER = Regex("\\[$MARK before tty=(\\S+) termios=([0-9a-fA-F:]+)]")
        private val AFTER_MARKER = Regex("\\[$MARK after termios=([0-9a-fA-F:]*) status=(\\d+)]")

        /**
         * The wrapper. It traps INT and QUIT (a trapped signal is reset to default in the child, an
         * ignored one would be inherited), so a stray 0x03 in cooked mode cannot stop it from
         * reporting; it waits for the program in the foreground, so the program owns the terminal.
         */
        private val WRAPPER = """
            trap : INT QUIT
            printf '\n[$MARK before tty=%s termios=%s]\n' "${'$'}(tty)" "${'$'}(stty -g)"
            printf '\033[H\033[2J'
            "${'$'}@"
            status=${'$'}?
            printf '\r\n[$MARK after termios=%s status=%s]\r\n' "${'$'}(stty -g)" "${'$'}status"
            exit ${'$'}status
        """.trimIndent()

        /** The java binary running these tests: the programs under test run on the same JDK. */
        val java: String get() = ProcessHandle.current().info().command().orElseThrow { AssertionError("cannot tell which java runs the tests") }

        /** The shaded demo jar: Failsafe passes `coterm.jar`; from an IDE, `target/coterm.jar`. */
        val cotermJar: File get() {
            val jar = File(System.getProperty("coterm.jar") ?: "target/coterm.jar")
            if (!jar.isFile) throw AssertionError("coterm.jar not found at ${jar.absolutePath}; run `mvn verify` so Failsafe passes -Dcoterm.jar")
            return jar
        }

        /**
         * How to start `java -jar coterm.jar [args]` with [home] as user.home. Serial GC and C1 only
         * keep the JVM light on a busy 2-core machine; they change no behaviour.
         *
         * The system property `coterm.command` (words separated by spaces) replaces
         * `java … -jar coterm.jar`, to run these tests against another build of the demos.
         */
        fun cotermCommand(home: Path, vararg args: String): List<String> {
            System.getProperty("coterm.command")?.takeIf { it.isNotBlank() }?.let { return it.trim().split(Regex("\\s+")) + args }
            return listOf(
                java, "--enable-native-access=ALL-UNNAMED", "-Duser.home=$home",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", cotermJar.absolutePath,
            ) + args
        }

        /** Starts `java -jar coterm.jar [args]` in a fresh pty. */
        fun coterm(vararg args: String, columns: Int = 80, rows: Int = 24): PtyShell =
            start(columns, rows) { home -> cotermCommand(home, *args) }

        /** Starts [command] in a fresh pty; [command] gets the temporary home directory. */
        fun start(columns: Int = 80, rows: Int = 24, extraEnvironment: Map<String, String> = emptyMap(), command: (Path) -> List<String>): PtyShell {
            val home = Files.createTempDirectory("coterm-pty-home")
            val env = hermeticEnvironment(home) + extraEnvironment
            val process = try {
                PtyProcessBuilder(arrayOf("/bin/sh", "-c", WRAPPER, "coterm-pty") + command(home))
                    .setEnvironment(env)
                    .setDirectory(home.toString())
                    .setInitialColumns(columns)
                    .setInitialRows(rows)
                    .setRedirectErrorStream(true)
                    .setUnixOpenTtyToPreserveOutputAfterTermination(true)
                    .start()
            } catch (e: Throwable) {
                home.toFile().deleteRecursively()
                throw e
            }
            return PtyShell(process, home, columns, rows)
        }

        /** The whole environment a program under test sees. */
        fun hermeticEnvironment(home: Path): Map<String, String> {
            listOf(".config", ".local/state", ".local/share", ".cache").forEach { Files.createDirectories(home.resolve(it)) }
            return mapOf(
                "PATH" to (System.getenv("PATH") ?: "/usr/local/bin:/usr/bin:/bin"),
                "TERM" to "xterm-256color",
                "LANG" to "C.UTF-8",
                "LC_ALL" to "C.UTF-8",
                "SHELL" to "/bin/sh",
                "HOME" to home.toString(),
                "XDG_CONFIG_HOME" to home.resolve(".config").toString(),
                "XDG_STATE_HOME" to home.resolve(".local/state").toString(),
                "XDG_DATA_HOME" to home.resolve(".local/share").toString(),
                "XDG_CACHE_HOME" to home.resolve(".cache").toString(),
            )
        }

        /** Control characters as `\e`, `\r`, `\n`, `^X`, so a transcript can be read in a failure message. */
        fun visible(text: String): String = buildString {
            for (ch in text) when {
                ch == '\u001b' -> append("\\e")
                ch == '\r' -> append("\\r")
                ch == '\n' -> append("\\n\n")
                ch < ' ' || ch == '\u007f' -> append('^').append((ch.code xor 0x40).toChar())
                else -> append(ch)
            }
        }
    }
}
