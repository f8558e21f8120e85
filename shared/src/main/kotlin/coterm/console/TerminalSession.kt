package coterm.console

import coterm.terminal.RawMode
import coterm.terminal.Terminal

/**
 * The terminal state a console changes, and the one place that puts it back: raw mode and
 * bracketed paste. [restore] is idempotent and runs on every exit path, including a JVM
 * shutdown hook registered by [install].
 */
internal class TerminalSession private constructor(
    private val terminal: Terminal,
    private val rawMode: RawMode?,
    private val bracketedPaste: Boolean,
) {
    private val lock = Any()
    private var restored = false
    private var hook: Thread? = null

    fun restore() = synchronized(lock) {
        if (restored) return
        restored = true
        // termios first: it is what leaves a shell unusable, and it cannot block on a full
        // output buffer the way a write can.
        try {
            rawMode?.close()
        } catch (e: Exception) {
            System.err.println("coterm: could not restore the terminal: ${e.message}")
        }
        if (bracketedPaste) {
            try {
                val off = "\u001b[?2004l".toByteArray()
                terminal.write(off, 0, off.size)
                terminal.flush()
            } catch (_: Exception) {
                // The terminal is gone (hang-up): nothing left to switch off.
            }
        }
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

    companion object {
        /** Puts [terminal] into raw mode (when [raw]) and turns on bracketed paste (when asked). */
        fun install(terminal: Terminal, raw: Boolean, bracketedPaste: Boolean): TerminalSession {
            val rawMode = if (raw) terminal.enterRawMode() else null
            val session = TerminalSession(terminal, rawMode, raw && bracketedPaste)
            val hook = Thread({ session.restore() }, "coterm-restore-terminal")
            session.hook = hook
            Runtime.getRuntime().addShutdownHook(hook)
            if (session.bracketedPaste) {
                val on = "\u001b[?2004h".toByteArray()
                terminal.write(on, 0, on.size)
                terminal.flush()
            }
            return session
        }
    }
}
