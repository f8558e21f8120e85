// SPDX-License-Identifier: Apache-2.0
package coterm.render

import coterm.testing.ScreenModel
import coterm.text.DisplayText
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

/**
 * A [LineDisplay] drawing on a bounded [ScreenModel], driven like the console writer drives it:
 * what it writes is applied to the model, and [check] compares the model's screen with the
 * reference layout of the same state.
 */
internal class DisplayRig(val width: Int, val height: Int, val prompt: String, private val continuation: String, above: Int = 1) {
    val model = ScreenModel(width, height)
    val display = LineDisplay(width, height)
    var layout = LineLayout(prompt, continuation, width)
    var text = ""
    var cursor = 0
    var promptNow = prompt
    /** The status row, cut to the width less one cell as the console writer cuts it. */
    var status: String? = null
        set(value) {
            field = value?.take(maxOf(1, width - 1))
        }
    private var drawnStatus: ScreenRow? = null
    val log = StringBuilder()

    /** Set once the line was left below (Ctrl+Z): its old rows may stay on the screen above. */
    var leftRowsAbove = false

    init {
        // One cell each, so that they do not wrap on the narrowest screens.
        repeat(above) { model.write("A\r\n") }
    }

    /** Draws the current state; returns what was written. */
    fun render(): String {
        var changedFrom = layout.update(promptNow, text)
        val header = status?.let { ScreenRow(it, it.length, "", it.length) }
        if (header != drawnStatus) changedFrom = -1
        drawnStatus = header
        val at = layout.cursor(cursor)
        val out = StringBuilder()
        display.render(out, layout, header, changedFrom, LineLayout.rowOf(at), LineLayout.columnOf(at))
        return apply(out)
    }

    /** Output printed above the line, as the console writer prints it. */
    fun printAbove(line: String): String {
        val out = StringBuilder()
        display.erase(out)
        out.append(line).append("\r\n")
        apply(out)
        return render()
    }

    /** Ctrl+Z and fg: below the line, then drawn afresh there. */
    fun leaveAndRedraw(): String {
        leftRowsAbove = true
        val out = StringBuilder()
        display.leave(out)
        apply(out)
        return render()
    }

    fun apply(out: CharSequence): String {
        val s = out.toString()
        log.append(s)
        model.write(s)
        return s
    }

    /** The rows of the document as the reference lays them out, the status row first. */
    fun reference(): Pair<List<String>, ReferenceLayout.Result> {
        val reference = ReferenceLayout.of(promptNow, text, cursor, width, continuation)
        return (listOfNotNull(status) + reference.rows) to reference
    }

    val first: Int get() = if (status != null) -1 else 0

    /** Checks the screen against the reference; returns the window's top. */
    fun check(): Int {
        val (doc, reference) = reference()
        val end = reference.rows.size
        val top = display.top
        val count = minOf(height, end - top)
        val visible = display.visibleRows
        visible.size shouldBe count
        val cursorScreenRow = model.row - model.screenTop
        val blockTop = cursorScreenRow - (reference.cursorRow - top)
        withClue("the block's first row on the screen") { (blockTop in 0..height - count) shouldBe true }
        // Trailing blanks are not compared: a written space and an empty cell look the same.
        val screen = model.screenText().map { it.trimEnd() }
        for (i in 0 until count) {
            val d = top + i
            val shown = visible[i]!!
            val isMarker = shown.lead.startsWith("\u001b[7m")
            withClue("screen row ${blockTop + i} (document row $d)") {
                if (isMarker) {
                    screen[blockTop + i] shouldBe ReferenceLayout.plain(shown).trimEnd()
                    (d != reference.cursorRow) shouldBe true
                    if (i == 0) {
                        (top > first) shouldBe true
                        ReferenceLayout.plain(shown) shouldBe ReferenceLayout.plain(Viewport.marker(top - first + 1, above = true, width))
                    } else {
                        i shouldBe height - 1
                        ReferenceLayout.plain(shown) shouldBe ReferenceLayout.plain(Viewport.marker(end - top - height + 1, above = false, width))
                    }
                } else {
                    screen[blockTop + i] shouldBe doc[d - first].trimEnd()
                }
            }
        }
        withClue("rows below the line are blank") { screen.drop(blockTop + count).all { it.isEmpty() } shouldBe true }
        if (!leftRowsAbove) {
            withClue("rows above the line hold only what was printed") {
                screen.take(blockTop).all { it == "" || it == "A" || it == "P" } shouldBe true
            }
        }
        val bottomMarker = Viewport.markersAllowed(height) && top + height < end
        withClue("a marker says rows follow the window") {
            (visible.lastOrNull()?.lead?.startsWith("\u001b[7m") == true && count == height) shouldBe bottomMarker
        }
        model.column shouldBe reference.cursorColumn
        withClue("the cursor never went above the top row") { model.clampedMoves shouldBe 0 }
        return top
    }
}

