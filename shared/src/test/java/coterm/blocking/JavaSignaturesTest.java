// SPDX-License-Identifier: Apache-2.0
package coterm.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import coterm.console.ConsoleOptions;
import coterm.input.InputEvent;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Compiles only if the Java face of the API is right: static factories without `Companion`,
 * default arguments as overloads, checked exceptions declared where Java must catch them, and
 * functional interfaces that take lambdas throwing checked exceptions. Nothing here runs a
 * console; the methods below are compiled, not called.
 */
class JavaSignaturesTest {
    @Test
    void theApiIsPlainJava() {
        // Static factories, and open() with and without options.
        Supplier<BlockingConsole> open = BlockingConsole::open;
        Function<ConsoleOptions, BlockingConsole> openWith = BlockingConsole::open;
        Function<BlockingConsole, BlockingRepl.Builder> builder = BlockingRepl::builder;
        assertNotNull(open);
        assertNotNull(openWith);
        assertNotNull(builder);
        // A ReplAction may throw checked exceptions.
        ReplAction action = inv -> Thread.sleep(1);
        assertNotNull(action);
        assertNotNull(new ConsoleOptions(50L, 500L));
        assertNotNull(CommandResult.Status.valueOf("INTERRUPTED"));
        // A plain static constant for the status of an interrupted BlockingRepl.run.
        assertEquals(130, BlockingRepl.INTERRUPTED_STATUS);
    }

    /** readKey declares InterruptedException: catching it would not compile otherwise. */
    static InputEvent readKeyOrNull(BlockingConsole console) {
        try {
            InputEvent first = console.readKey(10, TimeUnit.MILLISECONDS);
            return first != null ? first : console.readKey();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** readLine declares the (unchecked) UserInterruptException and returns null at end of input. */
    static String readLineOrEmpty(BlockingConsole console) {
        try {
            String line = console.readLine("> ");
            return line == null ? "" : line;
        } catch (UserInterruptException e) {
            return e.getPartialLine();
        }
    }

    /** Runnable, Callable and the futures; statuses and values without casts. */
    static void commands(BlockingConsole console) throws Exception {
        CommandResult<Void> ran = console.run("r", () -> { });
        CommandResult<String> called = console.call("c", () -> "value");
        Callable<Integer> task = () -> {
            Thread.sleep(1);
            return 1;
        };
        CommandResult<Integer> sleeping = console.call("s", task);
        CompletableFuture<Integer> later = console.callAsync("a", task);
        CompletableFuture<String> line = console.readLineAsync("> ");
        if (ran.getStatus() == CommandResult.Status.COMPLETED && called.isCompleted()) {
            String value = called.getValue();
            Throwable error = sleeping.getError();
            console.println(value + error + later.get() + line.get());
        }
        console.printAbove("above");
        console.println();
        console.close();
    }
}
