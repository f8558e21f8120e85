// SPDX-License-Identifier: Apache-2.0
package coterm.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coterm.console.LineOptions;
import coterm.editor.Candidate;
import coterm.input.InputEvent;
import coterm.input.KeyCode;
import coterm.testing.TestConsole;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking console used as a Java program would, over a fake terminal. */
@Timeout(20)
class BlockingConsoleTest {
    private TestConsole test;
    private BlockingConsole console;

    @BeforeEach
    void open() {
        test = TestConsole.open();
        console = test.console();
    }

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void tabCompletesThroughABlockingCompleter() throws Exception {
        LineOptions options = BlockingCompleter.options(request ->
            request.getWordIndex() == 0 ? List.of(new Candidate("history"), new Candidate("help")) : List.of());
        test.type("his\t");
        test.type("\r");
        assertEquals("history ", console.readLine("# ", options));
        assertEquals(List.of("history "), console.history());
    }

    @Test
    void ctrlCInterruptsTheCompletersThreadAndKeepsTheLine() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        LineOptions options = BlockingCompleter.options(request -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return List.of();
        });
        CompletableFuture<String> line = console.readLineAsync("# ", options);
        test.type("ab\t");
        assertTrue(started.await(10, TimeUnit.SECONDS));
        test.type("\u0003");
        assertTrue(interrupted.await(10, TimeUnit.SECONDS));
        test.type("c\r");
        assertEquals("abc", line.get(10, TimeUnit.SECONDS));
    }

    @Test
    void readLineReturnsTheTypedLine() throws Exception {
        test.type("hello\r");
        assertEquals("hello", console.readLine("# "));
    }

    @Test
    void ctrlCAtThePromptThrowsWithTheDiscardedText() throws Exception {
        test.type("half\u0003");
        UserInterruptException e = assertThrows(UserInterruptException.class, () -> console.readLine("# "));
        assertEquals("half", e.getPartialLine());
        assertTrue(test.output().contains("# half^C"), test.output());
        // The console goes on: the next read gets the next line.
        test.type("next\r");
        assertEquals("next", console.readLine("# "));
    }

    @Test
    void killIntAtThePromptIsLikeCtrlC() throws Exception {
        CompletableFuture<String> line = console.readLineAsync("# ");
        test.type("abc");
        awaitOutput("# abc");
        test.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> line.get(5, TimeUnit.SECONDS));
        assertInstanceOf(UserInterruptException.class, e.getCause());
        assertEquals("abc", ((UserInterruptException) e.getCause()).getPartialLine());
    }

    @Test
    void anInterruptedReadLineThrowsInterruptedException() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                console.readLine("# ");
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        reader.start();
        awaitOutput("# ");
        reader.interrupt();
        reader.join(10_000);
        assertFalse(reader.isAlive(), "readLine returned");
        // Not UserInterruptException: that one means Ctrl+C only.
        assertInstanceOf(InterruptedException.class, thrown.get());
    }

    @Test
    void endOfInputIsNull() throws Exception {
        test.type("\u0004"); // Ctrl+D on an empty line
        assertNull(console.readLine("# "));
    }

    @Test
    void readKeyReturnsKeysAndNullOnTimeout() throws InterruptedException {
        assertNull(console.readKey(50, TimeUnit.MILLISECONDS));
        test.type("x");
        InputEvent event = console.readKey();
        InputEvent.Key key = assertInstanceOf(InputEvent.Key.class, event);
        assertEquals(new KeyCode.Char('x'), key.getKey());
    }

    @Test
    void callReturnsTheValue() throws Exception {
        CommandResult<Integer> result = console.call("answer", () -> 42);
        assertSame(CommandResult.Status.COMPLETED, result.getStatus());
        assertEquals(42, result.getValue());
        assertNull(result.getError());
    }

    @Test
    void aThrowingTaskFailsWithItsException() throws Exception {
        CommandResult<Object> result = console.call("broken", () -> {
            throw new IOException("disk on fire");
        });
        assertSame(CommandResult.Status.FAILED, result.getStatus());
        assertInstanceOf(IOException.class, result.getError());
        assertNull(result.getValue());
    }

    @Test
    void ctrlCInterruptsABlockingSleep() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawInterrupt = new CountDownLatch(1);
        ctrlCOnceStarted(started);
        long start = System.nanoTime();
        CommandResult<Void> result = console.run("sleep", () -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                sawInterrupt.countDown();
            }
        });
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertSame(CommandResult.Status.INTERRUPTED, result.getStatus());
        assertTrue(result.isInterrupted());
        assertEquals(0, sawInterrupt.getCount(), "the sleeping thread was interrupted");
        assertTrue(millis < 10_000, "came back after " + millis + " ms");
        assertTrue(test.exits().isEmpty(), "no exit: " + test.exits());
        // The console still works.
        test.type("after\r");
        assertEquals("after", console.readLine("# "));
    }

    @Test
    void ctrlCInterruptsTheTaskOnceSoItsCleanupMayBlock() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        ctrlCOnceStarted(started);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicReference<String> cleanupInterrupted = new AtomicReference<>("no");
        CommandResult<Void> result = console.run("sleep", () -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                // Cleanup that blocks, as closing a connection does: one Ctrl+C is one interrupt.
                try {
                    Thread.sleep(300);
                    cleanedUp.set(true);
                } catch (InterruptedException again) {
                    cleanupInterrupted.set("yes");
                }
            }
        });
        assertSame(CommandResult.Status.INTERRUPTED, result.getStatus());
        assertEquals("no", cleanupInterrupted.get(), "the cleanup was interrupted a second time");
        assertTrue(cleanedUp.get(), "the cleanup ran to its end");
    }

    @Test
    void cancellingTheFutureInterruptsTheWorkerThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<String> future = console.callAsync("wait", () -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
                return "slept";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(future.cancel(true));
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the worker thread was interrupted");
        // Cancelled once the task has ended: join waits for that.
        assertThrows(CancellationException.class, future::join);
        assertTrue(future.isCancelled());
        // The console is free for the next command.
        assertEquals("next", console.call("next", () -> "next").getValue());
    }

    @Test
    void ctrlCCancelsTheFutureOfACommand() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> future = console.callAsync("wait", () -> {
            started.countDown();
            Thread.sleep(30_000);
            return "slept";
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        test.type("\u0003");
        assertThrows(CancellationException.class, () -> future.get(5, TimeUnit.SECONDS));
        assertTrue(future.isCancelled());
    }

    /**
     * A task that sleeps until interrupted, then spends a while in its cleanup: until
     * {@code release} is counted down (at most 10 s).
     */
    private static final class SlowCleanup {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch cleaning = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean cleanedUp = new AtomicBoolean();

        String run() {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                cleaning.countDown();
                awaitUninterruptibly(release);
                cleanedUp.set(true);
                return "cleaned up";
            }
        }
    }

    /** Types Ctrl+C from another thread 200 ms after {@code started} is counted down. */
    private void ctrlCOnceStarted(CountDownLatch started) {
        new Thread(() -> {
            try {
                started.await();
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            test.type("\u0003");
        }).start();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latch.getCount() > 0 && System.nanoTime() < end) {
            try {
                latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // A cleanup that must finish: go on waiting.
            }
        }
    }

    /**
     * What a premature return would need to show itself: a moment after the task is known to be
     * in its cleanup. Correct code cannot return within it whatever the machine's load, since the
     * cleanup waits for the test.
     */
    private static final long PREMATURE_RETURN_WINDOW_MILLIS = 200;

    @Test
    void anInterruptedCallReturnsOnlyAfterTheTaskHasEnded() throws Exception {
        SlowCleanup task = new SlowCleanup();
        AtomicReference<CommandResult<String>> result = new AtomicReference<>();
        AtomicBoolean cleanedUpWhenReturned = new AtomicBoolean();
        AtomicBoolean interruptStatusKept = new AtomicBoolean();
        AtomicBoolean threwInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                result.set(console.call("work", task::run));
            } catch (InterruptedException e) {
                threwInterrupted.set(true);
            }
            cleanedUpWhenReturned.set(task.cleanedUp.get());
            interruptStatusKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue(task.started.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        assertTrue(task.cleaning.await(10, TimeUnit.SECONDS), "the task's thread was interrupted");
        Thread.sleep(PREMATURE_RETURN_WINDOW_MILLIS);
        task.release.countDown();
        caller.join(10_000);
        assertFalse(caller.isAlive(), "call returned");
        assertTrue(cleanedUpWhenReturned.get(), "call returned only after the task's cleanup");
        // A thread interrupt is InterruptedException, never a result: INTERRUPTED means Ctrl+C.
        assertTrue(threwInterrupted.get(), "call threw InterruptedException");
        assertNull(result.get());
        assertFalse(interruptStatusKept.get(), "the interrupt status is cleared, as by any method that throws InterruptedException");
        // The console is free for the next command.
        assertEquals("next", console.call("next", () -> "next").getValue());
    }

    @Test
    void aCancelledFutureCompletesOnlyAfterTheTaskHasEnded() throws Exception {
        SlowCleanup task = new SlowCleanup();
        CompletableFuture<String> future = console.callAsync("work", task::run);
        assertTrue(task.started.await(10, TimeUnit.SECONDS));
        assertTrue(future.cancel(true));
        assertTrue(task.cleaning.await(10, TimeUnit.SECONDS), "the worker thread was interrupted");
        assertFalse(future.isDone(), "done while the task is still in its cleanup");
        task.release.countDown();
        assertThrows(CancellationException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertTrue(task.cleanedUp.get());
        assertTrue(future.isCancelled());
        assertFalse(future.cancel(true), "cancelling a done future does nothing");
    }

    @Test
    void closingCompletesAFutureOnlyAfterItsTaskHasEnded() throws Exception {
        SlowCleanup task = new SlowCleanup();
        CompletableFuture<String> future = console.callAsync("work", task::run);
        assertTrue(task.started.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(test::close);
        closer.start();
        assertTrue(task.cleaning.await(10, TimeUnit.SECONDS), "closing interrupted the worker thread");
        // close() waits a bounded time for commands (Console.close), then returns without them.
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close returned");
        assertFalse(future.isDone(), "done while the task is still in its cleanup");
        task.release.countDown();
        assertThrows(CancellationException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertTrue(task.cleanedUp.get());
    }

    @Test
    void asyncValuesAndLines() throws Exception {
        assertEquals("v", console.callAsync("value", () -> "v").get(5, TimeUnit.SECONDS));
        CompletableFuture<String> line = console.readLineAsync("> ");
        test.type("typed\r");
        assertEquals("typed", line.get(5, TimeUnit.SECONDS));
    }

    @Test
    void printAboveAndPrintlnReachTheTerminal() throws Exception {
        console.printAbove("above");
        console.println("below");
        awaitOutput("above");
        awaitOutput("below");
    }

    private void awaitOutput(String text) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!test.output().contains(text)) {
            if (System.nanoTime() > end) throw new AssertionError("no \"" + text + "\" in " + test.output());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
