package coterm.console

/**
 * What to do with one Ctrl+C press that arrives while a command is running or has just been
 * cancelled. Pure: the caller supplies the time, so tests run on any clock.
 *
 * | press                                   | decision                                  |
 * |-----------------------------------------|-------------------------------------------|
 * | first, command running                  | [Decision.Cancel]                         |
 * | within [graceNanos] of the last counted | [Decision.Fold] (part of the same press)  |
 * | second counted, still not finished      | [Decision.Notice]                         |
 * | third counted, still not finished       | [Decision.ForceExit]                      |
 * | no command, outside the grace window    | [Decision.PassOn] (the prompt handles it) |
 *
 * Folding counts presses, not bytes: a held key or a storm of 0x03 in one read is one press, so
 * it never force-exits a command that cancels cooperatively. Folding also applies just after
 * the cancelled command has finished, so a burst does not spill onto the next prompt.
 */
internal class InterruptPolicy(private val graceNanos: Long) {
    /** A decision for one press. */
    enum class Decision { Cancel, Fold, Notice, ForceExit, PassOn }

    private var counted = 0
    private var lastCountedAt = 0L
    private var armed = false

    /** Decides about a press at [now] (monotonic nanoseconds); [commandRunning] says whether a
     *  foreground command has not finished yet. */
    fun onPress(now: Long, commandRunning: Boolean): Decision {
        if (armed && now - lastCountedAt < graceNanos) return Decision.Fold
        if (!commandRunning) {
            counted = 0
            return Decision.PassOn
        }
        counted = if (armed) counted + 1 else 1
        armed = true
        lastCountedAt = now
        return when (counted) {
            1 -> Decision.Cancel
            2 -> Decision.Notice
            else -> Decision.ForceExit
        }
    }

    /** The foreground command has finished: the next press starts a new count. The grace window
     *  of the last press still applies, so a burst is folded even after the command ended. */
    fun onCommandFinished() {
        counted = 0
    }
}
