// SPDX-License-Identifier: Apache-2.0
package coterm.test

import coterm.InternalCotermApi
import coterm.blocking.BlockingConsole
import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.console.openConsole
import coterm.input.KeyCode
import coterm.input.KeyStroke
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Future
import java.util.function.Predicate

/**
 * A real coterm [Console] on a [VirtualTerminal], for testing a program built on coterm in a
 * plain unit test: the test types keys and Ctrl+C, and reads the screen, while the program runs
 * as it would on a terminal (its own reader thread, line editor, commands and Ctrl+C handling).
 *
 * ```kotlin
 * VirtualConsole.open().use { vc ->
 *     vc.launch { myRepl(vc.console).run() }   // the program, on the kit's threads
 *     vc.awaitPrompt("> ")
 *     vc.type("wait 60\r")
 *     vc.pressCtrlC()                          // cancels only that command
 *     vc.awaitPrompt("> ")
 * }
 * ```
 *
 * From Java, pass [blocking] to `BlockingRepl.builder` and run the program with [start].
 *
 * **Exits**: where the console would end the JVM (a third Ctrl+C on a command that ignores
 * cancellation, SIGTERM), it records the status in [exitStatuses] instead; the test goes on.
 *
 * **Waiting**: the program runs on other threads, so the screen changes a moment after a key is
 * typed. The `await` methods poll the screen until it shows what they wait for, and fail with an
 * [AssertionError] that shows the whole screen when [timeout][DEFAULT_TIMEOUT] passes. They block
 * the calling thread and use real time. **kotlinx-coroutines-test's virtual time does not reach
 * them, nor the console**: the console runs on its own threads and measures real time (the ESC
 * timeout, the Ctrl+C grace window), so `runTest` cannot skip a command's `delay` here. Call the
 * waits from a plain test, or from `runBlocking`; inside `runTest` they block its thread, so a
 * program started there with `launch` would never run: start it with [launch] or [start].
 *
 * **Closing** closes the console (commands are cancelled, readers get end of input, the terminal
 * is restored and closed), then waits for the programs started with [start] and [launch] to end;
 * one still running after [CLOSE_TIMEOUT] is interrupted or cancelled, and `close` throws an
 * [AssertionError] naming it. Nothing the kit starts outlives it.
 */
