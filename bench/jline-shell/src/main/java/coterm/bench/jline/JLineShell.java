// SPDX-License-Identifier: Apache-2.0
package coterm.bench.jline;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The reference for the pseudo-terminal bench: the demo shell's command protocol (prompt {@code "# "},
 * {@code echo TEXT}, {@code sleep N}, {@code quit}) written the usual JLine 3 way, with the JNI terminal
 * provider. Bench code only: it is never a dependency of coterm.
 *
 * <p>Ctrl+C at the prompt: {@code readLine} throws {@link UserInterruptException}, and the loop prompts
 * again. Ctrl+C during {@code sleep}: JLine gives the terminal back in its normal mode while a command
 * runs, so the key raises SIGINT; the handler registered with {@link Terminal#handle} interrupts the
 * thread running the command (JLine's default would leave the JVM's handler in charge, which exits).
 */
public final class JLineShell {
    private JLineShell() {
    }

    public static void main(String[] args) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).provider("jni").build();
        if (System.getenv("COTERM_BENCH_DEBUG") != null) {
            System.err.println("jline terminal: " + terminal.getClass().getName());
        }
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
        PrintWriter out = terminal.writer();
        AtomicReference<Thread> running = new AtomicReference<>();
        // A Ctrl+C typed right after Enter, before the command has started, is aimed at it (as in
        // coterm): remembered here and delivered when the command starts.
        AtomicBoolean pending = new AtomicBoolean();
        terminal.handle(Terminal.Signal.INT, signal -> {
            Thread command = running.get();
            if (command != null) command.interrupt();
            else pending.set(true);
        });
        while (true) {
            String line;
            try {
                pending.set(false);
                line = reader.readLine("# ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String trimmed = line.trim();
            int space = trimmed.indexOf(' ');
            String name = space < 0 ? trimmed : trimmed.substring(0, space);
            String rest = space < 0 ? "" : trimmed.substring(space + 1);
            switch (name) {
                case "" -> { }
                case "quit" -> {
                    terminal.close();
                    return;
                }
                case "echo" -> {
                    out.println(rest);
                    out.flush();
                }
                case "sleep" -> {
                    running.set(Thread.currentThread());
                    if (pending.getAndSet(false)) Thread.currentThread().interrupt();
                    try {
                        Thread.sleep((long) (Double.parseDouble(rest) * 1000));
                        out.println("done");
                    } catch (InterruptedException e) {
                        // Cancelled by Ctrl+C: back to the prompt.
                    } catch (NumberFormatException e) {
                        out.println("usage: sleep SECONDS");
                    } finally {
                        running.set(null);
                        Thread.interrupted();
                    }
                    out.flush();
                }
                default -> {
                    out.println("unknown command: " + name);
                    out.flush();
                }
            }
        }
        terminal.close();
    }
}
