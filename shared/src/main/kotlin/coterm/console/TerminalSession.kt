package coterm.console

import coterm.terminal.RawMode
import coterm.terminal.Terminal

/**
 * The terminal state a console changes, and the one place that puts it back: raw mode and
 * bracketed paste. [restore] is idempotent and runs on every exit path, including a JVM
 * shutdown hook registered by [install].
 *
 * [pause] gives the terminal back as it was (for a child process, or while the program is
 * stopped by Ctrl+Z) and [resume] takes it again, saving the state afresh: settings a child
 * changed and kept (`stty` run from the shell) are what a later [restore] goes back to, as they
 * would be after any program the user ran.
 *
 * | state | [pause] | [resume] | [restore] |
 * |---|---|---|---|
 * | active | paused | — | restored |
 * | paused | — | active | restored |
 * | restored | — | — | — |
 */
internal class TerminalSession private constructor(
    private val terminal: Terminal,
    private var rawMode: RawMode?,
    private val raw: Boolean,
    private val bracketedPaste: Boolean,
) {
    private val lock = Any()
    private var restored = false
    private var paused = false
    private var hook: Thread? = null

    /** True while [pause]d. */
    val isPaused: Boolean get() = synchronized(lock) { paused }

    fun restore() = synchronized(lock) {
        if (restored) return
        restored = true
        giveBack()
        val h = hook
        hook = null
        if (h != null && Thread.currentThread() !== h) {
            try {
                Runtime.getRuntime().removeShutdownHook(h)
            } catch (_: IllegalStateException) {
                // Shutdown in progress: the hook runs anyway and finds nothing to do.
            }
        }
    }

    /** Leaves raw mode and bracketed paste, as at [restore], but can [resume]. */
    fun pause() = synchronized(lock) {
        if (restored || paused) return
        paused = true
        giveBack()
    }

    /** Enters raw mode and bracketed paste again after [pause]. */
    fun resume() = synchronized(lock) {
        if (restored || !paused) return
        paused = false
        if (raw) rawMode = terminal.enterRawMode()
        if (bracketedPaste) send(PASTE_ON)
    }

    private fun giveBack() {
        // termios first: it is what leaves a shell unusable, and it cannot block on a full
        // output buffer the way a write can.
        try {
            rawMode?.close()
        } catch (e: Exception) {
            System.err.println("coterm: could not restore the terminal: ${e.message}")
        }
        rawMode = null
        if (bracketedPaste) send(PASTE_OFF)
    }

    private fun send(sequence: String) {
        try {
            val bytes = sequence.toByteArray()
            terminal.write(bytes, 0, bytes.size)
            terminal.flush()
        } catch (_: Exception) {
            // The terminal is gone (hang-up): nothing left to switch.
        }
    }

    companion object {
        private const val PASTE_ON = "\u001b[?2004h"
        private const val PASTE_OFF = "\u001b[?2004l"

        /** Puts [terminal] into raw mode (when [raw]) and turns on bracketed paste (when asked). */
        fun install(terminal: Terminal, raw: Boolean, bracketedPaste: Boolean): TerminalSession {
            val rawMode = if (raw) terminal.enterRawMode() else null
            val session = TerminalSession(terminal, rawMode, raw, raw && bracketedPaste)
            val hook = Thread({ session.restore() }, "coterm-restore-terminal")
            session.hook = hook
            Runtime.getRuntime().addShutdownHook(hook)
            if (session.bracketedPaste) {
                val on = PASTE_ON.toByteArray()
                terminal.write(on, 0, on.size)
                terminal.flush()
            }
            return session
        }
    }
}
