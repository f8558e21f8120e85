package example;

import coterm.blocking.BlockingConsole;
import coterm.blocking.BlockingRepl;
import coterm.editor.Candidate;
import java.util.List;

public class Main {
    public static void main(String[] args) throws InterruptedException { // only if this thread is interrupted
        int status;
        try (BlockingConsole console = BlockingConsole.open()) {
            status = repl(console).run();                          // until quit or end of input
        }
        System.exit(status);
    }

    /** The REPL on {@code console}: a terminal's in {@code main}, a virtual one in the tests. */
    static BlockingRepl repl(BlockingConsole console) {
        return BlockingRepl.builder(console)
            .prompt("> ")                                          // help and quit are built in
            .command("wait", "wait SECONDS: wait, or stop at Ctrl+C",
                request -> List.of(new Candidate("1"), new Candidate("10"), new Candidate("60")), // Tab
                inv -> {
                    String text = inv.getArguments().size() == 1 ? inv.getArguments().get(0) : "";
                    if (!text.matches("[0-9]{1,5}") || Long.parseLong(text) > 86_400) {
                        inv.println("usage: wait SECONDS");
                        return;
                    }
                    long seconds = Long.parseLong(text);
                    Thread.sleep(seconds * 1000);                  // Ctrl+C interrupts just this
                    inv.println("waited " + seconds + " s");
                })
            .onEmptyInterrupt(() -> console.println("(quit or Ctrl+D leaves)"))
            .build();
    }
}
