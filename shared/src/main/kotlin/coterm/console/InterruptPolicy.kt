package coterm.console

/**
 * What to do with one Ctrl+C press that arrives while a command is running or has just been
 * cancelled. Pure: the caller supplies the time, so tests run on any clock.
 *
 * | press                                                   | decision                                  |
 * |---------------------------------------------------------|-------------------------------------------|
 * | first, command running                                  | [Decision.Cancel]                         |
 * | within [graceNanos] of the previous press, after a cancel | [Decision.Fold] (part of the same press)  |
 * | second counted, still not finished                      | [Decision.Notice]                         |
 * | third counted, still not finished                       | [Decision.ForceExit]                      |
 * | no command, outside the grace window                    | [Decision.PassOn] (the prompt handles it) |
 *
 * Folding counts presses, not bytes, and the window slides: every press within the grace period
 * of the one before it (folded or not) belongs to the same burst. So a storm of 0x03 in one read,
 * or a held key repeating every 30 ms, is one press: it never escalates, and it does not spill
 * onto the next prompt once the cancelled command has finished. A person who pauses and presses
 * again on a command that is visibly stuck gets the notice, then the exit.
 */
internal class InterruptPolicy(private val graceNanos: Long) {
    /** A decision for one press. */
    enum class Decision { Cancel, Fold, Notice, ForceExit, PassOn }

    private var counted = 0
    private var lastPressAt = 0L
    private var inBurst = false

    /**
     * Decides about a press at [now] (monotonic nanoseconds); [commandRunning] says whether a
     * foreground command is running (not finished, and no prompt in front of it).
     */
    fun onPress(now: Long, commandRunning: Boolean): Decision {
        if (inBurst && now - lastPressAt < graceNanos) {
            lastPressAt = now
            return Decision.Fold
        }
        if (!commandRunning) {
            inBurst = false
            counted = 0
            return Decision.PassOn
        }
        counted++
        inBurst = true
        lastPressAt = now
        return when (counted) {
            1 -> Decision.Cancel
            2 -> Decision.Notice
            else -> Decision.ForceExit
        }
    }

    /**
     * The foreground command has finished: the next press on a new command starts a new count.
     * A burst in progress is still folded.
     */
    fun onCommandFinished() {
        counted = 0
    }
}
