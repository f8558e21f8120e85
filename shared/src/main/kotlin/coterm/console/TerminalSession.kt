// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.terminal.RawMode
import coterm.terminal.Terminal

/**
 * The terminal state a console changes, and the one place that puts it back: raw mode,
 * bracketed paste and the cursor's shape (vi mode), given away and taken back around a child process ([pause], [resume]) and
 * around a stop ([suspendProcess] for Ctrl+Z, [onContinued] for SIGCONT). [restore] is idempotent
 * and runs on every exit path, including the process's one JVM shutdown hook for the terminal,
 * registered by [install] (the platform's [RawMode] registers none).
 *
 * **One baseline: the state from before the console started.** [pause] gives the terminal back
 * in that state (to a child process, or while the program is stopped by Ctrl+Z), [resume] takes
 * it again by entering raw mode from that same state ([RawMode.resume]), and [restore] writes it
 * back for good. Whatever a child leaves behind is forgotten at [resume]: raw mode and no echo
 * after a crash (bash resets a job killed by a signal the same way), and also settings a child
 * made on purpose: `run stty -echo` lasts as long as that child. coterm is not the user's shell,
 * and the shell that started it gets back exactly what it gave, as vim does with `:!stty`
 * (it saves the terminal's state once, at start). Settings meant to last are made in the shell.
 *
 * | state | [pause] | [resume] | [restoreModes] / [restore] |
 * |---|---|---|---|
 * | active | paused | — | restored |
 * | paused | — | active | restored |
 * | restored | — | — | — |
 *
 * **Writes** (the bracketed-paste switches) go through the [ConsoleWriter]'s lock like every
 * other output, so they never land inside a redraw; they happen outside the state's lock, in the
 * order of the transitions, each writing the difference between what the last transition wants
 * and what the terminal was last told. So [restoreModes] (termios only) never waits for a
 * terminal that does not take output, nor for the writer's lock; [restore] does its write after
 * it, and exit paths bound that wait ([FinalWrite]).
 *
 * Threading: any thread. Failures to give the terminal back are reported on standard error and
 * the step goes on; a failure to take it back ([resume]) is thrown.
 */