class LineDisplayTest : FunSpec({
    test("a wide character that now wraps leaves no stale character in the cell it skips") {
        val rig = DisplayRig(10, 5, "> ", ". ", above = 0)
        rig.text = "abcdefghij"
        rig.cursor = 10
        rig.render()
        rig.text = "abcdefg中"
        rig.cursor = 8
        rig.render()
        rig.model.cells(0) shouldBe listOf(">", " ", "a", "b", "c", "d", "e", "f", "g", null)
        rig.check()
    }

    test("a character typed at the end writes that character and nothing else") {
        val rig = DisplayRig(20, 5, "> ", ". ")
        rig.render()
        for (c in "hello, world") {
            rig.text += c
            rig.cursor = rig.text.length
            rig.render() shouldBe c.toString()
        }
        rig.check()
    }

    test("a cursor motion writes only a motion") {
        val rig = DisplayRig(20, 5, "> ", ". ")
        rig.text = "abcdefghijklmnopqrstuvwxyz"
        rig.cursor = rig.text.length
        rig.render()
        for (to in listOf(0, 5, 25, 3, 18, 26, 17)) {
            rig.cursor = to
            val written = rig.render()
            withClue(DisplayText.sanitize(written)) { MOTION.matches(written) shouldBe true }
            rig.check()
        }
    }

    class Script(val width: Int, val height: Int, val prompt: String, val continuation: String, val seed: Long) {
        override fun toString() = "${width}x$height, prompt '${DisplayText.sanitize(prompt)}', continued by '${DisplayText.sanitize(continuation)}', seed $seed"
    }

    val scripts: Arb<Script> = arbitrary { rs ->
        val r = rs.random
        val width = when (r.nextInt(5)) {
            0 -> 2 + r.nextInt(4)
            1 -> 80
            2 -> 100 + r.nextInt(101)
            else -> 2 + r.nextInt(30)
        }
        val height = if (r.nextBoolean()) 2 + r.nextInt(6) else 2 + r.nextInt(59)
        Script(width, height, promptFor(r, width).first, testContinuations.random(r), r.nextLong())
    }

    test("after every render the screen shows the window of the layout, the cursor where it belongs, and the window moved only as needed") {
        checkAll(250, scripts) { s ->
            val r = Random(s.seed)
            val rig = DisplayRig(s.width, s.height, s.prompt, s.continuation)
            // Lines up to three times the screen's height.
            val maxCells = 3 * s.width * s.height
            rig.render()
            var lastTop = rig.check()
            repeat(30) { step ->
                val beforeTop = lastTop
                val beforeEnd = rig.layout.rowCount
                val beforeFirst = rig.first
                val text = rig.text
                val at = boundaries(text).random(r)
                var plainMove = false
                when (r.nextInt(12)) {
                    0, 1, 2 -> {
                        val piece = randomText(r, 1 + r.nextInt(4))
                        rig.text = text.substring(0, at) + piece + text.substring(at)
                        rig.cursor = at + piece.length
                    }
                    3 -> {
                        val to = boundaries(text).filter { it >= at }.random(r)
                        rig.text = text.substring(0, at) + text.substring(to)
                        rig.cursor = at
                    }
                    4, 5 -> {
                        rig.cursor = at
                        plainMove = true
                    }
                    6 -> {
                        // A long paste, a multi-line one now and then.
                        val cells = r.nextInt(maxCells / 2 + 1)
                        val paste = if (r.nextBoolean()) "p".repeat(cells) else randomText(r, cells / 8 + 1)
                        rig.text = text.substring(0, at) + paste + text.substring(at)
                        rig.cursor = at + paste.length
                    }
                    7 -> {
                        rig.text = text + randomText(r, 1 + r.nextInt(3))
                        rig.cursor = rig.text.length
                    }
                    8 -> rig.status = if (rig.status == null) "status ${r.nextInt(100)}" else null
                    9 -> rig.promptNow = if (rig.promptNow == s.prompt) "(search)'x': " else s.prompt
                    10 -> {
                        rig.text = rig.text.replace(Regex("\n[\u0301\u00ad]+"), "\n")
                        rig.printAbove("P")
                        lastTop = rig.check()
                        return@repeat
                    }
                    else -> {
                        rig.leaveAndRedraw()
                        lastTop = rig.check()
                        return@repeat
                    }
                }
                rig.text = rig.text.replace(Regex("\n[\u0301\u00ad]+"), "\n")
                if (rig.cursor > rig.text.length || (rig.cursor < rig.text.length && Character.isLowSurrogate(rig.text[rig.cursor]))) {
                    rig.cursor = rig.text.length
                }
                val written = rig.render()
                withClue("$s, step $step: ${DisplayText.sanitize(rig.text).take(300)}@${rig.cursor}, wrote ${DisplayText.sanitize(written).take(500)}") {
                    val top = rig.check()
                    val (_, reference) = rig.reference()
                    val cursorRow = reference.cursorRow
                    val end = reference.rows.size
                    if (plainMove && top == beforeTop && rig.first == beforeFirst && end == beforeEnd) {
                        withClue("a cursor motion inside the window writes only a motion") { MOTION.matches(written) shouldBe true }
                    }
                    if (plainMove && rig.first == beforeFirst && end == beforeEnd && end - rig.first > s.height) {
                        // Still while the cursor stays well inside; else moved as little as it takes.
                        if (cursorRow in beforeTop + 1..beforeTop + s.height - 2) top shouldBe beforeTop
                        if (cursorRow < beforeTop) (top in cursorRow - 1..cursorRow) shouldBe true
                        if (cursorRow > beforeTop + s.height - 1) (top + s.height - 1 in cursorRow..cursorRow + 1) shouldBe true
                    }
                    lastTop = top
                }
                if (rig.text.length > maxCells) {
                    rig.text = rig.text.substring(0, boundaries(rig.text).last { it <= maxCells / 2 })
                    rig.cursor = minOf(rig.cursor, rig.text.length)
                    rig.render()
                    lastTop = rig.check()
                }
            }
        }
    }

    test("on any line, a character typed at the end writes that character; one that fills the row also steps onto the next") {
        checkAll(150, scripts) { s ->
            val r = Random(s.seed)
            val rig = DisplayRig(s.width, s.height, s.prompt, s.continuation)
            rig.text = randomText(r, r.nextInt(minOf(3 * s.height * s.width, 4_000) / 4 + 1))
            rig.cursor = boundaries(rig.text).random(r)
            rig.render()
            if (r.nextBoolean()) rig.printAbove("P")
            rig.cursor = rig.text.length
            rig.render()
            // Past the end of the row at least once.
            val steps = s.width - LineLayout.columnOf(rig.layout.cursor(rig.cursor)) + 2
            repeat(steps) { step ->
                val before = rig.layout.cursor(rig.cursor)
                val markerShown = rig.display.visibleRows.any { it?.lead?.startsWith("\u001b[7m") == true }
                rig.text += "q"
                rig.cursor = rig.text.length
                val written = rig.render()
                withClue("$s, step $step, cursor was at column ${LineLayout.columnOf(before)}, wrote ${DisplayText.sanitize(written)}") {
                    if (step % 16 == 0 || step == steps - 1) rig.check()
                    if (!markerShown) {
                        written shouldBe if (LineLayout.columnOf(before) == s.width - 1) "q \b" else "q"
                    }
                }
            }
        }
    }

    test("typing a line three screens tall at the end: each character written once, the scrollback keeps the line in order, no marker") {
        val rig = DisplayRig(80, 24, "# ", ". ", above = 0)
        rig.render()
        val line = "echo " + (0 until 5_700).joinToString("") { ('a' + it % 26).toString() }
        var typed = 0
        val random = Random(7)
        while (typed < line.length) {
            typed = minOf(line.length, typed + 1 + random.nextInt(200))
            rig.text = line.substring(0, typed)
            rig.cursor = typed
            rig.render()
            rig.check()
        }
        val rows = (rig.model.scrollbackText() + rig.model.screenText()).dropLastWhile { it.isEmpty() }
        rows shouldBe rig.reference().first.dropLastWhile { it.isEmpty() }
        rig.model.bytesWritten.toInt() shouldBeLessThanOrEqual (line.length + 2) * 11 / 10
    }

    test("100,000 characters typed as one write, redrawn once per 4 KB: at most 1.1 bytes written per character") {
        val rig = DisplayRig(80, 24, "# ", ". ", above = 0)
        rig.render()
        val line = "echo " + "x".repeat(100_000)
        var end = 0
        while (end < line.length) {
            end = minOf(line.length, end + 4096)
            rig.text = line.substring(0, end)
            rig.cursor = end
            rig.render()
        }
        rig.check()
        println("LineDisplayTest: ${rig.model.bytesWritten} bytes written for ${line.length} characters")
        rig.model.bytesWritten.toInt() shouldBeLessThanOrEqual line.length * 11 / 10
    }

    test("Home on a line taller than the screen shows the prompt on the top row and says what is below; End goes back without rewriting the scrollback") {
        val rig = DisplayRig(80, 24, "# ", ". ", above = 3)
        rig.render()
        rig.text = "echo " + "y".repeat(2_500)
        rig.cursor = rig.text.length
        rig.render()
        rig.check()
        val scrollback = rig.model.scrollbackText()
        rig.cursor = 0
        rig.render()
        rig.check()
        rig.model.screenText()[0] shouldBe "# echo " + "y".repeat(73)
        rig.model.screenText()[23] shouldBe "[9 more rows below]"
        (rig.model.row - rig.model.screenTop to rig.model.column) shouldBe (0 to 2)
        rig.text = "X" + rig.text
        rig.cursor = 1
        rig.render()
        rig.check()
        rig.model.screenText()[0] shouldBe "# Xecho " + "y".repeat(72)
        rig.cursor = rig.text.length
        rig.render()
        rig.check()
        rig.model.scrollbackText() shouldBe scrollback
        rig.model.screenText()[0].startsWith("[") shouldBe false
        rig.model.clampedMoves shouldBe 0
    }
})

/** Cursor motions only: CR, BS, up, down, right, left. */
private val MOTION = Regex("(\r|\u0008|\u001b\\[\\d*[ABCD])*")
