package coterm.editor

/**
 * The text killed (cut) while editing, newest first, for Ctrl+Y and Alt+Y. Pure state.
 *
 * As in readline and Emacs, kills that follow each other with nothing in between add to the same
 * entry: two Ctrl+W presses take back two words with one Ctrl+Y. Killing backwards adds in
 * front, killing forwards adds behind, so the entry reads as the text did.
 */
internal class KillRing(private val capacity: Int = DEFAULT_CAPACITY) {
    private val entries = ArrayDeque<String>()
    private var yankIndex = 0

    val isEmpty: Boolean get() = entries.isEmpty()

    /** Records killed [text]; [append] joins it to the newest entry ([backwards]: in front). */
    fun kill(text: String, append: Boolean, backwards: Boolean) {
        if (text.isEmpty()) return
        if (append && entries.isNotEmpty()) {
            val newest = entries.removeFirst()
            entries.addFirst(if (backwards) text + newest else newest + text)
        } else {
            entries.addFirst(text)
            while (entries.size > capacity) entries.removeLast()
        }
        yankIndex = 0
    }

    /** The newest entry, for Ctrl+Y; null when nothing was killed. */
    fun yank(): String? {
        yankIndex = 0
        return entries.firstOrNull()
    }

    /** The entry before the one yanked last, cycling round, for Alt+Y. */
    fun rotate(): String? {
        if (entries.isEmpty()) return null
        yankIndex = (yankIndex + 1) % entries.size
        return entries[yankIndex]
    }

    private companion object {
        const val DEFAULT_CAPACITY = 60
    }
}
