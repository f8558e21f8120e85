// SPDX-License-Identifier: Apache-2.0
package coterm.bench.floor;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JVM floor of bench/probe.py's interactive measures: the demo shell's protocol in plain Java
 * (no Kotlin, no coroutines, no line editor), with JNA raw mode and {@code poll}; what any JVM
 * program that owns the terminal this way costs here. It answers with the same bytes as
 * bench/floor/shell-floor.c, whose comment gives the protocol, with one difference that is the
 * point of it: {@code sleep N} runs on a worker thread, and a Ctrl+C during it interrupts that
 * thread and joins it before writing "^C" and the prompt. That is the floor of "Ctrl+C during a
 * command": the command's thread must wake to end, and the reader must learn that it has.
 *
 * <p>Threading: the main thread reads, edits and writes; the worker only sleeps, then (unless
 * interrupted) writes "done" and wakes the main thread. Both write through {@link #write}, which
 * holds a lock.
 */
public final class JvmFloor {
    private static final int LIMIT = 1_000_000;
    private static final byte[] PROMPT = bytes("# ");
    private static final byte[] NEW_ROW = bytes("\r\n");
    private static final byte[] INTERRUPTED = bytes("^C\r\n# ");
    private static final byte[] CLEARED = bytes("\r\u001b[J# ");
    private static final byte[] RUB_OUT = bytes("\b \b");
    private static final byte[] NOTICE = bytes("\r\ncoterm: the line is limited to " + LIMIT + " characters; the rest was not inserted\r\n");

    private final RawTerminal terminal;
    private final FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private final Bytes out = new Bytes(1 << 16);
    private final Bytes line = new Bytes(1 << 10);
    /** How much of [line] is on the screen. */
    private int shown;
    private boolean inPaste;
    private boolean noticeShown;
    /** Bytes of a paste marker (ESC [ 2 0 0 ~ or ESC [ 2 0 1 ~) still to skip; reads may split it. */
    private int markerLeft;
    /** The running `sleep`, or null. */
    private Thread command;
    /** Typed while a command runs: handled after it, or discarded by the Ctrl+C that ends it. */
    private final Bytes pending = new Bytes(1 << 10);

    private JvmFloor(RawTerminal terminal) {
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        try (RawTerminal terminal = new RawTerminal()) {
            new JvmFloor(terminal).run();
        }
    }

    private void run() {
        out.add(PROMPT);
        flush();
        byte[] input = new byte[1 << 16];
        while (true) {
            int n = terminal.read(input);
            if (n < 0) return;
            boolean quit = n > 0 ? feed(input, n) : command != null && !command.isAlive() && endCommand();
            if (quit) return;
        }
    }

    /** Handles what one read brought; true for `quit`. */
    private boolean feed(byte[] input, int n) {
        for (int i = 0; i < n; i++) {
            byte c = input[i];
            if (command != null) {
                if (c == 3) {
                    cancelCommand();
                } else {
                    pending.add(c);
                }
            } else if (markerLeft > 0) {
                // The fifth byte of the marker says which: '0' starts a paste, '1' ends it.
                if (markerLeft == 2) inPaste = c == '0';
                markerLeft--;
            } else if (c == 0x1b) {
                markerLeft = 5;
            } else if (inPaste) {
                insert(c);
            } else if (c == 3) {
                showLine();
                out.add(INTERRUPTED);
                clearLine();
            } else if (c == '\r' || c == '\n') {
                showLine();
                out.add(NEW_ROW);
                if (runLine()) {
                    flush();
                    return true;
                }
            } else if (c == 0x15) {
                out.add(CLEARED);
                clearLine();
            } else if (c == 0x7f) {
                if (line.length > 0) {
                    if (shown == line.length) {
                        out.add(RUB_OUT);
                        shown--;
                    }
                    line.length--;
                }
            } else {
                insert(c);
            }
        }
        if (!inPaste && command == null) showLine();
        flush();
        return false;
    }

    private void insert(byte c) {
        if (line.length < LIMIT) {
            line.add(c);
        } else if (!noticeShown) {
            noticeShown = true;
            showLine();
            showNotice();
        }
    }

    /** Puts on the screen what the line has and the screen does not. */
    private void showLine() {
        out.add(line.bytes, shown, line.length - shown);
        shown = line.length;
    }

    /** The notice on a row of its own, then the rows of prompt and line that fit below it. */
    private void showNotice() {
        out.add(NOTICE);
        int[] size = terminal.size();
        int columns = size[0];
        int rows = size[1];
        int lastRow = (2 + line.length) / columns;
        int firstRow = Math.max(0, lastRow + 2 - rows);
        if (firstRow == 0) {
            out.add(PROMPT);
            out.add(line.bytes, 0, line.length);
        } else {
            int from = firstRow * columns - 2;
            out.add(line.bytes, from, line.length - from);
        }
    }

    private void clearLine() {
        line.length = 0;
        shown = 0;
        noticeShown = false;
    }

    /** Enter: the command in the line; true for `quit`. */
    private boolean runLine() {
        byte[] text = line.bytes;
        int length = line.length;
        if (startsWith("quit") && length == 4) return true;
        if (startsWith("echo ")) {
            out.add(text, 5, length - 5);
            out.add(NEW_ROW);
        } else if (startsWith("sleep ") && length < 40) {
            startSleep(new String(text, 6, length - 6, StandardCharsets.US_ASCII).trim());
            clearLine();
            return false;
        } else if (length > 0) {
            int name = 0;
            while (name < length && text[name] != ' ') name++;
            out.add(bytes("unknown command: "));
            out.add(text, 0, name);
            out.add(NEW_ROW);
        }
        clearLine();
        out.add(PROMPT);
        return false;
    }

    private boolean startsWith(String word) {
        if (line.length < word.length()) return false;
        for (int i = 0; i < word.length(); i++) if (line.bytes[i] != word.charAt(i)) return false;
        return true;
    }

    private void startSleep(String argument) {
        long millis;
        try {
            millis = (long) (Double.parseDouble(argument) * 1000);
        } catch (NumberFormatException e) {
            millis = 0;
        }
        long sleepMillis = millis;
        command = new Thread(() -> {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                // Cancelled by Ctrl+C: the main thread, which is joining this one, writes "^C".
                return;
            }
            byte[] done = bytes("done\r\n");
            write(done, done.length);
            terminal.wake();
        }, "floor-command");
        command.start();
    }

    /** Ctrl+C during a command: interrupts its thread and waits for it to end, then "^C" and the prompt. */
    private void cancelCommand() {
        command.interrupt();
        joinCommand();
        pending.length = 0;
        out.add(INTERRUPTED);
    }

    /** The command ended by itself: the prompt, then what was typed meanwhile; true for `quit`. */
    private boolean endCommand() {
        joinCommand();
        out.add(PROMPT);
        byte[] typed = Arrays.copyOf(pending.bytes, pending.length);
        pending.length = 0;
        return feed(typed, typed.length);
    }

    private void joinCommand() {
        boolean interrupted = false;
        while (true) {
            try {
                command.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        command = null;
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void flush() {
        if (out.length == 0) return;
        write(out.bytes, out.length);
        out.length = 0;
    }

    private void write(byte[] bytes, int length) {
        synchronized (stdout) {
            try {
                stdout.write(bytes, 0, length);
            } catch (IOException e) {
                // The terminal is gone: nothing to answer any more.
                terminal.close();
                System.exit(1);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growable byte array: what the floor writes, the line, the type-ahead. */
    private static final class Bytes {
        byte[] bytes;
        int length;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        void add(byte b) {
            if (length == bytes.length) bytes = Arrays.copyOf(bytes, bytes.length * 2);
            bytes[length++] = b;
        }

        void add(byte[] from) {
            add(from, 0, from.length);
        }

        void add(byte[] from, int offset, int count) {
            if (length + count > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            System.arraycopy(from, offset, bytes, length, count);
            length += count;
        }
    }
}
