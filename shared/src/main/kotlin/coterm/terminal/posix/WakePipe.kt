// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalException

/**
 * The self-pipe a blocked [PosixTerminal.read] waits on beside the input: [signal] writes one
 * byte into it, so the reader's `poll` returns at once, and the reader [drain]s it. Both ends are
 * non-blocking, so a full pipe (plenty of wake-ups pending already) never blocks [signal].
 *
 * Not thread-safe by itself: [PosixTerminal] opens, signals and closes it under its lock and
 * closes it only when no reader waits on it; only the reader drains it.
 */
internal class WakePipe private constructor(private val fds: IntArray, private val layout: TermiosLayout) {
    /** The end a reader polls. */
    val readFd: Int get() = fds[0]

    /** Wakes the reader polling [readFd], now or at its next poll. */
    fun signal() {
        val one = byteArrayOf(1)
        while (true) {
            if (LibC.write(fds[1], one, 1) >= 0) return
            when (val errno = LibC.errno()) {
                layout.eintr -> continue
                // Pipe full: plenty of wake-ups are already pending.
                layout.eagain -> return
                else -> throw LibC.failure("write to the wake pipe", errno)
            }
        }
    }

    /** Takes every pending wake-up out of the pipe. */
    fun drain() {
        val sink = ByteArray(64)
        while (true) {
            val n = LibC.read(fds[0], sink, sink.size)
            if (n == sink.size.toLong()) continue
            if (n < 0 && LibC.errno() == layout.eintr) continue
            return
        }
    }

    /** Closes both ends. */
    fun close() {
        fds.forEach { LibC.close(it) }
    }

    companion object {
        /** A new pipe, both ends non-blocking. @throws TerminalException when the system refuses. */
        fun open(layout: TermiosLayout): WakePipe {
            val fds = IntArray(2)
            if (LibC.pipe(fds) != 0) throw LibC.failure("pipe")
            for (fd in fds) {
                val flags = LibC.fcntl(fd, layout.fGetfl)
                if (flags < 0 || LibC.fcntl(fd, layout.fSetfl, flags or layout.oNonblock) < 0) {
                    val error = LibC.failure("fcntl")
                    fds.forEach { LibC.close(it) }
                    throw error
                }
            }
            return WakePipe(fds, layout)
        }
    }
}
