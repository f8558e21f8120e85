// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

/**
 * Where the fields of `struct termios` sit on one platform, and the other numbers from that
 * platform's C headers that the POSIX terminal needs. Data only: no native calls.
 *
 * Two layouts exist, [Linux] (glibc on x86_64 and aarch64) and [MacOs] (x86_64 and arm64). Both
 * are little-endian with 64-bit pointers. `TermiosLayoutTest` compiles a C program against the
 * real headers of the machine it runs on and compares every number here with it; the macOS
 * values are also checked against a fixture copied from XNU's headers.
 *
 * Flag values are [Long] because macOS's `tcflag_t` is an `unsigned long`.
 */
internal data class TermiosLayout(
    /** A name for messages. */
    val name: String,
    /** `sizeof(tcflag_t)`, 4 or 8 bytes. */
    val flagSize: Int,
    /** `sizeof(speed_t)`. */
    val speedSize: Int,
    val iflagOffset: Int,
    val oflagOffset: Int,
    val cflagOffset: Int,
    val lflagOffset: Int,
    /** Offset of `c_line` (Linux only), or null. */
    val lineOffset: Int?,
    val ccOffset: Int,
    /** `NCCS`: the number of entries in `c_cc`. */
    val nccs: Int,
    val ispeedOffset: Int,
    val ospeedOffset: Int,
    /** `sizeof(struct termios)`. */
    val size: Int,
    // c_lflag
    val isig: Long,
    val icanon: Long,
    val echo: Long,
    val echonl: Long,
    val iexten: Long,
    // c_iflag
    val ixon: Long,
    val icrnl: Long,
    val inlcr: Long,
    val igncr: Long,
    // c_oflag
    val opost: Long,
    /** Index of VMIN in `c_cc`. */
    val vmin: Int,
    /** Index of VTIME in `c_cc`. */
    val vtime: Int,
    val tcsanow: Int,
    val tiocgwinsz: Long,
    val tiocswinsz: Long,
    // <poll.h>; struct pollfd is { int fd; short events; short revents; } on both.
    val pollin: Int,
    val pollout: Int,
    val pollerr: Int,
    val pollhup: Int,
    val pollnval: Int,
    // <errno.h>
    val eintr: Int,
    val eagain: Int,
    val eio: Int,
    // <fcntl.h>
    val oRdwr: Int,
    val oNoctty: Int,
    val oNonblock: Int,
    val fGetfd: Int,
    val fGetfl: Int,
    val fSetfl: Int,
    /** SIGTSTP, the stop signal Ctrl+Z sends: 20 on Linux, 18 on macOS. */
    val sigtstp: Int,
) {
    internal companion object {
        /**
         * glibc on x86_64 and aarch64 (both use the generic `bits/termios-struct.h` and the
         * kernel's `asm-generic/ioctls.h`). Checked with gcc against the headers by
         * `TermiosLayoutTest` on every Linux build.
         */
        val Linux: TermiosLayout = TermiosLayout(
            name = "Linux (glibc)",
            flagSize = 4, speedSize = 4,
            iflagOffset = 0, oflagOffset = 4, cflagOffset = 8, lflagOffset = 12,
            lineOffset = 16, ccOffset = 17, nccs = 32,
            ispeedOffset = 52, ospeedOffset = 56, size = 60,
            isig = 0x1, icanon = 0x2, echo = 0x8, echonl = 0x40, iexten = 0x8000,
            ixon = 0x400, icrnl = 0x100, inlcr = 0x40, igncr = 0x80,
            opost = 0x1,
            vmin = 6, vtime = 5, tcsanow = 0,
            tiocgwinsz = 0x5413, tiocswinsz = 0x5414,
            pollin = 0x1, pollout = 0x4, pollerr = 0x8, pollhup = 0x10, pollnval = 0x20,
            eintr = 4, eagain = 11, eio = 5,
            oRdwr = 0x2, oNoctty = 0x100, oNonblock = 0x800, fGetfd = 1, fGetfl = 3, fSetfl = 4,
            sigtstp = 20,
        )

        /**
         * macOS on x86_64 and arm64 (LP64: `tcflag_t` and `speed_t` are `unsigned long`).
         * Values from XNU's `bsd/sys/termios.h`, `ttycom.h`, `ioccom.h`, `poll.h`, `errno.h` and
         * `fcntl.h` (apple/darwin-xnu); see the fixture in `TermiosLayoutTest`.
         * TIOCGWINSZ = _IOR('t', 104, struct winsize) = 0x40000000 | 8 << 16 | 0x74 << 8 | 104.
         */
        val MacOs: TermiosLayout = TermiosLayout(
            name = "macOS",
            flagSize = 8, speedSize = 8,
            iflagOffset = 0, oflagOffset = 8, cflagOffset = 16, lflagOffset = 24,
            lineOffset = null, ccOffset = 32, nccs = 20,
            ispeedOffset = 56, ospeedOffset = 64, size = 72,
            isig = 0x80, icanon = 0x100, echo = 0x8, echonl = 0x10, iexten = 0x400,
            ixon = 0x200, icrnl = 0x100, inlcr = 0x40, igncr = 0x80,
            opost = 0x1,
            vmin = 16, vtime = 17, tcsanow = 0,
            tiocgwinsz = 0x40087468, tiocswinsz = 0x80087467,
            pollin = 0x1, pollout = 0x4, pollerr = 0x8, pollhup = 0x10, pollnval = 0x20,
            eintr = 4, eagain = 35, eio = 5,
            oRdwr = 0x2, oNoctty = 0x20000, oNonblock = 0x4, fGetfd = 1, fGetfl = 3, fSetfl = 4,
            sigtstp = 18,
        )

        /**
         * The layout for an `os.name` / `os.arch` pair, or null where coterm has no verified
         * layout (other systems, 32-bit or big-endian architectures, Linux on architectures
         * whose termios differs, such as ppc64, mips or sparc).
         */
        fun forPlatform(osName: String, osArch: String): TermiosLayout? {
            val arch = osArch.lowercase()
            val is64BitArm = arch == "aarch64" || arch == "arm64"
            val isX64 = arch == "amd64" || arch == "x86_64"
            return when {
                osName == "Linux" && (isX64 || is64BitArm) -> Linux
                (osName == "Mac OS X" || osName == "Darwin" || osName == "macOS") && (isX64 || is64BitArm) -> MacOs
                else -> null
            }
        }

        /** The layout for the running JVM, or null. */
        fun current(): TermiosLayout? =
            forPlatform(System.getProperty("os.name").orEmpty(), System.getProperty("os.arch").orEmpty())
    }
}
