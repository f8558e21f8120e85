package coterm.bench

import coterm.editor.Frame
import coterm.editor.LineEditor
import coterm.editor.LineRenderer
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import java.io.OutputStream

/**
 * One line typed key by key into coterm's line editor, each key followed by the redraw the
 * console would write, encoded and written to a null sink: what one keystroke costs before it
 * reaches the terminal. The only file that knows the editor's internal API, so that it is the
 * only one to adapt when the editor changes.
 */
public class EditorWorkload(private val columns: Int = 80) {
    private val keys: List<InputEvent> = buildList {
        "echo the quick brown fox jumps over the lazy dog 0123456789".forEach { add(char(it)) }
        repeat(10) { add(InputEvent.Key(KeyCode.Left)) }
        "XYZ".forEach { add(char(it)) }
        repeat(3) { add(InputEvent.Key(KeyCode.Backspace)) }
        add(InputEvent.Key(KeyCode.Char('a'.code), Modifiers.Ctrl))
        repeat(5) { add(InputEvent.Key(KeyCode.Right)) }
        add(InputEvent.Key(KeyCode.Char('e'.code), Modifiers.Ctrl))
        "+ some more text".forEach { add(char(it)) }
        add(InputEvent.Key(KeyCode.Char('w'.code), Modifiers.Ctrl))
        add(InputEvent.Key(KeyCode.Enter))
    }

    private val sink: OutputStream = OutputStream.nullOutputStream()

    /** The number of keys one [typeLine] hands to the editor. */
    public val keyCount: Int get() = keys.size

    /** Types the line from an empty editor, rendering after every key; returns the bytes rendered. */
    public fun typeLine(): Int {
        val editor = LineEditor()
        var frame = Frame.Empty
        var written = 0
        for (key in keys) {
            editor.handle(key)
            val (text, next) = LineRenderer.render(frame, "# ", 2, editor.buffer.text, editor.buffer.cursor, columns)
            frame = next
            val bytes = text.toByteArray(Charsets.UTF_8)
            sink.write(bytes)
            written += bytes.size
        }
        return written
    }

    private fun char(c: Char): InputEvent = InputEvent.Key(KeyCode.Char(c.code))
}
