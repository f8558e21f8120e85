// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe

/**
 * Every number in [TermiosLayout] against a C compiler's view of the real headers (on the OS the
 * build runs on), and the macOS layout against values copied from XNU's headers.
 */
class TermiosLayoutTest : FunSpec({
    test("the layout of this machine matches its C headers") {
        val layout = TermiosLayout.current()
            ?: fail("no termios layout for ${System.getProperty("os.name")} ${System.getProperty("os.arch")}")
        val headers = compileAndRunProbe()
        withClue("C headers said $headers") {
            layout.asHeaderValues() shouldBe headers
        }
    }

    test("the macOS layout matches XNU's headers") {
        TermiosLayout.MacOs.asHeaderValues() shouldBe macOsHeaders
    }

    test("the Linux layout has the c_line byte and 32 control characters, macOS neither") {
        TermiosLayout.Linux.lineOffset shouldBe 16
        TermiosLayout.Linux.nccs shouldBe 32
        TermiosLayout.MacOs.lineOffset.shouldBeNull()
        TermiosLayout.MacOs.nccs shouldBe 20
    }

    context("the layout is chosen from os.name and os.arch") {
        withTests(
            nameFn = { "${it.first} ${it.second}" },
            Triple("Linux", "amd64", TermiosLayout.Linux),
            Triple("Linux", "aarch64", TermiosLayout.Linux),
            Triple("Mac OS X", "x86_64", TermiosLayout.MacOs),
            Triple("Mac OS X", "aarch64", TermiosLayout.MacOs),
            Triple("Linux", "ppc64le", null),
            Triple("Linux", "x86", null),
            Triple("Windows 11", "amd64", null),
            Triple("FreeBSD", "amd64", null),
        ) { (os, arch, expected) ->
            TermiosLayout.forPlatform(os, arch) shouldBe expected
        }
    }
})

/** The layout as the probe prints it: name to value. */
private fun TermiosLayout.asHeaderValues(): Map<String, Long> = buildMap {
    put("sizeof_tcflag_t", flagSize.toLong())
    put("sizeof_speed_t", speedSize.toLong())
    put("c_iflag", iflagOffset.toLong())
    put("c_oflag", oflagOffset.toLong())
    put("c_cflag", cflagOffset.toLong())
    put("c_lflag", lflagOffset.toLong())
    lineOffset?.let { put("c_line", it.toLong()) }
    put("c_cc", ccOffset.toLong())
    put("NCCS", nccs.toLong())
    put("c_ispeed", ispeedOffset.toLong())
    put("c_ospeed", ospeedOffset.toLong())
    put("sizeof_termios", this@asHeaderValues.size.toLong()) // not the map's size
    put("ISIG", isig)
    put("ICANON", icanon)
    put("ECHO", echo)
    put("ECHONL", echonl)
    put("IEXTEN", iexten)
    put("IXON", ixon)
    put("ICRNL", icrnl)
    put("INLCR", inlcr)
    put("IGNCR", igncr)
    put("OPOST", opost)
    put("VMIN", vmin.toLong())
    put("VTIME", vtime.toLong())
    put("TCSANOW", tcsanow.toLong())
    put("TIOCGWINSZ", tiocgwinsz)
    put("TIOCSWINSZ", tiocswinsz)
    put("POLLIN", pollin.toLong())
    put("POLLOUT", pollout.toLong())
    put("POLLERR", pollerr.toLong())
    put("POLLHUP", pollhup.toLong())
    put("POLLNVAL", pollnval.toLong())
    put("EINTR", eintr.toLong())
    put("EAGAIN", eagain.toLong())
    put("EIO", eio.toLong())
    put("O_RDWR", oRdwr.toLong())
    put("O_NOCTTY", oNoctty.toLong())
    put("O_NONBLOCK", oNonblock.toLong())
    put("F_GETFD", fGetfd.toLong())
    put("F_GETFL", fGetfl.toLong())
    put("F_SETFL", fSetfl.toLong())
    put("SIGTSTP", sigtstp.toLong())
}

/**
 * The macOS values, copied from apple/darwin-xnu (commit ff3a0c1e9808972592661c365ab368466b31ab20):
 * - `bsd/sys/termios.h`: `tcflag_t`, `speed_t` are `unsigned long`; struct termios { 4 x tcflag_t;
 *   cc_t c_cc[NCCS]; speed_t c_ispeed, c_ospeed } with NCCS 20, VMIN 16, VTIME 17; ISIG 0x80,
 *   ICANON 0x100, ECHO 0x8, ECHONL 0x10, IEXTEN 0x400; IXON 0x200, ICRNL 0x100, INLCR 0x40,
 *   IGNCR 0x80; OPOST 0x1; TCSANOW 0. Offsets follow from LP64 alignment (c_cc ends at 52, the
 *   speeds are 8-aligned at 56 and 64, size 72).
 * - `bsd/sys/ttycom.h`: TIOCGWINSZ _IOR('t', 104, struct winsize), TIOCSWINSZ _IOW('t', 103,
 *   struct winsize), winsize = 4 unsigned shorts; `bsd/sys/ioccom.h`: IOC_OUT 0x40000000,
 *   IOC_IN 0x80000000, _IOC(inout, g, n, len) = inout | (len & 0x1fff) << 16 | g << 8 | n.
 * - `bsd/sys/poll.h`: POLLIN 0x1, POLLOUT 0x4, POLLERR 0x8, POLLHUP 0x10, POLLNVAL 0x20.
 * - `bsd/sys/errno.h`: EINTR 4, EIO 5, EAGAIN 35.
 * - `bsd/sys/fcntl.h`: O_RDWR 0x2, O_NONBLOCK 0x4, O_NOCTTY 0x20000, F_GETFD 1, F_GETFL 3, F_SETFL 4.
 * - `bsd/sys/signal.h`: SIGTSTP 18.
 */
