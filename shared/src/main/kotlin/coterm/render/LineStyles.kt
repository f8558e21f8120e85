// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * Styles over the text of a line: sorted, non-overlapping, non-empty spans of UTF-16 indices,
 * each with the SGR sequence that starts its style (`ESC[1;31m`). The text outside every span
 * is in the terminal's default style. Only the rows that are drawn look at it ([LineLayout.row]
 * maps the spans of one row to its [ScreenRow]); the text is never copied for it.
 *
 * Built by [Builder], which takes spans in any order and keeps it safe: spans out of the text
 * are clipped, empty ones and those with no code dropped, and a span overlapping an earlier one
 * (in the order given) loses the overlapping part. Immutable; compared by content.
 */
internal class LineStyles private constructor(
    private val starts: IntArray,
    private val ends: IntArray,
    private val codes: Array<String>,
) {
    /** How many spans. */
    val size: Int get() = starts.size

    fun start(i: Int): Int = starts[i]

    fun end(i: Int): Int = ends[i]

    fun code(i: Int): String = codes[i]

    /** The first span that ends after [index]; [size] when none. */
    fun firstEndingAfter(index: Int): Int {
        var low = 0
        var high = starts.size
        while (low < high) {
            val mid = (low + high) ushr 1
            if (ends[mid] <= index) low = mid + 1 else high = mid
        }
        return low
    }

    /**
     * The first text index at which this and [other] style differently (a span starts, ends or
     * changes there in one and not in the other); null when they style alike.
     */
    fun firstDifference(other: LineStyles?): Int? {
        if (other === this) return null
        if (other == null) return if (size == 0) null else starts[0]
        val n = minOf(size, other.size)
        for (i in 0 until n) {
            if (starts[i] != other.starts[i] || codes[i] != other.codes[i]) return minOf(starts[i], other.starts[i])
            if (ends[i] != other.ends[i]) return minOf(ends[i], other.ends[i])
        }
        return when {
            size > n -> starts[n]
            other.size > n -> other.starts[n]
            else -> null
        }
    }

    override fun equals(other: Any?): Boolean =
        other is LineStyles && starts.contentEquals(other.starts) && ends.contentEquals(other.ends) && codes.contentEquals(other.codes)

    override fun hashCode(): Int = starts.contentHashCode() * 31 + codes.contentHashCode()

    override fun toString(): String = (0 until size).joinToString(prefix = "LineStyles(", postfix = ")") { "${starts[it]}..${ends[it]}" }

    /**
     * Collects spans for a text [length] chars long; see the class comment for what it drops.
     * Spans given in order (as a highlighter scans the text) are kept as they come, with no
     * sort: a key's redraw builds the styles of the whole line, and the sort, a [Triple] per
     * span and a reflective array copy were most of its cost.
     */
    class Builder(private val length: Int) {
        private var starts = IntArray(INITIAL)
        private var ends = IntArray(INITIAL)
        private var codes = arrayOfNulls<String>(INITIAL)
        private var count = 0

        /** False once a span starts before the one added before it: [build] then sorts. */
        private var inOrder = true

        /** Whether [build] will sort (a span came out of order); for tests. */
        internal val sorts: Boolean get() = !inOrder

        /** Styles [start] until [end] with [code]; an empty code, an empty or out-of-text range adds nothing. */
        fun add(start: Int, end: Int, code: String): Builder {
            val s = start.coerceIn(0, length)
            val e = end.coerceIn(0, length)
            if (s >= e || code.isEmpty()) return this
            if (count == starts.size) {
                val size = count * 2
                starts = starts.copyOf(size)
                ends = ends.copyOf(size)
                codes = codes.copyOf(size)
            }
            if (count > 0 && s < starts[count - 1]) inOrder = false
            starts[count] = s
            ends[count] = e
            codes[count] = code
            count++
            return this
        }

        fun build(): LineStyles? {
            if (count == 0) return null
            // Stable: of two spans starting at one index, the one given first wins.
            val order = if (inOrder) null else (0 until count).sortedBy { starts[it] }
            val outStarts = IntArray(count)
            val outEnds = IntArray(count)
            val outCodes = arrayOfNulls<String>(count)
            var n = 0
            var covered = 0
            for (k in 0 until count) {
                val i = order?.get(k) ?: k
                val s = maxOf(starts[i], covered)
                val e = ends[i]
                if (s >= e) continue
                outStarts[n] = s
                outEnds[n] = e
                outCodes[n] = codes[i]
                n++
                covered = e
            }
            @Suppress("UNCHECKED_CAST")
            return if (n == count) {
                LineStyles(outStarts, outEnds, outCodes as Array<String>)
            } else {
                val kept = arrayOfNulls<String>(n)
                System.arraycopy(outCodes, 0, kept, 0, n)
                LineStyles(outStarts.copyOf(n), outEnds.copyOf(n), kept as Array<String>)
            }
        }

        private companion object {
            const val INITIAL = 8
        }
    }
}
