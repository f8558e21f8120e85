// SPDX-License-Identifier: Apache-2.0
package coterm.editor

/**
 * The lines the user has entered, oldest first, bounded to [maxEntries] and to [maxBytes]: pure
 * state, no I/O, no threads (the file behind it is [coterm.history.HistoryStore]'s business). Not
 * thread-safe: its owner (the line editor's coroutine) is the only caller.
 *
 * The byte bound counts what the entries can cost on the heap: two bytes per char (UTF-16, the
 * worst case) and [ENTRY_OVERHEAD] for each. A thousand lines of a hundred thousand chars would
 * otherwise hold 200 MB; with the default of [DEFAULT_MAX_BYTES] (8 MiB) the oldest entries go
 * first, as for [maxEntries]. The newest entry is always kept, however long, so Up always finds
 * the line just entered (the default holds a whole line at the console's limit of 1,000,000
 * chars).
 *
 * Indices run from 0 (oldest) to `size - 1` (newest). When an [add] goes past [maxEntries] the
 * oldest entry is dropped, so every index moves down by one: a caller that keeps an index across
 * an [add] (the editor never does, it only adds on Enter) must re-find its place. Entries read
 * from the file arrive through [addOlder], in front, and move every index up ([olderInserted]).
 *
 * Entries other sessions appended to a shared file arrive through [addNewer], at the end: an
 * index kept across it stays right unless the oldest entries were dropped to make room
 * ([dropped] counts them) or it was `size`, the input being written ([HistoryWalk] follows both).
 *
 * Filters, applied by [add] only (entries loaded by [addOlder] were filtered when first added):
 * - a blank line (empty or whitespace only, newlines included) is never added;
 * - with [ignoreSpacePrefixed], a line whose first character is a space (U+0020; not a tab) is not
 *   added: bash's `ignorespace`, the usual way to keep a password-bearing command out;
 * - with [ignoreDuplicates], a line equal to the newest entry is not added: bash's `ignoredups`.
 *
 * Older copies of a repeated line are kept (no bash `erasedups`, no JLine-style removal of older
 * duplicates when trimming): the history stays the order in which things happened, the memory
 * and the append-only file always hold the same sequence, and two sessions sharing a file cannot
 * erase each other's entries.
 *
 * Entries are kept exactly as given: they may contain newlines (multi-line input), control
 * characters and any Unicode; nothing is trimmed.
 */
