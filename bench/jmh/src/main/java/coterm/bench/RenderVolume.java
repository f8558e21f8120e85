// SPDX-License-Identifier: Apache-2.0
package coterm.bench;

import coterm.console.ConsoleWriter;
import coterm.terminal.RawMode;
import coterm.terminal.Terminal;
import coterm.terminal.SignalListener;
import coterm.terminal.TerminalSize;
import java.util.Arrays;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;

/**
 * What the console's writer costs for long lines, in bytes written and time, measured through
 * {@code ConsoleWriter}'s own calls ({@code beginLine}, {@code updateLine}, {@code endLine}), so
 * that it measures any renderer behind them the same way. A plain {@code main}, not JMH: the
 * numbers that matter are bytes (exact) and milliseconds for a whole burst.
 *
 * <ul>
 *   <li><b>typed burst</b>: {@code echo } and 100,000 {@code x} typed as one write, which the
 *       console reads in 4 KB batches and redraws once per batch, then Enter; on an 80x24
 *       terminal.</li>
 *   <li><b>appended key</b>: one character typed at the end of a line of 10,000 characters and
 *       of a line of 60, nanoseconds per key (the string the editor hands over is built before
 *       the clock starts).</li>
 * </ul>
 *
 * <pre>java -cp bench/jmh/target/benchmarks.jar coterm.bench.RenderVolume</pre>
 */
public final class RenderVolume {
    private static final int COLUMNS = 80;
    private static final int ROWS = 24;
    private static final int BATCH = 4096;
    private static final String PROMPT = "# ";

    private RenderVolume() {
    }

    public static void main(String[] args) {
        int typed = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String line = "echo " + "x".repeat(typed);
        System.out.printf("java %s, %s%n", System.getProperty("java.version"), String.join(" ",
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));

        // Enough rounds to get past the JIT's warm-up: with 20, the minimum was still compiling code.
        int warmUp = 100;
        long[] burst = new long[200];
        long bytes = 0;
        for (int round = 0; round < warmUp + burst.length; round++) {
            CountingTerminal terminal = new CountingTerminal();
            long start = System.nanoTime();
            typedBurst(terminal, line);
            long took = System.nanoTime() - start;
            if (round >= warmUp) burst[round - warmUp] = took;
            bytes = terminal.bytes;
        }
        Arrays.sort(burst);
        System.out.printf("typed burst: %,d characters in %d-byte batches on %dx%d: %,d bytes written (%.2fx), %.2f ms median, %.2f ms min%n",
            line.length(), BATCH, COLUMNS, ROWS, bytes, bytes / (double) (line.length() + PROMPT.length() + 2),
            burst[burst.length / 2] / 1e6, burst[0] / 1e6);

        for (int length : new int[] {60, 10_000}) {
            double perKey = appendedKey(length);
            System.out.printf("appended key at the end of a %,d-character line: %.0f ns per key%n", length, perKey);
        }
    }

    /**
     * The burst: one redraw per 4 KB batch, as the console does, then Enter. Each redraw is told
     * that the text before the batch is unchanged, as the line editor tells it.
     */
    private static void typedBurst(CountingTerminal terminal, String line) {
        ConsoleWriter writer = new ConsoleWriter(terminal, true, ignore());
        writer.beginLine(PROMPT, ". ");
        for (int end = Math.min(BATCH, line.length()), drawn = 0; ; drawn = end, end = Math.min(end + BATCH, line.length())) {
            writer.updateLine(line.substring(0, end), end, null, drawn, null, null);
            if (end == line.length()) break;
        }
        writer.endLine(line, "", line.length(), null);
    }

    /** Nanoseconds per key typed at the end of a line of [length] characters, after a warm-up. */
    private static double appendedKey(int length) {
        int keys = 2_000;
        String full = "y".repeat(length + keys);
        String[] states = new String[keys];
        for (int i = 0; i < keys; i++) states[i] = full.substring(0, length + i + 1);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            CountingTerminal terminal = new CountingTerminal();
            ConsoleWriter writer = new ConsoleWriter(terminal, true, ignore());
            writer.beginLine(PROMPT, ". ");
            writer.updateLine(full.substring(0, length), length, null, 0, null, null);
            long start = System.nanoTime();
            for (String state : states) writer.updateLine(state, state.length(), null, state.length() - 1, null, null);
            long took = System.nanoTime() - start;
            if (round >= 10) best = Math.min(best, took);
            writer.endLine(states[keys - 1], "", 0, null);
        }
        return best / (double) keys;
    }

    private static Function1<Throwable, Unit> ignore() {
        return e -> Unit.INSTANCE;
    }

    /** A terminal of 80x24 that counts what is written and keeps nothing. */
    private static final class CountingTerminal implements Terminal {
        long bytes;

        @Override public boolean isInteractive() { return true; }
        @Override public boolean isOutputTerminal() { return true; }
        @Override public RawMode enterRawMode() {
            return new RawMode() {
                @Override public void pause() { }
                @Override public void resume() { }
                @Override public void close() { }
            };
        }
        @Override public TerminalSize size() { return new TerminalSize(COLUMNS, ROWS); }
        @Override public int read(byte[] buffer, long timeoutMillis) { return -1; }
        @Override public void wake() { }
        @Override public void write(byte[] data, int offset, int length) { bytes += length; }
        @Override public void flush() { }
        @Override public AutoCloseable onSignal(SignalListener listener) { return () -> { }; }
        @Override public boolean suspendProcess() { return false; }
        @Override public boolean getCanSuspend() { return false; }
        @Override public void close() { }
    }
}
