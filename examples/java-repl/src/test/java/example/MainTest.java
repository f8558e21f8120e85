package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coterm.test.ScreenSnapshot;
import coterm.test.VirtualConsole;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void ctrlCCancelsOnlyTheRunningCommand() {
        try (VirtualConsole vc = VirtualConsole.open()) {
            vc.start("repl", () -> Main.repl(vc.getBlocking()).run()); // on the kit's thread
            vc.awaitPrompt("> ");
            vc.type("wait 60\r");
            vc.awaitRow("> wait 60");
            vc.pressCtrlC();
            vc.awaitPrompt("> ");                                  // at once, not in 60 s
            vc.type("wait 0\r");
            vc.awaitRow("waited 0 s");
            vc.assertNoRowContains("waited 60 s");
        }
    }

    @Test
    void outputGoesAboveTheHalfTypedLine() {
        try (VirtualConsole vc = VirtualConsole.open()) {
            vc.start("repl", () -> Main.repl(vc.getBlocking()).run());
            vc.awaitPrompt("> ");
            vc.type("wai");
            vc.awaitRow("> wai");                                  // typed, echoed
            vc.getBlocking().println("news from elsewhere");       // any thread, any time
            ScreenSnapshot screen = vc.awaitRow("news from elsewhere");
            assertEquals("news from elsewhere", screen.getLineAboveCursor(), screen.render());
            assertEquals("> wai", screen.getCursorLine(), screen.render());
        }
    }

    @Test
    void tabCompletesTheCommandAndItsArgument() {
        try (VirtualConsole vc = VirtualConsole.open()) {
            vc.start("repl", () -> Main.repl(vc.getBlocking()).run());
            vc.awaitPrompt("> ");
            vc.type("wa\t");                                       // \t is Tab
            vc.awaitRow("> wait");
            vc.type("6\t");
            vc.awaitRow("> wait 60");
            vc.type("\u0015");                                     // Ctrl+U: not waiting a minute
        }
    }
}