internal class TerminalSession private constructor(
    private val terminal: Terminal,
    private val writer: ConsoleWriter,
    private val rawMode: RawMode?,
    private val bracketedPaste: Boolean,
    /** Whether the terminal takes DECSCUSR ([CursorShape.supported]) and we draw on it: vi mode's cursor shapes. */
    private val cursorShapes: Boolean = false,
) {
    /** Guards [restored], [paused] and [pasteWanted]; never held across a write. */
    private val lock = Any()
    private var restored = false
    private var paused = false

    /** Whether bracketed paste should be on after the last transition. */
    private var pasteWanted = bracketedPaste

    /** Whether the terminal was last told to turn bracketed paste on; guarded by the writer's lock. */
    private var pasteOn = false

    /** The cursor shape the prompt asks for ([setCursorShape]); shown only while active. Guarded by [lock]. */
    private var shapeWanted = CursorShape.Default

    /** The shape the terminal was last told; guarded by the writer's lock. */
    private var shapeSent = CursorShape.Default
    private var hook: Thread? = null

    /** True while [pause]d. */
    val isPaused: Boolean get() = synchronized(lock) { paused }

    /** Leaves raw mode and bracketed paste, the terminal back in its state from before the start; [resume] can follow. */
    fun pause() {
        synchronized(lock) {
            if (restored || paused) return
            paused = true
            pasteWanted = false
            try {
                rawMode?.pause()
            } catch (e: Exception) {
                System.err.println("coterm: could not give the terminal back: ${e.message}")
            }
        }
        syncPaste()
        syncShape()
    }

    /**
     * Shows the cursor as [shape] while the console has the terminal (vi mode's bar and block);
     * [pause] and [restore] put the terminal's own shape back, [resume] shows this one again.
     * Nothing unless the terminal takes DECSCUSR and the console draws on it.
     */
    fun setCursorShape(shape: CursorShape) {
        if (!cursorShapes) return
        synchronized(lock) {
            if (restored) return
            shapeWanted = shape
        }
        syncShape()
    }

    /** Tells the terminal the cursor shape the state wants, if it was told another: the default unless active. */
    private fun syncShape() {
        if (!cursorShapes) return
        writer.exclusive {
            val wanted = synchronized(lock) { if (restored || paused) CursorShape.Default else shapeWanted }
            if (wanted != shapeSent) {
                shapeSent = wanted
                send(wanted.sequence)
            }
        }
    }

    /**
     * Enters raw mode again, computed from the state from before the start, and bracketed paste.
     *
     * @throws coterm.terminal.TerminalException when raw mode cannot be entered; bracketed paste
     *   then stays off, and the next [pause] and [resume] try again.
     */
    fun resume() {
        synchronized(lock) {
            if (restored || !paused) return
            paused = false
            rawMode?.resume()
            pasteWanted = bracketedPaste
        }
        syncPaste()
        syncShape()
    }

    /**
     * Writes the termios from before the start back, for good, and nothing else: no write to the
     * terminal, so it cannot block on one that has stalled. Idempotent.
     */
    fun restoreModes() {
        val h = synchronized(lock) {
            if (restored) return
            restored = true
            pasteWanted = false
            try {
                rawMode?.close()
            } catch (e: Exception) {
                System.err.println("coterm: could not restore the terminal: ${e.message}")
            }
            hook.also { hook = null }
        }
        if (h != null && Thread.currentThread() !== h) {
            try {
                Runtime.getRuntime().removeShutdownHook(h)
            } catch (_: IllegalStateException) {
                // Shutdown in progress: the hook runs anyway and finds nothing to do.
            }
        }
    }

    /**
     * [restoreModes], then bracketed paste off: everything [install] changed, back as it was.
     * Idempotent. The write blocks while the terminal takes no output; exit paths bound it.
     */
    fun restore() {
        restoreModes()
        syncPaste()
        syncShape()
    }

    /**
     * Ctrl+Z: gives the terminal back and stops the process ([stop]); takes it again once the
     * process is continued. Nothing while paused: a child has the terminal, or a stop is on.
     */
    fun suspendProcess(stop: () -> Boolean) {
        if (rawMode == null || isPaused) return
        writer.leaveLine()
        // Bracketed paste is switched off before the stop: the shell gets its terminal as it was.
        pause()
        try {
            stop()
        } finally {
            takeBack("after Ctrl+Z")
        }
    }

    /** SIGCONT: whatever stopped us, the shell may have reset the terminal; take it again. */
    fun onContinued() {
        if (rawMode == null || isPaused) return
        pause()
        takeBack("after SIGCONT")
    }

    /** Raw mode again after a stop, and the line redrawn; a failure is reported, the console goes on. */
    private fun takeBack(moment: String) {
        try {
            resume()
        } catch (e: coterm.terminal.TerminalException) {
            System.err.println("coterm: taking the terminal back $moment: $e")
        }
        writer.redraw()
    }

    /** Tells the terminal to switch bracketed paste if the last transition wants it otherwise. */
    private fun syncPaste() {
        if (!bracketedPaste) return
        writer.exclusive {
            val wanted = synchronized(lock) { pasteWanted }
            if (wanted != pasteOn) {
                pasteOn = wanted
                send(if (wanted) PASTE_ON else PASTE_OFF)
            }
        }
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

        /** How long the shutdown hook waits for bracketed paste to be switched off. */
        private const val HOOK_WRITE_MILLIS = 500L

        /**
         * Puts [terminal] into raw mode (when [raw]) and turns on bracketed paste (when asked),
         * and registers the shutdown hook that restores both: termios first, then the write,
         * waited for at most [HOOK_WRITE_MILLIS] so that a stalled terminal cannot hold up the
         * JVM's exit. Its writes go through [writer]'s lock.
         */
        fun install(terminal: Terminal, writer: ConsoleWriter, raw: Boolean, bracketedPaste: Boolean, cursorShapes: Boolean = false): TerminalSession {
            val rawMode = if (raw) terminal.enterRawMode() else null
            val session = TerminalSession(terminal, writer, rawMode, raw && bracketedPaste, raw && cursorShapes)
            val hook = Thread({
                session.restoreModes()
                FinalWrite.within(HOOK_WRITE_MILLIS) { session.restore() }
            }, "coterm-restore-terminal")
            session.hook = hook
            Runtime.getRuntime().addShutdownHook(hook)
            if (session.bracketedPaste) {
                try {
                    writer.exclusive {
                        val on = PASTE_ON.toByteArray()
                        terminal.write(on, 0, on.size)
                        terminal.flush()
                        session.pasteOn = true
                    }
                } catch (e: Exception) {
                    session.restoreModes()
                    throw e
                }
            }
            return session
        }
    }
}