internal class History(
    val maxEntries: Int = 1000,
    val ignoreDuplicates: Boolean = true,
    val ignoreSpacePrefixed: Boolean = true,
    val maxBytes: Long = DEFAULT_MAX_BYTES,
) {
    init {
        require(maxEntries >= 0) { "maxEntries must not be negative: $maxEntries" }
        require(maxBytes >= 0) { "maxBytes must not be negative: $maxBytes" }
    }

    private val items = ArrayDeque<String>()

    /** What the entries cost, by the accounting in the class KDoc. */
    var bytes: Long = 0
        private set

    /** How many entries there are, at most [maxEntries]. */
    val size: Int get() = items.size

    /** The entry at [index], 0 being the oldest; throws [IndexOutOfBoundsException] outside `0 until size`. */
    operator fun get(index: Int): String = items[index]

    /** A snapshot of every entry, oldest first; later changes to the history do not show in it. */
    val entries: List<String> get() = items.toList()

    /** Whether [add] would keep [line] now: the filters above, without adding it. */
    fun accepts(line: String): Boolean = when {
        maxEntries == 0 -> false
        line.isBlank() -> false
        ignoreSpacePrefixed && line.startsWith(' ') -> false
        ignoreDuplicates && line == items.lastOrNull() -> false
        else -> true
    }

    /**
     * Adds [line] as the newest entry if the filters let it through, dropping the oldest entry when
     * the history is full. Returns true if it was added (and so should be written to the file).
     */
    fun add(line: String): Boolean {
        if (!accepts(line)) return false
        items.addLast(line)
        bytes += costOf(line)
        dropOldestBeyondBound()
        return true
    }

    /**
     * How many entries [addOlder] has put in front of the others since this history was made.
     * Every index moves up by each one inserted, so a caller that keeps an index while older
     * entries may arrive (the line editor, while the file is still being read) adds the change
     * of this count to it.
     */
    var olderInserted: Int = 0
        private set

    /**
     * Puts entries read from a history file, oldest first, in front of the existing ones: they are
     * older than anything added in this session, which may have added lines before the file was
     * read. The filters are not applied again (the file may well hold a space-prefixed line that
     * another program wrote on purpose); only the bounds are, and they keep the newest: when there
     * are more than [maxEntries] in all, or more than [maxBytes], the oldest of [loaded] are left
     * out.
     */
    fun addOlder(loaded: List<String>) {
        var room = (maxEntries - items.size).coerceAtLeast(0)
        var take = 0
        // Only the newest entries of a long file can fit: skip the rest without copying.
        for (i in loaded.size - 1 downTo 0) {
            val cost = costOf(loaded[i])
            if (room == 0 || bytes + cost > maxBytes) break
            items.addFirst(loaded[i])
            bytes += cost
            room--
            take++
        }
        olderInserted += take
    }

    /** How many entries [addNewer] has added at the end since this history was made. */
    var newerAdded: Int = 0
        private set

    /** How many of the oldest entries have been dropped to stay within the bounds, since this history was made. */
    var dropped: Int = 0
        private set

    /**
     * Adds entries other sessions appended to a shared history file, oldest first, as the newest
     * ones. As with [addOlder], the filters are not applied again (the other session applied its
     * own); the bounds are, dropping the oldest entries.
     */
    fun addNewer(lines: List<String>) {
        if (maxEntries == 0) return
        for (line in lines) {
            items.addLast(line)
            bytes += costOf(line)
            newerAdded++
        }
        dropOldestBeyondBound()
    }

    /**
     * The newest index below [before] whose entry contains [query], or null if there is none.
     * [before] may be anything: `size` (or more) searches from the newest, 0 (or less) finds
     * nothing. An empty [query] matches every entry. Case matters unless [ignoreCase], as in bash's
     * and JLine's Ctrl+R by default.
     */
    fun searchBackward(query: String, before: Int, ignoreCase: Boolean = false): Int? {
        // Clamp before subtracting, so Int.MIN_VALUE cannot wrap around.
        var i = before.coerceIn(0, items.size) - 1
        while (i >= 0) {
            if (items[i].contains(query, ignoreCase)) return i
            i--
        }
        return null
    }

    /**
     * The oldest index above [after] whose entry contains [query], or null if there is none.
     * [after] may be anything: -1 (or less) searches from the oldest, `size - 1` (or more) finds
     * nothing. Otherwise as [searchBackward].
     */
    fun searchForward(query: String, after: Int, ignoreCase: Boolean = false): Int? {
        var i = after.coerceIn(-1, items.size) + 1
        while (i < items.size) {
            if (items[i].contains(query, ignoreCase)) return i
            i++
        }
        return null
    }

    private fun dropOldestBeyondBound() {
        while (items.size > maxEntries || (bytes > maxBytes && items.size > 1)) {
            bytes -= costOf(items.removeFirst())
            dropped++
        }
    }

    internal companion object {
        /** The default for [maxBytes]: 8 MiB. */
        const val DEFAULT_MAX_BYTES: Long = 8L shl 20

        /** What an entry costs besides its chars: the string's header, its array's and a slot. */
        const val ENTRY_OVERHEAD: Long = 64

        /** What [line] costs by the accounting in the class KDoc. */
        fun costOf(line: String): Long = 2L * line.length + ENTRY_OVERHEAD
    }

    override fun toString(): String = "History(size=$size, maxEntries=$maxEntries, bytes=$bytes)"
}
