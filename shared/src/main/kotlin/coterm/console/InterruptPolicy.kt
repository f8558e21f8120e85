// SPDX-License-Identifier: Apache-2.0
package coterm.console

/**
 * What to do with one Ctrl+C press (or SIGINT), given when it came and which command it is
 * aimed at. Pure: the caller supplies the time and the command's identity (a number the
 * [CommandSupervisor] gives each command), so tests run on any clock.
 *
 * A press is aimed at the foreground command, or at no command (null) when a prompt is in
 * front or nothing runs. Presses less than [graceNanos] apart, with nothing else typed between
 * them ([onOtherInput]), are one burst: a storm of 0x03 split over several reads, a key held
 * down, a double tap. The count of presses belongs to one command.
 *
 * | press                                                                          | decision                                   |
 * |--------------------------------------------------------------------------------|--------------------------------------------|
 * | at a command the count is not for (a new command, or a first press on it)     | [Decision.Cancel]; the count is 1, for it  |
 * | at the counted command, in a burst (less than the grace after the previous press, nothing typed between) | [Decision.Fold] |
 * | at the counted command, not in a burst, count 1                                | [Decision.Notice]; the count is 2          |
 * | at the counted command, not in a burst, count 2+                               | [Decision.ForceExit]                       |
 * | at no command, in a burst that reached a command                               | [Decision.Fold]                            |
 * | at no command, otherwise                                                       | [Decision.PassOn] (the prompt shows `^C`)  |
 *
 * **A command's first press is never folded.** Press Ctrl+C on `sleep 100`, run `sleep 100`
 * again at once and press Ctrl+C: that press is the new command's first, and cancels it, however
 * soon it comes. Folding follows the command, never only the clock.
 *
 * **The window slides**: "the previous press" is the one just before, whether it was counted or
 * folded. A held key sends its first repeat 250-660 ms after the press, then one every ~30 ms;
 * with the window sliding, a held key counts at most the press and its first repeat (Cancel,
 * then Notice if the command is still running) and never forces an exit, however long it is
 * held. Measured from the last counted press instead, a held key would count a repeat every
 * 200 ms and force the exit after about 0.7 s: a command that cancels cooperatively, but takes
 * a moment over its `finally` blocks, would be killed by a key the user had not yet released.
 * The price: a person who presses more than five times a second stays in one burst until they
 * leave 200 ms between two presses; hammering at the usual three or four presses a second
 * escalates at the second and third press. Key repeat set slower than five a second (possible on
 * some systems) cannot be told from a person and escalates like one.
 *
 * **At a prompt**, a press in a burst that reached a command is folded: the rest of a storm, or
 * of a double tap, that cancelled the command and spilled onto the fresh prompt, which would
 * otherwise print a `^C` for each. A key typed between two presses ends the burst, so a press
 * after typing is always the prompt's: cancel a command, type `half` and press Ctrl+C, however
 * fast, and the line is discarded; and a Ctrl+C typed after a new command's line is never folded
 * into the press that cancelled the command before, even when it is read while the prompt is
 * still up. Any other press at a prompt is the prompt's `^C`, every time (DESIGN 1.1): a key
 * held at a prompt repeats `^C` as it does in bash, including the repeats of a key that cancelled
 * a command, which come after the 200 ms have passed. Presses that follow each other in one read
 * are folded before they get here (EventRouter), so a storm in one read is one press at a prompt
 * too.
 */
internal class InterruptPolicy(private val graceNanos: Long) {
    /** A decision for one press. */
    enum class Decision { Cancel, Fold, Notice, ForceExit, PassOn }

    private var anyPress = false
    private var lastPressAt = 0L

    /** The command the count is for; null before the first press aimed at a command. */
    private var countedCommand: Long? = null
    private var counted = 0

    /** True while the current burst contains a press aimed at a command. */
    private var burstReachedCommand = false

    /**
     * Decides about a press at [now] (monotonic nanoseconds, any origin) aimed at [command]: the
     * foreground command's number, or null when no command takes the press (a prompt is in
     * front, or nothing runs).
     */
    fun onPress(now: Long, command: Long?): Decision {
        val inBurst = anyPress && now - lastPressAt < graceNanos
        anyPress = true
        lastPressAt = now
        if (command == null) {
            if (inBurst && burstReachedCommand) return Decision.Fold
            burstReachedCommand = false
            return Decision.PassOn
        }
        burstReachedCommand = true
        if (command != countedCommand) {
            countedCommand = command
            counted = 1
            return Decision.Cancel
        }
        if (inBurst) return Decision.Fold
        counted++
        return if (counted == 2) Decision.Notice else Decision.ForceExit
    }

    /** Input other than Ctrl+C arrived (a key, a paste): the next press starts a new burst. */
    fun onOtherInput() {
        anyPress = false
    }
}
