// SPDX-License-Identifier: Apache-2.0
package coterm.app;

import coterm.blocking.BlockingConsole;
import coterm.blocking.BlockingRepl;
import coterm.blocking.ReplInvocation;
import coterm.console.VisibleText;

/**
 * The demo shell written in Java against the blocking API only ({@code ./coterm java-shell}):
 * the same commands and output as the Kotlin {@code DemoShell}. {@code help} and {@code quit}'s
 * twin come from {@link BlockingRepl}; Ctrl+C interrupts the thread running a command.
 */
final class JavaShell {
    private static final int MAX_SECONDS = 1_000_000;

    private JavaShell() {
    }

    /** Runs the shell with the settings' prompt until {@code quit} or end of input; returns the exit status. */
    static int run(BlockingConsole console, DemoSettings settings) throws InterruptedException {
        return BlockingRepl.builder(console)
            .prompt(settings.getPrompt())
            .command("echo", "echo TEXT: print TEXT", inv -> inv.println(VisibleText.of(inv.getArgumentText())))
            .command("sleep", "sleep N: wait N seconds (Ctrl+C cancels)", inv -> {
                Double seconds = secondsArgument(inv, "sleep");
                if (seconds == null) return;
                Thread.sleep((long) (seconds * 1000)); // Ctrl+C interrupts the sleep
                inv.println("done");
            })
            .command("spin", "spin N: burn the CPU for N seconds, deaf to Ctrl+C", inv -> {
                Double seconds = secondsArgument(inv, "spin");
                if (seconds == null) return;
                long end = System.nanoTime() + (long) (seconds * 1e9);
                long sink = 0;
                while (System.nanoTime() < end) sink += sink ^ end;
                if (sink == 42L) inv.println("unlikely");
                if (Thread.currentThread().isInterrupted()) return; // interrupted while it could not listen: say nothing
                inv.println("done");
            })
            .command("quit", "leave the shell", inv -> inv.stop(0))
            .build()
            .run();
    }

    /** The single argument as seconds, or null after printing the usage. */
    private static Double secondsArgument(ReplInvocation inv, String name) {
        Double seconds = null;
        if (inv.getArguments().size() == 1) {
            try {
                seconds = Double.parseDouble(inv.getArguments().get(0));
            } catch (NumberFormatException e) {
                seconds = null;
            }
        }
        if (seconds == null || seconds < 0 || seconds.isNaN() || seconds > MAX_SECONDS) {
            inv.println("usage: " + name + " SECONDS (a number from 0 to " + MAX_SECONDS + ", decimals allowed)");
            return null;
        }
        return seconds;
    }
}
