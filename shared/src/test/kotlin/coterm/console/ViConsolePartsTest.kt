// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.testing.FakeTerminal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.runBlocking
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

private fun keysOf(decoder: EventDecoder, bytes: String): List<InputEvent> {
    val out = ArrayList<List<InputEvent>>()
    val data = bytes.toByteArray(Charsets.ISO_8859_1)
    decoder.feed(data, 0, data.size, out)
    return out.flatten()
}

/** The console's parts of vi mode and Ctrl+X Ctrl+E: Esc at a read's end, cursor shapes, the editor's file. */
class ViConsolePartsTest : FunSpec({
    test("in vi mode a read that ends in ESC gives the Escape key at once; a whole sequence in the read is still one key") {
        val vi = EventDecoder.Keys(escapeTimeoutMillis = 60_000, pasteTimeoutMillis = 1_000, escapeAtReadEnd = true)
        keysOf(vi, "ab\u001b").last().let { (it as InputEvent.Key).key shouldBe KeyCode.Escape }
        vi.flushTimeoutMillis() shouldBe -1
        (keysOf(vi, "\u001b[A").single() as InputEvent.Key).key shouldBe KeyCode.Up
        (keysOf(vi, "\u001b\u001b").single() as InputEvent.Key).key shouldBe KeyCode.Escape
        // ESC then a key in one read: Alt with that key (the editor's vi mode splits it).
        (keysOf(vi, "\u001bh").single() as InputEvent.Key).modifiers shouldBe Modifiers.Alt
        // A sequence cut by the read: waits as before.
        keysOf(vi, "\u001b[") shouldBe emptyList()
        vi.flushTimeoutMillis() shouldBe 60_000
        (keysOf(vi, "B").single() as InputEvent.Key).key shouldBe KeyCode.Down
    }

    test("in Emacs mode a lone ESC waits for the escape timeout") {
        val emacs = EventDecoder.Keys(escapeTimeoutMillis = 50, pasteTimeoutMillis = 1_000)
        keysOf(emacs, "ab\u001b").size shouldBe 2
        emacs.flushTimeoutMillis() shouldBe 50
        (emacs.flush().single() as InputEvent.Key).key shouldBe KeyCode.Escape
    }

    test("cursor shapes by TERM") {
        for (term in listOf("xterm-256color", "xterm", "tmux-256color", "screen", "rxvt-unicode", "alacritty", "xterm-kitty", "foot", "wezterm", "vte-256color")) {
            CursorShape.supported(term) shouldBe true
        }
        for (term in listOf(null, "", "linux", "dumb", "vt100")) CursorShape.supported(term) shouldBe false
    }

    test("the session shows the cursor shape while it has the terminal and puts the default back around a child and at the end") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = false, cursorShapes = true)
        try {
            session.setCursorShape(CursorShape.Bar)
            session.setCursorShape(CursorShape.Bar)
            session.setCursorShape(CursorShape.Block)
            terminal.output shouldBe "\u001b[6 q\u001b[2 q"
            session.pause()
            terminal.output shouldBe "\u001b[6 q\u001b[2 q\u001b[0 q"
            session.resume()
            terminal.output shouldBe "\u001b[6 q\u001b[2 q\u001b[0 q\u001b[2 q"
        } finally {
            session.restore()
        }
        terminal.output shouldBe "\u001b[6 q\u001b[2 q\u001b[0 q\u001b[2 q\u001b[0 q"
        session.setCursorShape(CursorShape.Bar)
        terminal.output.endsWith("\u001b[0 q") shouldBe true
    }

    test("no cursor shape is written where the terminal cannot show it") {
        val terminal = FakeTerminal()
        val session = TerminalSession.install(terminal, ConsoleWriter(terminal, rendering = true), raw = true, bracketedPaste = false, cursorShapes = false)
        session.setCursorShape(CursorShape.Bar)
        session.restore()
        terminal.output shouldBe ""
    }

    test("the editor gets a private file holding the line, and what it saved comes back without the final newline") {
        val editor = ExternalEditor { name -> if (name == "EDITOR") "my-editor --wait" else null }
        editor.editor() shouldBe "my-editor --wait"
        ExternalEditor { name -> if (name == "VISUAL") "vis" else "ed" }.editor() shouldBe "vis"
        ExternalEditor { null }.editor() shouldBe "vi"
        var seen: Path? = null
        val outcome = runBlocking {
            editor.edit("one\ntwo", maxChars = 100) { command ->
                command.take(2) shouldBe listOf("sh", "-c")
                command[2] shouldBe "exec my-editor --wait \"\$1\""
                val file = Path.of(command.last())
                seen = file
                Files.readString(file) shouldBe "one\ntwo"
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) shouldBe "rw-------"
                Files.writeString(file, "three\n")
                0
            }
        }
        outcome shouldBe ExternalEditor.Outcome.Saved("three")
        Files.exists(seen!!) shouldBe false
    }

    test("an editor that fails, cannot start or saves too much leaves a message, and the file is deleted") {
        val editor = ExternalEditor { "nano" }
        var seen: Path? = null
        val failed = runBlocking { editor.edit("x", 100) { command -> seen = Path.of(command.last()); 1 } }
        failed.shouldBeInstanceOf<ExternalEditor.Outcome.Failed>().message shouldContain "the editor (nano) exited with status 1; the line is unchanged"
        Files.exists(seen!!) shouldBe false
        val missing = runBlocking { editor.edit("x", 100) { throw java.io.IOException("no such program") } }
        missing.shouldBeInstanceOf<ExternalEditor.Outcome.Failed>().message shouldContain "no such program"
        val tooLong = runBlocking { editor.edit("x", 2) { command -> Files.writeString(Path.of(command.last()), "0123456789"); 0 } }
        tooLong.shouldBeInstanceOf<ExternalEditor.Outcome.Failed>().message shouldContain "line limit"
        ExternalEditor.withoutFinalNewline("a\r\n") shouldBe "a"
        ExternalEditor.withoutFinalNewline("a\n\n") shouldBe "a\n"
        ExternalEditor.withoutFinalNewline("a") shouldBe "a"
    }
})
