// SPDX-License-Identifier: Apache-2.0
package coterm.app;

import coterm.blocking.BlockingConsole;
import coterm.input.InputEvent;
import coterm.input.KeyCode;
import coterm.input.Modifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The key listener written in Java against the blocking API only ({@code ./coterm java-keys}):
 * the command's thread reads keys into a queue, a printer thread prints once a second the keys
 * pressed in that second. Ctrl+C interrupts the reading thread (the blocking API's one way of
 * telling a task to stop: {@link InterruptedException}), which stops the printer, and the
 * program ends with status 0.
 *
 * <p>The printer waits for a key before it starts timing a second, so an idle listener does not
 * wake up once a second.
 */
final class JavaKeys {
    private JavaKeys() {
    }

    static int run(BlockingConsole console) throws InterruptedException {
        console.println("Press keys; Ctrl+C ends.");
        console.call("keys", () -> {
            BlockingQueue<String> pressed = new LinkedBlockingQueue<>();
            long start = System.nanoTime();
            Thread printer = new Thread(() -> {
                try {
                    while (true) {
                        String first = pressed.take();
                        long elapsed = (System.nanoTime() - start) / 1_000_000;
                        Thread.sleep(1_000 - elapsed % 1_000);
                        List<String> keys = new ArrayList<>(List.of(first));
                        pressed.drainTo(keys);
                        console.println("In the last second you pressed: " + String.join(" ", keys));
                    }
                } catch (InterruptedException e) {
                    // Told to stop.
                }
            }, "java-keys-printer");
            printer.setDaemon(true);
            printer.start();
            try {
                while (true) {
                    InputEvent event = console.readKey(); // Ctrl+C interrupts this thread: InterruptedException
                    if (event instanceof InputEvent.EndOfInput) break;
                    String name = describe(event);
                    if (name != null) pressed.add(name);
                }
            } catch (InterruptedException e) {
                // Ctrl+C: the command is over.
            } finally {
                printer.interrupt();
                printer.join();
            }
            return null;
        });
        return 0;
    }

    /** A short name for a key, or null for events that are not key presses. */
    static String describe(InputEvent event) {
        if (event instanceof InputEvent.Key) {
            InputEvent.Key key = (InputEvent.Key) event;
            Modifiers modifiers = key.getModifiers();
            String base;
            if (key.getKey() instanceof KeyCode.Char) {
                int codePoint = ((KeyCode.Char) key.getKey()).getCodePoint();
                base = codePoint == ' ' ? "Space" : new String(Character.toChars(modifiers.hasCtrl() ? Character.toUpperCase(codePoint) : codePoint));
            } else if (key.getKey() instanceof KeyCode.Function) {
                base = "F" + ((KeyCode.Function) key.getKey()).getNumber();
            } else {
                base = key.getKey().toString();
            }
            return modifiers.isEmpty() ? base : modifiers + "+" + base;
        }
        if (event instanceof InputEvent.Paste) return "Paste(" + ((InputEvent.Paste) event).getText().length() + " chars)";
        if (event instanceof InputEvent.Unknown) return "Unknown" + event.getRaw();
        return null;
    }
}
