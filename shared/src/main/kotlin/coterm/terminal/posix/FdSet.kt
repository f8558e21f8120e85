// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalException

/**
 * An `fd_set` for `select`, as the [words] handed to [LibC.select]. Pure: no native calls.
 *
 * macOS declares `fd_set` as `__int32_t fds_bits[FD_SETSIZE / 32]`, the bit for descriptor `fd`
 * being `1 << (fd % 32)` of word `fd / 32`. glibc uses 64-bit `long` words, but on a
 * little-endian machine (every layout coterm supports, see [TermiosLayout]) that is the same
 * memory: byte `fd / 8`, bit `fd % 8`. `FD_SETSIZE` is 1024 on both.
 *
 * Descriptors from [SIZE] up do not fit and are refused with a [TerminalException]: the
 * Linux kernel would read past the set, and macOS's select variant without the Darwin extension
 * returns EINVAL. Only the reader's two descriptors ever go in, and they are low in practice.
 */
internal class FdSet {
    /** The bitmasks, in the order `select` reads them; [LibC.select] copies them in and back out. */
    val words: IntArray = IntArray(SIZE / 32)

    /** Adds [fd]. */
    fun add(fd: Int) {
        checkFits(fd)
        words[fd ushr 5] = words[fd ushr 5] or (1 shl (fd and 31))
    }

    /** True when [fd] is in the set (after `select`: ready). */
    operator fun contains(fd: Int): Boolean = fd in 0 until SIZE && words[fd ushr 5] and (1 shl (fd and 31)) != 0

    internal companion object {
        /** `FD_SETSIZE` on Linux (glibc) and macOS. */
        const val SIZE: Int = 1024

        /** Throws unless [fd] can go into an [FdSet]. */
        fun checkFits(fd: Int) {
            if (fd !in 0 until SIZE) {
                throw TerminalException("select cannot wait on fd $fd: an fd_set holds descriptors 0 to ${SIZE - 1} only")
            }
        }
    }
}
