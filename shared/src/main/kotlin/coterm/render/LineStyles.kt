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

    /** Collects spans for a text [length] chars long; see the class comment for what it drops. */
    class Builder(private val length: Int) {
        private val spans = ArrayList<Triple<Int, Int, String>>()

        /** Styles [start] until [end] with [code]; an empty code, an empty or out-of-text range adds nothing. */
        fun add(start: Int, end: Int, code: String): Builder {
            val s = start.coerceIn(0, length)
            val e = end.coerceIn(0, length)
            if (s < e && code.isNotEmpty()) spans.add(Triple(s, e, code))
            return this
        }

        fun build(): LineStyles? {
            if (spans.isEmpty()) return null
            // Stable: of two spans starting at one index, the one given first wins.
            val sorted = spans.sortedBy { it.first }
            val starts = IntArray(sorted.size)
            val ends = IntArray(sorted.size)
            val codes = arrayOfNulls<String>(sorted.size)
            var n = 0
            var covered = 0
            for ((s0, e, code) in sorted) {
                val s = maxOf(s0, covered)
                if (s >= e) continue
                starts[n] = s
                ends[n] = e
                codes[n] = code
                n++
                covered = e
            }
            @Suppress("UNCHECKED_CAST")
            return LineStyles(starts.copyOf(n), ends.copyOf(n), codes.copyOf(n) as Array<String>)
        }
    }
}