private val macOsHeaders: Map<String, Long> = mapOf<String, Long>(
    "sizeof_tcflag_t" to 8, "sizeof_speed_t" to 8,
    "c_iflag" to 0, "c_oflag" to 8, "c_cflag" to 16, "c_lflag" to 24,
    "c_cc" to 32, "NCCS" to 20, "c_ispeed" to 56, "c_ospeed" to 64, "sizeof_termios" to 72,
    "ISIG" to 0x80, "ICANON" to 0x100, "ECHO" to 0x8, "ECHONL" to 0x10, "IEXTEN" to 0x400,
    "IXON" to 0x200, "ICRNL" to 0x100, "INLCR" to 0x40, "IGNCR" to 0x80, "OPOST" to 0x1,
    "VMIN" to 16, "VTIME" to 17, "TCSANOW" to 0,
    "TIOCGWINSZ" to (0x40000000L or (8L shl 16) or ('t'.code.toLong() shl 8) or 104),
    "TIOCSWINSZ" to (0x80000000L or (8L shl 16) or ('t'.code.toLong() shl 8) or 103),
    "POLLIN" to 0x1, "POLLOUT" to 0x4, "POLLERR" to 0x8, "POLLHUP" to 0x10, "POLLNVAL" to 0x20,
    "EINTR" to 4, "EAGAIN" to 35, "EIO" to 5,
    "O_RDWR" to 0x2, "O_NOCTTY" to 0x20000, "O_NONBLOCK" to 0x4, "F_GETFD" to 1, "F_GETFL" to 3, "F_SETFL" to 4,
    "SIGTSTP" to 18,
)

private val probeSource = """
    #include <stdio.h>
    #include <stddef.h>
    #include <errno.h>
    #include <fcntl.h>
    #include <poll.h>
    #include <signal.h>
    #include <termios.h>
    #include <sys/ioctl.h>
    #define P(name, value) printf("%s=%lu\n", name, (unsigned long) (value))
    #define OFF(field) P(#field, offsetof(struct termios, field))
    int main(void) {
        P("sizeof_tcflag_t", sizeof(tcflag_t)); P("sizeof_speed_t", sizeof(speed_t));
        OFF(c_iflag); OFF(c_oflag); OFF(c_cflag); OFF(c_lflag);
    #ifdef __linux__
        OFF(c_line);
    #endif
        OFF(c_cc); P("NCCS", NCCS); OFF(c_ispeed); OFF(c_ospeed);
        P("sizeof_termios", sizeof(struct termios));
        P("ISIG", ISIG); P("ICANON", ICANON); P("ECHO", ECHO); P("ECHONL", ECHONL); P("IEXTEN", IEXTEN);
        P("IXON", IXON); P("ICRNL", ICRNL); P("INLCR", INLCR); P("IGNCR", IGNCR); P("OPOST", OPOST);
        P("VMIN", VMIN); P("VTIME", VTIME); P("TCSANOW", TCSANOW);
        P("TIOCGWINSZ", TIOCGWINSZ); P("TIOCSWINSZ", TIOCSWINSZ);
        P("POLLIN", POLLIN); P("POLLOUT", POLLOUT); P("POLLERR", POLLERR); P("POLLHUP", POLLHUP); P("POLLNVAL", POLLNVAL);
        P("EINTR", EINTR); P("EAGAIN", EAGAIN); P("EIO", EIO);
        P("O_RDWR", O_RDWR); P("O_NOCTTY", O_NOCTTY); P("O_NONBLOCK", O_NONBLOCK); P("F_GETFD", F_GETFD); P("F_GETFL", F_GETFL); P("F_SETFL", F_SETFL);
        P("SIGTSTP", SIGTSTP);
        return 0;
    }
""".trimIndent()

/** Compiles and runs [probeSource] ([runCProbe]) and returns what it prints. */
private fun compileAndRunProbe(): Map<String, Long> =
    runCProbe(probeSource).lines().filter { it.isNotBlank() }.associate { line ->
        val (name, value) = line.split('=', limit = 2)
        name to value.trim().toLong()
    }
