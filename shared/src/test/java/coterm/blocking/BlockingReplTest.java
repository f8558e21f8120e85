// SPDX-License-Identifier: Apache-2.0
package coterm.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coterm.history.HistoryOptions;
import coterm.testing.TestConsole;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java REPL builder, used as a Java program would, over a fake terminal. */
@Timeout(20)
class BlockingReplTest {
    private TestConsole test;
    private final CountDownLatch sleeping = new CountDownLatch(1);
    /** The thread of the command that counted {@link #sleeping} down. */
    private volatile Thread sleeper;
    private final CountDownLatch interrupted = new CountDownLatch(1);

    @BeforeEach
    void open() {
        test = TestConsole.open();
    }

    @AfterEach
    void close() {
        test.close();
    }

    private CompletableFuture<Integer> start() {
        BlockingRepl repl = BlockingRepl.builder(test.console())
            .prompt("# ")
            .command("echo", "echo TEXT: print TEXT", inv -> inv.println(inv.getArgumentText()))
            .command("words", "count the words", inv -> inv.println(String.valueOf(inv.getArguments().size())))
            .command("sleep", "sleep for a long time", inv -> {
                sleeper = Thread.currentThread();
                sleeping.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                inv.println("done");
            })
            .command("boom", "fail", inv -> {
                throw new IOException("disk on fire");
            })
            .command("exit", "exit with a status", inv -> inv.stop(Integer.parseInt(inv.getArguments().get(0))))
            .build();
        return runAsync(repl);
    }

    @Test
    void commandsHelpUnknownAndQuit() throws Exception {
        CompletableFuture<Integer> status = start();
        test.type("echo  hello   world\r");
        test.type("words a b  c\r");
        test.type("help\r");
        test.type("frob\r");
        test.type("quit\r");
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        String output = test.output();
        assertTrue(output.contains("hello   world"), output);
        assertTrue(lines(output, "3"), output);
        assertTrue(Pattern.compile("(?m)^Supported commands:").matcher(output).find(), output);
        assertTrue(Pattern.compile("(?m)^  echo +echo TEXT: print TEXT").matcher(output).find(), output);
        assertTrue(output.contains("unknown command: frob"), output);
    }

    /** Waits until the sleep command's thread is inside Thread.sleep, so the interrupt finds it there. */
    private void awaitInThreadSleep() throws InterruptedException {
        assertTrue(sleeping.await(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sleeper.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the sleep command's thread never slept: " + sleeper.getState());
            Thread.onSpinWait();
        }
    }

    @Test
    void ctrlCInterruptsOnlyTheSleepingCommand() throws Exception {
        CompletableFuture<Integer> status = start();
        test.type("sleep\r");
        awaitInThreadSleep();
        test.type("\u0003");
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "Thread.sleep was interrupted");
        test.type("echo after\r");
        test.type("quit\r");
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        String output = test.output();
        assertTrue(output.contains("after"), output);
        assertFalse(lines(output, "done"), output);
        assertTrue(test.exits().isEmpty(), "no exit: " + test.exits());
    }

    @Test
    void killIntInterruptsTheCommandToo() throws Exception {
        CompletableFuture<Integer> status = start();
        test.type("sleep\r");
        awaitInThreadSleep();
        test.interrupt();
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "Thread.sleep was interrupted");
        test.type("quit\r");
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptedRunReturnsOnlyAfterTheRunningCommandHasEnded() throws Exception {
        CountDownLatch cleaning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        BlockingRepl repl = BlockingRepl.builder(test.console())
            .command("work", "sleep, then clean up slowly", inv -> {
                sleeping.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    cleaning.countDown();
                    while (!release.await(10, TimeUnit.SECONDS)) {
                        // at most 10 s
                    }
                    cleanedUp.set(true);
                }
            })
            .build();
        AtomicInteger status = new AtomicInteger(-1);
        AtomicBoolean cleanedUpWhenReturned = new AtomicBoolean();
        AtomicBoolean interruptStatusKept = new AtomicBoolean();
        AtomicBoolean threwInterrupted = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            try {
                status.set(repl.run());
            } catch (InterruptedException e) {
                threwInterrupted.set(true);
            }
            cleanedUpWhenReturned.set(cleanedUp.get());
            interruptStatusKept.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        test.type("work\r");
        assertTrue(sleeping.await(10, TimeUnit.SECONDS));
        runner.interrupt();
        assertTrue(cleaning.await(10, TimeUnit.SECONDS), "the command's thread was interrupted");
        // A window for a premature return; correct code cannot return in it, the cleanup waits for us.
        Thread.sleep(200);
        release.countDown();
        runner.join(10_000);
        assertFalse(runner.isAlive(), "run returned");
        assertTrue(cleanedUpWhenReturned.get(), "run returned only after the command's cleanup");
        assertTrue(threwInterrupted.get(), "run threw InterruptedException");
        assertEquals(-1, status.get(), "no status: a thread interrupt is not an exit status");
        assertFalse(interruptStatusKept.get(), "the interrupt status is cleared, as by any method that throws InterruptedException");
    }

    @Test
    void aThrowingCommandIsReportedAndTheLoopGoesOn() throws Exception {
        CompletableFuture<Integer> status = start();
        test.type("boom\r");
        test.type("exit 3\r");
        assertEquals(3, status.get(10, TimeUnit.SECONDS));
        assertTrue(test.output().contains("error: boom: disk on fire"), test.output());
    }

    @Test
    void endOfInputEndsTheLoopWithZero() throws Exception {
        CompletableFuture<Integer> status = start();
        test.type("\u0004");
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<Integer> runAsync(BlockingRepl repl) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return repl.run();
            } catch (InterruptedException e) {
                throw new CompletionException(e);
            }
        });
    }

    @Test
    void theBuilderSetsTheHistory() throws Exception {
        BlockingRepl repl = BlockingRepl.builder(test.console())
            .history(HistoryOptions.disabled())
            .command("echo", "echo TEXT: print TEXT", inv -> inv.println(inv.getArgumentText()))
            .build();
        CompletableFuture<Integer> status = runAsync(repl);
        test.type("echo one\r");
        test.type("echo two\r");
        test.type("quit\r");
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        assertTrue(lines(test.output(), "two"), test.output());
        assertEquals(List.of(), test.console().history(), "a disabled history remembers nothing");
    }

    @Test
    void theBuilderSetsTheHistoryBeforeTheConsoleHasPromptedOnly() {
        // Listing the history opens it, with the console's options (in memory).
        assertEquals(List.of(), test.console().history());
        BlockingRepl.builder(test.console()).history(HistoryOptions.inMemory()).build(); // the same options: fine
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> BlockingRepl.builder(test.console()).history(HistoryOptions.disabled()).build());
        assertTrue(e.getMessage().contains("history"), e.getMessage());
    }

    private static boolean lines(String output, String line) {
        return Pattern.compile("(?m)^" + Pattern.quote(line) + "\r?$").matcher(output).find();
    }
}
