package example

import coterm.input.KeyCode
import coterm.input.KeyStroke
import coterm.test.VirtualConsole
import org.junit.jupiter.api.Test

class MainTest {
    @Test
    fun `Ctrl+C cancels only the running command`() {
        VirtualConsole.open().use { vc ->
            vc.launch { repl(vc.console).run() }                   // on the kit's threads
            vc.awaitPrompt("> ")
            vc.type("wait 60\r")
            vc.awaitRow("> wait 60")
            vc.pressCtrlC()
            vc.awaitPrompt("> ")                                   // at once, not in 60 s
            vc.type("wait 0\r")
            vc.awaitRow("waited 0 s")
            vc.assertNoRowContains("waited 60 s")
        }
    }

    @Test
    fun `output goes above the half-typed line`() {
        VirtualConsole.open().use { vc ->
            vc.launch { repl(vc.console).run() }
            vc.awaitPrompt("> ")
            vc.type("wai")
            vc.awaitRow("> wai")                                   // typed, echoed
            vc.console.println("news from elsewhere")              // any thread, any time
            val screen = vc.awaitRow("news from elsewhere")
            check(screen.lineAboveCursor == "news from elsewhere") { screen.render() }
            check(screen.cursorLine == "> wai") { screen.render() }
        }
    }

    @Test
    fun `Tab completes the command and its argument`() {
        VirtualConsole.open().use { vc ->
            vc.launch { repl(vc.console).run() }
            vc.awaitPrompt("> ")
            vc.type("wa")
            vc.press(KeyCode.Tab)
            vc.awaitRow("> wait")
            vc.type("6")
            vc.press(KeyCode.Tab)
            vc.awaitRow("> wait 60")
            vc.press(KeyStroke.ctrl('u'))                          // not waiting a minute
        }
    }
}
