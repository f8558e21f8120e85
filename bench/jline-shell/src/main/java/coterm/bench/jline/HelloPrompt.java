// SPDX-License-Identifier: Apache-2.0
package coterm.bench.jline;

import java.io.IOException;

/**
 * The JVM floor for the start-up measure: prints the prompt {@code "# "} and waits for a line,
 * with no library at all. Run from the classes directory, it is what any JVM program costs here.
 */
public final class HelloPrompt {
    private HelloPrompt() {
    }

    public static void main(String[] args) throws IOException {
        System.out.print("# ");
        System.out.flush();
        while (true) {
            int c = System.in.read();
            if (c < 0 || c == '\n' || c == '\r') return;
        }
    }
}
