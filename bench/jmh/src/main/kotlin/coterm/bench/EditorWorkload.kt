// SPDX-License-Identifier: Apache-2.0
package coterm.bench

import coterm.editor.LineEditor
import coterm.input.InputEvent
import coterm.input.KeyCode
import coterm.input.Modifiers
import coterm.render.LineDisplay
import coterm.render.LineLayout
import java.io.OutputStream

/**
 * One line typed key by key into coterm's line editor, each key followed by the output the
 * console's renderer writes for it (the difference from what the screen shows), encoded and
 * written to a null sink: what one keystroke costs before it reaches the terminal. The only file
 * that knows the editor's and the renderer's internal API, so that it is the only one to adapt
 * when they change.
 */
public class EditorWorkload @JvmOverloads constructor(private val columns: Int = 80, private val rows: Int = 24) {
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
        val layout = LineLayout("# ", ". ", columns)
        val display = LineDisplay(columns, rows)
        val out = StringBuilder()
        var written = 0
        for (key in keys) {
            editor.handle(key)
            out.setLength(0)
            val changedFrom = layout.update("# ", editor.buffer.text)
            val at = layout.cursor(editor.buffer.cursor)
            display.render(out, layout, null, changedFrom, LineLayout.rowOf(at), LineLayout.columnOf(at))
            val bytes = out.toString().toByteArray(Charsets.UTF_8)
            sink.write(bytes)
            written += bytes.size
        }
        return written
    }

    private fun char(c: Char): InputEvent = InputEvent.Key(KeyCode.Char(c.code))
}
