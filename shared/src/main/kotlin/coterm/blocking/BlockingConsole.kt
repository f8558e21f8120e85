// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.console.CommandOutcome
import coterm.console.Console
import coterm.console.ConsoleOptions
import coterm.console.LineOptions
import coterm.console.LineResult
import coterm.input.InputEvent
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * A [Console] for Java: every method blocks the calling thread (or returns a
 * [CompletableFuture]) instead of suspending, and nothing needs Kotlin to call.
 *
 * ```java
 * try (BlockingConsole console = BlockingConsole.open()) {
 *     while (true) {
 *         String line;
 *         try {
 *             line = console.readLine("# ");         // Ctrl+C here: UserInterruptException
 *         } catch (UserInterruptException e) {
 *             continue;
 *         }
 *         if (line == null) break;                   // end of input
 *         console.call("work", () -> { Thread.sleep(10_000); return null; }); // Ctrl+C interrupts it
 *     }
 * }
 * ```
 *
 * **Ctrl+C and interrupts**, the one convention of the blocking API:
 *
 * | what happened                                  | what the caller sees                                           |
 * |------------------------------------------------|----------------------------------------------------------------|
 * | Ctrl+C (or `kill -INT`) at a prompt            | [readLine] throws [UserInterruptException] (unchecked) with the discarded text; a future completes with it |
 * | Ctrl+C during [run], [call], a REPL command    | the task's thread is interrupted ([Thread.interrupt]) once; the call returns [CommandResult.Status.INTERRUPTED], a future is cancelled |
 * | the calling thread is interrupted              | the method throws [InterruptedException] (checked, interrupt status cleared), once what it started has ended |
 *
 * So [InterruptedException] always means "this thread was interrupted", never a key: inside a
 * task it is how Ctrl+C arrives (the task's thread is interrupted), and on the caller's thread
 * it is somebody's [Thread.interrupt]. [UserInterruptException] only ever means Ctrl+C at a
 * prompt, and [CommandResult.Status.INTERRUPTED] only Ctrl+C (or SIGINT) during a command.
 * Behind it all is DESIGN §1.1: a second press while a task ignores its interrupt prints a
 * notice, a third restores the terminal and exits with status 130.
 *
 * **Threads**: [run] and [call] run the task on a worker thread (from the coroutine IO pool)
 * and block the caller until it has finished, whichever way. The
 * read methods serve one caller at a time; [printAbove] and [println] may be called from any
 * thread at any moment, and print above the prompt without tearing the line being typed.
 *
 * **Nothing outlives the call that started it** (kotlinx's rule for coroutine scopes): a blocking
 * method returns, or throws, only once what it started has ended, also when the calling thread
 * is interrupted; a future completes only once its task has ended, also when it is cancelled.
 *
 * **End of input** (Ctrl+D on an empty line, stdin closed) is `null` from [readLine], as from
 * `BufferedReader.readLine`, and `InputEvent.EndOfInput` from [readKey].
 *
 * **Compared with JLine**: `readLine` throws the same unchecked `UserInterruptException` on
 * Ctrl+C, but returns null at end of input where JLine throws `EndOfFileException`; and Ctrl+C
 * during a command interrupts only that command instead of killing the program.
 */
public class BlockingConsole(
    /** The Kotlin console underneath; every call goes through it. */
    @get:JvmSynthetic
    internal val console: Console,
) : AutoCloseable {
    /** Parent of the coroutines behind the futures; cancelled by [close]. */
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("coterm-blocking"))

    /** True when input is a terminal in raw mode and the line editor draws on it. */
    public val isInteractive: Boolean get() = console.isInteractive

    /**
     * Reads one line with the line editor, showing [prompt].
     *
     * @return the line without its terminator, or null at end of input (Ctrl+D on an empty
     *   line, or standard input closed), like `BufferedReader.readLine`.
     * @throws UserInterruptException when Ctrl+C (or SIGINT) discards the line; the next call
     *   prompts afresh.
     * @throws InterruptedException when the calling thread is interrupted; the prompt is gone.
     * @throws IllegalStateException when the console is closed.
     */
    @Throws(UserInterruptException::class, InterruptedException::class)
    public fun readLine(prompt: String): String? = readLine(prompt, LineOptions.Default)

    /**
     * Reads one line like [readLine(prompt)][readLine] with [options]: completion (see
     * [BlockingCompleter.options]), multi-line input, whether the line goes into the history.
     */
    @Throws(UserInterruptException::class, InterruptedException::class)
    public fun readLine(prompt: String, options: LineOptions): String? =
        runToEnd { console.readLineResult(prompt, options) }.lineOrThrow()

    /**
     * Reads one line like [readLine] without blocking: the future completes with the line, with
     * null at end of input, or exceptionally with [UserInterruptException] on Ctrl+C.
     * `cancel(true)` takes the prompt away.
     */
    @JvmOverloads
    public fun readLineAsync(prompt: String, options: LineOptions = LineOptions.Default): CompletableFuture<String?> =
        scope.future { console.readLineResult(prompt, options).lineOrThrow() }

    /** The lines in the history, oldest first (see [Console.history]). */
    public fun history(): List<String> = console.history()

    /**
     * Runs [command] as a child process with the terminal, waits for it and returns its exit
     * status; Ctrl+C goes to the child (see [Console.runProcess]).
     *
     * @throws java.io.IOException when the program cannot be started.
     * @throws InterruptedException when the calling thread is interrupted: the child has been
     *   destroyed and the terminal taken back by then.
     */
    @Throws(java.io.IOException::class, InterruptedException::class)
    public fun runProcess(command: List<String>): Int = runToEnd { console.runProcess(command) }

    /** Shows [text] as the status line, or removes it when null (see [Console.setStatus]). */
    public fun setStatus(text: String?) {
        console.setStatus(text)
    }

    /** Routes `System.out` and `System.err` above the prompt until closed (see [Console.captureSystemStreams]). */
    public fun captureSystemStreams(): AutoCloseable = console.captureSystemStreams()

    /**
     * Waits for the next input event: for programs that read keys themselves. Test its type with
     * `instanceof` (`InputEvent.Key`, `InputEvent.Paste`, ...). Inside [run] or [call], Ctrl+C
     * interrupts the task instead of arriving here; outside, it arrives as a key.
     *
     * @return the event; `InputEvent.EndOfInput` (again and again) once input has ended.
     * @throws InterruptedException when the calling thread is interrupted, as by Ctrl+C when
     *   this is called from a task of [run] or [call].
     */
    @Throws(InterruptedException::class)
    public fun readKey(): InputEvent = runToEnd { console.readEvent() }

    /**
     * Waits at most [timeout] in [unit] for the next input event, like [readKey].
     *
     * @return the event, or null if none came in time.
     * @throws InterruptedException when the calling thread is interrupted.
     */
    @Throws(InterruptedException::class)
    public fun readKey(timeout: Long, unit: TimeUnit): InputEvent? =
        runToEnd { withTimeoutOrNull(unit.toMillis(timeout)) { console.readEvent() } }

    /**
     * Prints [text] as whole lines; while a line is being edited it appears above the prompt,
     * which is redrawn with the half-typed line intact. Safe from any thread.
     */
    public fun printAbove(text: String) {
        console.printAbove(text)
    }

    /** Prints [text] and a newline; the same as [printAbove]. */
    public fun println(text: String) {
        console.println(text)
    }

    /** Prints an empty line. */
    public fun println() {
        console.println()
    }

    /**
     * Runs [task] as the foreground command on a worker thread and waits until it has finished.
     * Ctrl+C interrupts that thread; see [CommandResult] for how it ended. Never throws what the
     * task threw.
     *
     * @throws InterruptedException when the calling thread is interrupted (see [call]).
     * @throws IllegalStateException when the console is closed.
     */
    @Throws(InterruptedException::class)
    public fun run(name: String, task: Runnable): CommandResult<Void?> = call(name) {
        task.run()
        null
    }

    /**
     * Runs [task] as the foreground command on a worker thread and waits until it has finished:
     * [CommandResult.getValue] is what it returned. Ctrl+C interrupts the worker thread; a
     * task stuck in code that ignores interrupts gets the 2nd-press notice and the 3rd-press
     * exit (status 130).
     *
     * If the calling thread is interrupted, the task is cancelled (its worker thread interrupted)
     * and this throws [InterruptedException] only once it has ended. While it waits, the task is
     * still the foreground command, so Ctrl+C still reaches it. If the task ended some other way
     * before the interrupt stopped it, that is returned, with the interrupt status set again.
     *
     * @throws InterruptedException when the calling thread is interrupted.
     * @throws IllegalStateException when the console is closed.
     */
    @Throws(InterruptedException::class)
    public fun <T> call(name: String, task: Callable<T>): CommandResult<T> =
        runToEnd { console.runCommand(name) { runTask(task) } }.toCommandResult()

    /**
     * Runs [task] like [call] without blocking: the future completes with the task's value,
     * exceptionally with its error, or is cancelled when Ctrl+C stops it, and in every case only
     * once the task has ended. `cancel(true)` (or `cancel(false)`) on the future cancels the
     * command and interrupts the worker thread, and returns true; the future is then cancelled
     * once the task has ended, so `join()` or `get()` after `cancel` wait for its `finally`
     * blocks. **Compared with `FutureTask` and a plain `CompletableFuture`**, whose `cancel`
     * completes the future at once while the task may still be running: here `isDone()` stays
     * false until the task has ended, so a caller never takes a task for finished while it still
     * holds what it was using. Completing the future from outside (`complete`, `orTimeout`)
     * completes it at once, as for any `CompletableFuture`, and cancels the task.
     *
     * On a closed console the future completes exceptionally at once.
     */
    public fun <T> callAsync(name: String, task: Callable<T>): CompletableFuture<T> {
        val future = CommandFuture<T>()
        val job = scope.launch(Dispatchers.Unconfined, CoroutineStart.LAZY) {
            try {
                when (val outcome = console.runCommand(name) { runTask(task) }) {
                    is CommandOutcome.Completed -> future.complete(outcome.value)
                    CommandOutcome.Interrupted -> future.completeExceptionally(CancellationException("$name: interrupted by Ctrl+C"))
                    is CommandOutcome.Failed -> future.completeExceptionally(outcome.error)
                }
            } catch (e: Throwable) {
                // Cancelled (close) with its task ended, or the console closed before it started.
                future.completeExceptionally(e)
            }
        }
        // After close() the coroutine is cancelled before its body runs.
        job.invokeOnCompletion { cause -> if (cause != null) future.completeExceptionally(cause) }
        future.bind(job)
        job.start()
        return future
    }

    /**
     * Cancels every command and pending future, stops the reader and restores the terminal
     * exactly as it was; see [Console.close], which waits up to half a second for the commands'
     * `finally` blocks. A task that ignores its interrupt for longer outlives the console; its
     * future completes when it ends. Idempotent.
     */
    override fun close() {
        scope.cancel()
        console.close()
    }

    public companion object {
        /**
         * Opens a console on the process's terminal (plain standard input and output when they
         * are not terminals), entering raw mode when both are terminals.
         */
        @JvmStatic
        @JvmOverloads
        public fun open(options: ConsoleOptions = ConsoleOptions()): BlockingConsole = BlockingConsole(Console.open(options))

        /** The line, null at end of input, or Ctrl+C as [UserInterruptException]. */
        private fun LineResult.lineOrThrow(): String? = when (this) {
            is LineResult.Line -> text
            is LineResult.Interrupted -> throw UserInterruptException(discarded)
            LineResult.EndOfInput -> null
        }
    }
}

/**
 * Runs blocking Java code on the IO pool, where a blocked thread starves nobody. It runs inside a
 * console command, whose [coterm.console.CommandThreads] interrupt the thread once when the
 * command is cancelled (Ctrl+C, its caller cancelled, the console closing). `runInterruptible`
 * interrupted it a second time, a moment later, so a task whose cleanup blocks (closing a
 * connection, waiting for a worker) was cut short in its `catch`. An [InterruptedException] that
 * ends a cancelled task is its cancellation.
 */
@JvmSynthetic
internal suspend fun <T> runTask(task: Callable<T>): T = withContext(Dispatchers.IO) {
    try {
        task.call()
    } catch (e: InterruptedException) {
        if (isActive) throw e
        throw CancellationException("the task ended on the interrupt of its cancellation").apply { initCause(e) }
    }
}