@OptIn(InternalCotermApi::class)
public class VirtualConsole private constructor(
    /** The terminal the console reads and writes: type into it, read its [VirtualTerminal.screen]. */
    public val terminal: VirtualTerminal,
    options: ConsoleOptions,
) : AutoCloseable {
    private val exits = CopyOnWriteArrayList<Int>()

    /** The console, for a Kotlin program (`Repl(vc.console)`). Closed by [close]. */
    public val console: Console = openConsole(terminal, options) { exits += it }

    /** The same console for a Java program (`BlockingRepl.builder(vc.getBlocking())`). Closed by [close]. */
    public val blocking: BlockingConsole by lazy { BlockingConsole(console).also { blockingOpened = it } }

    @Volatile private var blockingOpened: BlockingConsole? = null

    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("coterm-test-program"))
    private val threads = CopyOnWriteArrayList<Thread>()

    /** The statuses the console asked to exit with, in order; empty when it never asked. */
    public val exitStatuses: List<Int> get() = exits.toList()

    /** The terminal's screen. */
    public val screen: VirtualScreen get() = terminal.screen

    /** What the screen shows now. */
    public fun snapshot(): ScreenSnapshot = terminal.screen.snapshot()

    /** Types [text]; see [VirtualTerminal.type]. */
    public fun type(text: String) {
        terminal.type(text)
    }

    /** Presses [key]; see [VirtualTerminal.press]. */
    public fun press(key: KeyStroke) {
        terminal.press(key)
    }

    /** Presses [key] with no modifier; see [VirtualTerminal.press]. */
    public fun press(key: KeyCode) {
        terminal.press(key)
    }

    /** Presses Ctrl+C. */
    public fun pressCtrlC() {
        terminal.pressCtrlC()
    }

    /** Pastes [text] as one bracketed paste. */
    public fun paste(text: String) {
        terminal.paste(text)
    }

    /**
     * Runs [task], the program under test (a `BlockingRepl`'s `run`), on a thread of its own named
     * `coterm-test-`[name], and returns its result as a future. The thread is the kit's: [close]
     * waits for it.
     */
    public fun <T> start(name: String, task: Callable<T>): Future<T> {
        val future = CompletableFuture<T>()
        val thread = Thread({
            try {
                future.complete(task.call())
            } catch (e: Throwable) {
                future.completeExceptionally(e)
            }
        }, "coterm-test-$name")
        thread.isDaemon = true
        threads += thread
        thread.start()
        return future
    }

    /**
     * Runs [block], the program under test (a `Repl`'s `run`), as a coroutine on
     * [Dispatchers.Default] in a scope the kit owns: [close] waits for it.
     */
    public fun <T> launch(block: suspend CoroutineScope.() -> T): Deferred<T> = scope.async(block = block)

    /**
     * Waits for a fresh prompt: everything typed has been read, the screen has settled (see
     * [awaitSettled]), and the cursor is right after [prompt] on an otherwise empty row. Returns
     * that screen.
     *
     * @throws AssertionError with the screen, when [timeout] passes first.
     */
    @JvmOverloads
    public fun awaitPrompt(prompt: String, timeout: Duration = DEFAULT_TIMEOUT): ScreenSnapshot =
        await("a fresh prompt \"$prompt\"", timeout, settled = true) { it.cursorLine == prompt.trimEnd() && it.cursorColumn == prompt.length }

    /**
     * Waits for a row (scrollback included) that contains [text]; returns the first screen that
     * has one. It does not wait for anything typed to be read first: text on the screen already
     * counts. Rows are read with trailing blanks trimmed, so [text] should not end in a blank.
     *
     * @throws AssertionError with the screen, when [timeout] passes first.
     */
    @JvmOverloads
    public fun awaitRow(text: String, timeout: Duration = DEFAULT_TIMEOUT): ScreenSnapshot =
        await("a row containing \"$text\"", timeout, settled = false) { text in it }

    /**
     * Waits for the screen to settle: everything typed has been read, and nothing has been read
     * or written for [QUIET] since output last followed input (or for a second after input that
     * wrote nothing). Returns the settled screen.
     *
     * @throws AssertionError with the screen, when [timeout] passes first (a spinner never settles).
     */
    @JvmOverloads
    public fun awaitSettled(timeout: Duration = DEFAULT_TIMEOUT): ScreenSnapshot =
        await("the screen to settle", timeout, settled = true) { true }

    /**
     * Waits until [condition] holds for the screen; [description] names it in the failure.
     *
     * @throws AssertionError with the screen, when [timeout] passes first.
     */
    @JvmOverloads
    public fun awaitScreen(description: String, timeout: Duration = DEFAULT_TIMEOUT, condition: Predicate<ScreenSnapshot>): ScreenSnapshot =
        await(description, timeout, settled = false) { condition.test(it) }

    /** Fails with the screen unless a row (scrollback included) contains [text] now. */
    public fun assertRowContains(text: String) {
        val shot = snapshot()
        if (text !in shot) throw AssertionError("expected a row containing \"$text\"; the screen:\n${shot.render()}")
    }

    /** Fails with the screen if a row (scrollback included) contains [text] now. */
    public fun assertNoRowContains(text: String) {
        val shot = snapshot()
        if (text in shot) throw AssertionError("expected no row containing \"$text\"; the screen:\n${shot.render()}")
    }

    private fun await(what: String, timeout: Duration, settled: Boolean, condition: (ScreenSnapshot) -> Boolean): ScreenSnapshot {
        val deadline = System.nanoTime() + timeout.toNanos()
        while (true) {
            val shot = snapshot()
            if ((!settled || isSettled()) && condition(shot)) return shot
            if (System.nanoTime() - deadline > 0) {
                throw AssertionError("waited $timeout for $what; the screen:\n${shot.render()}")
            }
            Thread.sleep(POLL_MILLIS)
        }
    }

    private fun isSettled(): Boolean {
        if (terminal.hasUnreadInput) return false
        val now = System.nanoTime()
        val activity = terminal.activity
        val quiet = QUIET.toNanos()
        val answered = activity.lastWrite - activity.lastRead >= 0
        return if (answered) {
            now - maxOf(activity.lastRead, activity.lastWrite) >= quiet
        } else {
            now - activity.lastRead >= UNANSWERED.toNanos()
        }
    }

    /**
     * Closes the console, then waits for the programs started with [start] and [launch].
     *
     * @throws AssertionError when a program was still running [CLOSE_TIMEOUT] after the console closed.
     */
    override fun close() {
        try {
            // The blocking face has coroutines of its own: closing it cancels them, then closes the console.
            (blockingOpened ?: console).close()
        } finally {
            val stuck = ArrayList<String>()
            for (thread in threads) {
                thread.join(CLOSE_TIMEOUT.toMillis())
                if (thread.isAlive) {
                    stuck += thread.name
                    thread.interrupt()
                    thread.join(CLOSE_TIMEOUT.toMillis())
                }
            }
            runBlocking {
                val job = scope.coroutineContext[kotlinx.coroutines.Job]!!
                if (withTimeoutOrNull(CLOSE_TIMEOUT.toMillis()) { job.children.forEach { it.join() } } == null) {
                    stuck += job.children.filter { it.isActive }.map { "a coroutine started with launch" }
                }
                job.cancelAndJoin()
            }
            if (stuck.isNotEmpty()) throw AssertionError("still running ${CLOSE_TIMEOUT.toMillis()} ms after the console closed: ${stuck.joinToString()}")
        }
    }

    /** Opening a console on a virtual terminal, and the waits' timings. */
    public companion object {
        /** How long the `await` methods wait when not told: 5 seconds. */
        @JvmField
        public val DEFAULT_TIMEOUT: Duration = Duration.ofSeconds(5)

        /** How long the screen must stay unchanged, with no input unread, to count as settled: 100 ms. */
        @JvmField
        public val QUIET: Duration = Duration.ofMillis(100)

        /** How long [close] waits for each program started with [start] or [launch]: 5 seconds. */
        @JvmField
        public val CLOSE_TIMEOUT: Duration = Duration.ofSeconds(5)

        private val UNANSWERED = Duration.ofSeconds(1)
        private const val POLL_MILLIS = 10L

        /**
         * Opens a console on a new [VirtualTerminal] of [columns] by [rows], with [options] (a
         * history file, colour), in raw mode as on an interactive terminal. Close it (`use`,
         * try-with-resources) to end its threads.
         */
        @JvmStatic
        @JvmOverloads
        public fun open(columns: Int = 80, rows: Int = 24, options: ConsoleOptions = ConsoleOptions()): VirtualConsole =
            VirtualConsole(VirtualTerminal(columns, rows), options)
    }
}
