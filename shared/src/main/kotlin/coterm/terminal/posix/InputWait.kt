// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalException
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * The one blocking call of [PosixTerminal.read]: waits until the input descriptor has something
 * to read (bytes, end of input or an error) or the wake pipe has been written, with no timeout
 * unless asked, so an idle reader makes no system calls.
 *
 * It waits in `poll` until `poll` refuses the input. macOS builds `poll` on kqueue, which
 * supports no character device but ptys: with `/dev/tty`, `/dev/null`, `/dev/zero` or
 * `/dev/console` as standard input, `poll` returns at once with POLLNVAL on a descriptor that is
 * open (XNU `bsd/kern/sys_generic.c`, `bsd/miscfs/specfs/spec_vnops.c`). From then on this
 * waiter uses `select`, which those devices support (`/dev/tty` forwards to the real terminal,
 * `/dev/null` and `/dev/zero` are always ready), as libuv does in `uv__stream_try_select` and
 * tmux by forcing libevent's select backend on macOS. The switch is made once and kept: the
 * descriptor does not change. POLLNVAL on a closed descriptor is [Ready.InputClosed], as before.
 *
 * Threading: [await] may be called by one reader at a time; the switch is published to others.
 *
 * @param poll `poll(2)`; tests pass one that answers POLLNVAL as macOS does, to run the select
 *   path on Linux.
 */
internal class InputWait(
    private val inputFd: Int,
    private val layout: TermiosLayout,
    private val poll: (fds: ByteArray, nfds: Int, timeoutMillis: Int) -> Int = LibC::poll,
) {
    /** What one wait found. */
    enum class Ready {
        /** The input can be read without blocking (bytes, end of input or an error). */
        Input,

        /** The wake pipe has bytes: drain it and return to the caller. */
        Woken,

        /** The timeout passed. */
        TimedOut,

        /** The input descriptor is not open (someone closed fd 0): there is no more input. */
        InputClosed,

        /** Nothing yet (EINTR, or `poll` refused the input and [selects] is now true): wait again. */
        Again,
    }

    /** True once `poll` has refused the input: every later wait is in `select`. */
    @Volatile
    var selects: Boolean = false
        private set

    /** Waits up to [timeoutMillis] (-1: no timeout) for the input or the wake pipe's read end [wakeFd]. */
    fun await(wakeFd: Int, timeoutMillis: Int): Ready =
        if (selects) awaitInSelect(wakeFd, timeoutMillis) else awaitInPoll(wakeFd, timeoutMillis)

    /** The two `struct pollfd` entries [awaitInPoll] passes, made once: one reader at a time waits. */
    private val fds = ByteArray(16)
    private val view = ByteBuffer.wrap(fds).order(ByteOrder.nativeOrder())

    private fun awaitInPoll(wakeFd: Int, timeoutMillis: Int): Ready {
        view.putInt(0, inputFd).putShort(4, layout.pollin.toShort()).putShort(6, 0)
        view.putInt(8, wakeFd).putShort(12, layout.pollin.toShort()).putShort(14, 0)
        val ready = poll(fds, 2, timeoutMillis)
        if (ready < 0) {
            val errno = LibC.errno()
            if (errno == layout.eintr) return Ready.Again
            throw failure("poll", errno)
        }
        if (ready == 0) return Ready.TimedOut
        if (view.getShort(14).toInt() != 0) return Ready.Woken
        val events = view.getShort(6).toInt() and 0xffff
        if (events and layout.pollnval != 0) {
            if (!isOpen(inputFd)) return Ready.InputClosed
            selects = true
            return Ready.Again
        }
        return if (events and (layout.pollin or layout.pollhup or layout.pollerr) != 0) Ready.Input else Ready.Again
    }

    private fun awaitInSelect(wakeFd: Int, timeoutMillis: Int): Ready {
        val set = FdSet()
        try {
            set.add(inputFd)
            set.add(wakeFd)
        } catch (e: TerminalException) {
            throw TerminalException("poll cannot wait on fd $inputFd (macOS polls no device but ptys), and ${e.message}", e)
        }
        // struct timeval { seconds; microseconds }; null: wait without a timeout.
        val timeout = if (timeoutMillis < 0) null else longArrayOf(timeoutMillis / 1000L, timeoutMillis % 1000 * 1000L)
        val ready = LibC.select(maxOf(inputFd, wakeFd) + 1, set.words, timeout)
        if (ready < 0) {
            val errno = LibC.errno()
            if (errno == layout.eintr) return Ready.Again
            // EBADF: someone closed the input under us (the wake pipe outlives every wait).
            if (!isOpen(inputFd)) return Ready.InputClosed
            throw failure("select", errno)
        }
        if (ready == 0) return Ready.TimedOut
        if (wakeFd in set) return Ready.Woken
        return if (inputFd in set) Ready.Input else Ready.Again
    }

    private fun isOpen(fd: Int): Boolean = LibC.fcntl(fd, layout.fGetfd) >= 0

    private fun failure(call: String, errno: Int): TerminalException =
        TerminalException("$call on fd $inputFd failed: ${LibC.describe(errno)} (errno $errno)")
}
