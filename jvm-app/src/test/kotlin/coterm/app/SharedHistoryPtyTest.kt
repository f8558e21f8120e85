// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files

/**
 * Two demo shells on one history file with `--share-history`: a line entered in one is found
 * with Up in the other from its next prompt on (zsh's SHARE_HISTORY), and each line is in the
 * file once.
 */
class SharedHistoryPtyTest : FunSpec({
    test("a line entered in one shell is recalled with Up in the other at its next prompt") {
        PtyShell.start { home -> PtyShell.cotermCommand(home, "--share-history") }.use { a ->
            val file = a.home.resolve(".local/state/coterm/history")
            a.awaitPrompt()
            PtyShell.start { home -> PtyShell.cotermCommand(home, "--share-history", "--history-file", file.toString()) }.use { b ->
                b.awaitPrompt()
                a.typeLine("echo from a")
                a.awaitLine("from a")
                a.awaitPrompt()
                // b's prompt was drawn before a's line existed; an empty Enter gives it a new one.
                b.typeLine("")
                b.awaitScreen("a second prompt") { screen -> screen.lines.count { it.trimEnd() == "#" } >= 2 }
                b.press(PtyShell.Key.Up)
                b.awaitScreen("a's line recalled in b") { it.cursorLine.trimEnd() == "# echo from a" }
                b.write(byteArrayOf(0x15))
                b.typeLine("echo from b")
                b.awaitLine("from b")
                b.awaitPrompt()
                a.typeLine("")
                a.awaitScreen("a second prompt in a") { screen -> screen.lines.count { it.trimEnd() == "#" } >= 2 }
                a.press(PtyShell.Key.Up)
                a.awaitScreen("b's line recalled in a") { it.cursorLine.trimEnd() == "# echo from b" }
                a.press(PtyShell.Key.Up)
                a.awaitScreen("then a's own line, once") { it.cursorLine.trimEnd() == "# echo from a" }
                b.write(byteArrayOf(0x15))
                b.typeLine("quit")
                b.awaitExitWith(0)
            }
            a.write(byteArrayOf(0x15))
            a.typeLine("quit")
            a.awaitExitWith(0)
            Files.readAllLines(file) shouldBe listOf("echo from a", "echo from b", "quit", "quit")
        }
    }
})
