// The Java quick start from README.md, kept here so that the build proves it compiles.
// Keep the two in step: below the package line, this is the README's text (the class name
// aside).
package coterm.readme;

import coterm.blocking.BlockingConsole;
import coterm.blocking.BlockingRepl;

public class ReadmeJavaQuickStart {
    public static void main(String[] args) {
        int status;
        try (BlockingConsole console = BlockingConsole.open()) {
            status = BlockingRepl.builder(console)
                .prompt("> ")                                  // help and quit are built in
                .command("wait", "wait N seconds", inv -> {
                    long seconds = Long.parseLong(inv.getArguments().get(0));
                    Thread.sleep(seconds * 1000);              // Ctrl+C interrupts just this
                    inv.println("waited");
                })
                .build()
                .run();
        }
        System.exit(status);
    }
}
