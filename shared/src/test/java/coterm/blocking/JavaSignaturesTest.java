// SPDX-License-Identifier: Apache-2.0
package coterm.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import coterm.console.ConsoleOptions;
import coterm.editor.Candidate;
import coterm.input.InputEvent;
import coterm.input.KeyCode;
import coterm.input.KeyStroke;
import coterm.input.Modifiers;
import coterm.input.RawBytes;
import coterm.terminal.SignalListener;
import java.util.List;
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
        // Options: the defaults, or a builder; no constructors with a prefix of the parameters.
        assertNotNull(new ConsoleOptions());
        ConsoleOptions options = ConsoleOptions.builder().escapeTimeoutMillis(50).interruptGraceMillis(500).color(false).build();
        assertEquals(500L, options.getInterruptGraceMillis());
        assertEquals(50L, options.toBuilder().build().getEscapeTimeoutMillis());
        assertNotNull(CommandResult.Status.valueOf("INTERRUPTED"));
        // Modifiers are a plain class: tested without strings, combined without allocating.
        Modifiers ctrlAlt = Modifiers.Ctrl.plus(Modifiers.Alt);
        assertTrue(ctrlAlt.hasCtrl() && ctrlAlt.hasAlt() && !ctrlAlt.hasShift() && !ctrlAlt.hasMeta());
        assertSame(ctrlAlt, Modifiers.of(6));
        InputEvent.Key key = new InputEvent.Key(new KeyCode.Char('x'), Modifiers.Ctrl, RawBytes.Companion.getEmpty());
        assertTrue(key.getModifiers().hasCtrl());
        assertEquals(new KeyStroke(KeyCode.Left.INSTANCE, Modifiers.Ctrl), KeyStroke.of(KeyCode.Left.INSTANCE, Modifiers.Ctrl));
        assertEquals(KeyStroke.ctrl('r'), new KeyStroke(new KeyCode.Char('r'), Modifiers.Ctrl));
        // Candidate.isComplete, not getComplete.
        assertFalse(new Candidate("dir/", null, false).isComplete());
        // A described candidate, and one in a group of the completion menu.
        assertEquals("list the commands", new Candidate("help", "list the commands").getDescription());
        assertEquals("builtins", new Candidate("cd", "change directory", true, "builtins").getGroup());
        // A signal listener is a lambda.
        SignalListener listener = signal -> { };
        assertNotNull(listener);
    }

    /** The REPL builder: a completer for a command's arguments, the empty-line Ctrl+C action. */
    static BlockingRepl repl(BlockingConsole console) {
        return new BlockingRepl.Builder(console)
            .command("open", "open FILE", request -> List.of(new Candidate("a.txt"), new Candidate("dir/", null, false)),
                inv -> inv.println("opening " + inv.getArgumentText()))
            .onEmptyInterrupt(() -> console.println("^C on an empty line"))
            .build();
    }

    /** A thread interrupt is InterruptedException, from run as from every blocking call. */
    static int runOrMinusOne(BlockingRepl repl) {
        try {
            return repl.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
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
