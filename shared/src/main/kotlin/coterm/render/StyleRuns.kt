// SPDX-License-Identifier: Apache-2.0
package coterm.render

/**
 * The styled parts of one [ScreenRow]'s body: sorted, non-overlapping, non-empty ranges of body
 * indices, each with the SGR code that starts its style. The rest of the body is unstyled.
 * Compact (three arrays, a row's worth); immutable; compared by content.
 */
internal class StyleRuns(val starts: IntArray, val ends: IntArray, val codes: Array<String>) {
    val size: Int get() = starts.size

    override fun equals(other: Any?): Boolean =
        other is StyleRuns && starts.contentEquals(other.starts) && ends.contentEquals(other.ends) && codes.contentEquals(other.codes)

    override fun hashCode(): Int = starts.contentHashCode() * 31 + ends.contentHashCode()

    override fun toString(): String = (0 until size).joinToString(prefix = "styles ") {
        "${starts[it]}..${ends[it]}=${codes[it].replace("\u001b", "\\e")}"
    }

    /** Collects runs in body order; adjacent runs with one code are joined. */
    class Builder {
        private var starts = IntArray(4)
        private var ends = IntArray(4)
        private var codes = arrayOfNulls<String>(4)
        private var n = 0

        fun add(start: Int, end: Int, code: String) {
            if (start >= end) return
            if (n > 0 && ends[n - 1] == start && codes[n - 1] == code) {
                ends[n - 1] = end
                return
            }
            if (n == starts.size) {
                starts = starts.copyOf(n * 2)
                ends = ends.copyOf(n * 2)
                codes = codes.copyOf(n * 2)
            }
            starts[n] = start
            ends[n] = end
            codes[n] = code
            n++
        }

        /** The runs, or null when none were added. */
        @Suppress("UNCHECKED_CAST")
        fun build(): StyleRuns? = if (n == 0) null else StyleRuns(starts.copyOf(n), ends.copyOf(n), codes.copyOf(n) as Array<String>)
    }

    companion object {
        /** SGR 0: back to the default style. */
        const val RESET: String = "\u001b[0m"

        /** The first body index below [limit] at which [a] and [b] style differently; [limit] when none does. */
        fun firstDifference(a: StyleRuns?, b: StyleRuns?, limit: Int): Int {
            var ia = 0
            var ib = 0
            var k = 0
            while (k < limit) {
                while (a != null && ia < a.size && a.ends[ia] <= k) ia++
                while (b != null && ib < b.size && b.ends[ib] <= k) ib++
                val codeA = if (a != null && ia < a.size && a.starts[ia] <= k) a.codes[ia] else null
                val codeB = if (b != null && ib < b.size && b.starts[ib] <= k) b.codes[ib] else null
                if (codeA != codeB) return k
                // Nothing changes before the next start or end in either.
                var next = limit
                if (a != null && ia < a.size) next = minOf(next, if (a.starts[ia] > k) a.starts[ia] else a.ends[ia])
                if (b != null && ib < b.size) next = minOf(next, if (b.starts[ib] > k) b.starts[ib] else b.ends[ib])
                k = next
            }
            return limit
        }
    }
}
