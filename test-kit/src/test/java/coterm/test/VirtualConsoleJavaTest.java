// SPDX-License-Identifier: Apache-2.0
package coterm.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coterm.blocking.BlockingConsole;
import coterm.blocking.CommandResult;
import coterm.input.KeyCode;
import coterm.input.KeyStroke;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The kit from Java, as a Java user writes it: it compiles only while the Java face stays plain. */
class VirtualConsoleJavaTest {
    @Test
    void typingEditingAndAPromptFromJava() throws Exception {
        try (VirtualConsole vc = VirtualConsole.open(60, 10)) {
            Future<String> line = vc.start("reader", () -> vc.getBlocking().readLine("$ "));
            vc.awaitPrompt("$ ");
            vc.type("wrld");
            vc.press(KeyCode.Home.INSTANCE);
            vc.press(KeyStroke.of(KeyCode.Right.INSTANCE));
            vc.type("o");
            vc.awaitRow("$ world", Duration.ofSeconds(5));
            vc.type("\r");
            assertEquals("world", line.get());
            assertEquals(List.of(), vc.getExitStatuses());
        }
    }

    @Test
    void ctrlCCancelsACommandFromJava() throws Exception {
        try (VirtualConsole vc = VirtualConsole.open()) {
            BlockingConsole console = vc.getBlocking();
            Future<CommandResult<Void>> result = vc.start("command", () -> console.run("sleep", () -> {
                console.println("sleeping");
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    console.println("interrupted");
                }
            }));
            vc.awaitRow("sleeping");
            vc.pressCtrlC();
            assertEquals(CommandResult.Status.INTERRUPTED, result.get().getStatus());
            vc.awaitScreen("the interrupt seen", screen -> screen.contains("interrupted"));
        }
    }

    @Test
    void aWaitThatTimesOutShowsTheScreen() {
        try (VirtualConsole vc = VirtualConsole.open()) {
            vc.getBlocking().println("something else");
            AssertionError failure = assertThrows(AssertionError.class, () -> vc.awaitRow("never", Duration.ofMillis(100)));
            assertTrue(failure.getMessage().contains("something else"), failure.getMessage());
            vc.assertNoRowContains("never");
        }
    }
}
