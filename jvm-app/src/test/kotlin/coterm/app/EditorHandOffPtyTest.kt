// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import coterm.testing.atFreshPrompt
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * Ctrl+X Ctrl+E in the demo, in a real pty, with scripted editors: the saved text becomes the
 * line and is not run until Enter, the terminal is raw again afterwards, the file is private
 * and deleted, a failing editor leaves the line and a message, and Ctrl+C meanwhile is the editor's.
 */
class EditorHandOffPtyTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    /** A shell script in a fresh directory, as an `EDITOR`: [body] runs with the file as `$1` and the directory as `$DIR`. */
    fun editorScript(body: String): Path {
        val dir = Files.createTempDirectory("coterm-editor")
        val script = dir.resolve("edit.sh")
        Files.writeString(script, "#!/bin/sh\nDIR='$dir'\n$body\n")
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"))
        return script
    }

    fun start(editor: String, vararg args: String): PtyShell =
        PtyShell.start(extraEnvironment = mapOf("EDITOR" to editor)) { home -> PtyShell.cotermCommand(home, "--no-history", *args) }

    for (args in listOf(arrayOf<String>(), arrayOf("--vi"))) {
        test("the saved text becomes the line, not run until Enter, the terminal raw again ${args.joinToString(" ")}") {
            val script = editorScript(
                """
                printf '%s\n' "${'$'}1" > "${'$'}DIR/path"
                stat -c %a "${'$'}1" > "${'$'}DIR/mode"
                sed -i s/foo/bar/ "${'$'}1"
                """.trimIndent(),
            )
            start(script.toString(), *args).drive { shell ->
                shell.awaitPrompt(PtyShell.START_TIMEOUT)
                shell.type("echo foo one")
                shell.awaitScreen("the typed line") { it.cursorLine.trimEnd() == "# echo foo one" }
                shell.type("\u0018\u0005")
                val screen = shell.awaitScreen("the edited line") { it.cursorLine.trimEnd() == "# echo bar one" && it.cursorColumn == 14 }
                withClue(screen.render()) {
                    screen.hasLine("bar one") shouldBe false
                }
                shell.awaitRawMode()
                val path = Path.of(Files.readString(script.resolveSibling("path")).trim())
                Files.readString(script.resolveSibling("mode")).trim() shouldBe "600"
                Files.exists(path) shouldBe false
                // Still the line being edited: typing goes on at its end.
                shell.type(" two")
                shell.awaitScreen("typed after the edit") { it.cursorLine.trimEnd() == "# echo bar one two" }
                shell.press(PtyShell.Key.Enter)
                shell.awaitScreen("the command ran") { it.hasLine("bar one two") && it.atFreshPrompt }
                shell.typeLine("quit")
                shell.awaitExitWith(0).termiosRestored shouldBe true
            }
        }
    }

    test("a failing editor leaves the line as it was, with a message above it") {
        start("false").drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.type("echo foo")
            shell.awaitScreen("the typed line") { it.cursorLine.trimEnd() == "# echo foo" }
            shell.type("\u0018\u0005")
            shell.awaitScreen("the message and the line") {
                it.hasLine("coterm: the editor (false) exited with status 1; the line is unchanged") && it.cursorLine.trimEnd() == "# echo foo" && it.cursorColumn == 10
            }
            shell.awaitRawMode()
            shell.press(PtyShell.Key.Enter)
            shell.awaitScreen("the command ran") { it.hasLine("foo") && it.atFreshPrompt }
            shell.typeLine("quit")
            shell.awaitExitWith(0).termiosRestored shouldBe true
        }
    }

    test("Ctrl+C while the editor runs is the editor's, not the prompt's") {
        val script = editorScript(
            """
            trap 'sed -i s/foo/int/ "${'$'}1"; exit 0' INT
            touch "${'$'}DIR/ready"
            while :; do sleep 0.05; done
            """.trimIndent(),
        )
        start(script.toString()).drive { shell ->
            shell.awaitPrompt(PtyShell.START_TIMEOUT)
            shell.type("echo foo")
            shell.awaitScreen("the typed line") { it.cursorLine.trimEnd() == "# echo foo" }
            shell.type("\u0018\u0005")
            val ready = script.resolveSibling("ready")
            val deadline = System.nanoTime() + 10_000_000_000L
            while (!Files.exists(ready)) {
                if (System.nanoTime() > deadline) shell.fail("the editor did not start")
                Thread.sleep(20)
            }
            shell.ctrlC()
            val screen = shell.awaitScreen("the line the editor saved on Ctrl+C") { it.cursorLine.trimEnd() == "# echo int" }
            withClue(screen.render()) { ("^C" in screen) shouldBe false }
            shell.awaitRawMode()
            shell.press(PtyShell.Key.Enter)
            shell.awaitScreen("the command ran") { it.hasLine("int") && it.atFreshPrompt }
            shell.typeLine("quit")
            shell.awaitExitWith(0).termiosRestored shouldBe true
        }
    }
})
