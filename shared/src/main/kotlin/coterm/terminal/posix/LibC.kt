// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalException
import com.sun.jna.Function
import com.sun.jna.Pointer
import com.sun.jna.Native
import com.sun.jna.NativeLibrary
import com.sun.jna.Platform

/**
 * The C library calls the POSIX terminal makes, through JNA. Declarations only: each function
 * returns what C returns (-1 on failure) and [errno] reads the error of the last call on this
 * thread. Retrying on EINTR and turning failures into exceptions is the caller's job, because
 * only the caller knows whether a retry is right (`close` must never be retried; `poll` must
 * be retried with the remaining timeout).
 *
 * Functions are looked up by name in the running process (`NativeLibrary.getProcess()`) and
 * called through [Function.invokeInt]: no interface proxies or direct-mapped classes, which cost
 * start-up time and cannot be put in a class-data archive (BUILD-NOTES). Each function is
 * resolved on its first call.
 *
 * Sizes assume LP64 (every supported layout is 64-bit): `size_t`, `ssize_t` and `unsigned long`
 * are passed as [Long]. Variadic functions (`ioctl`, `fcntl`, `open`) are declared with their
 * number of fixed arguments ([variadicCallFlags]), which matters on macOS arm64 where variadic
 * arguments go on the stack.
 */
internal object LibC {
    private val process: NativeLibrary by lazy(LazyThreadSafetyMode.PUBLICATION) { NativeLibrary.getProcess() }

    private val isattyFn by function("isatty")
    private val tcgetattrFn by function("tcgetattr")
    private val tcsetattrFn by function("tcsetattr")
    private val ioctlFn by function("ioctl", fixedArgs = 2)
    private val pollFn by function("poll")
    private val selectFn: Function by lazy(LazyThreadSafetyMode.PUBLICATION) {
        // On macOS, C code compiled with the default _DARWIN_C_SOURCE calls select$DARWIN_EXTSN
        // (<sys/select.h>): the plain "select" symbol is the pre-10.5 variant on x86_64.
        if (Platform.isMac()) {
            try {
                process.getFunction(DARWIN_SELECT)
            } catch (_: UnsatisfiedLinkError) {
                process.getFunction("select")
            }
        } else {
            process.getFunction("select")
        }
    }
    private val readFn by function("read")
    private val writeFn by function("write")
    private val pipeFn by function("pipe")
    private val closeFn by function("close")
    private val fcntlFn by function("fcntl", fixedArgs = 2)
    private val strerrorFn by function("strerror")
    private val killFn by function("kill")
    private val raiseFn by function("raise")
    private val getpgrpFn by function("getpgrp")
    private val getsidFn by function("getsid")

    /** `errno` as JNA saved it right after the last native call on this thread. */
    fun errno(): Int = Native.getLastError()

    /** `strerror(errno)`, for messages only. */
    fun describe(errno: Int): String =
        runCatching { strerrorFn.invokeString(arrayOf(errno), false) }.getOrNull() ?: "error $errno"

    /** The exception for a failed [call], saying why ([describe]) and with which [errno]. */
    fun failure(call: String, errno: Int = errno()): TerminalException =
        TerminalException("$call failed: ${describe(errno)} (errno $errno)")

    /** `isatty(fd)`: 1 when [fd] is a terminal, else 0 (errno says why). */
    fun isatty(fd: Int): Int = isattyFn.invokeInt(arrayOf(fd))

    /** `tcgetattr(fd, termios)`: fills [termios] (a whole struct). */
    fun tcgetattr(fd: Int, termios: ByteArray): Int = tcgetattrFn.invokeInt(arrayOf(fd, termios))

    /** `tcsetattr(fd, action, termios)`. */
    fun tcsetattr(fd: Int, action: Int, termios: ByteArray): Int =
        tcsetattrFn.invokeInt(arrayOf(fd, action, termios))

    /** `ioctl(fd, request, arg)` with a pointer argument ([arg] is copied in and back out). */
    fun ioctl(fd: Int, request: Long, arg: ByteArray): Int = ioctlFn.invokeInt(arrayOf(fd, request, arg))

    /**
     * `poll(fds, nfds, timeout)`. [fds] holds `struct pollfd` entries, 8 bytes each, in native
     * byte order. `nfds_t` is `unsigned long` on Linux and `unsigned int` on macOS; a [Long] in
     * the register is right for both.
     */
    fun poll(fds: ByteArray, nfds: Int, timeoutMillis: Int): Int =
        pollFn.invokeInt(arrayOf(fds, nfds.toLong(), timeoutMillis))

    /**
     * `select(nfds, readfds, NULL, NULL, timeout)`, for descriptors `poll` refuses (macOS:
     * character devices other than ptys). [readFds] is an `fd_set` as [FdSet.words] (copied in
     * and back out); [timeout] is a `struct timeval` as two longs, seconds then microseconds
     * (LP64 and little-endian: on macOS `tv_usec` is an int followed by padding), or null to wait
     * without a timeout.
     */
    fun select(nfds: Int, readFds: IntArray, timeout: LongArray?): Int =
        selectFn.invokeInt(arrayOf(nfds, readFds, null, null, timeout))

    /** `read(fd, buffer, count)`: bytes read, 0 at end of file, -1 on error. */
    fun read(fd: Int, buffer: ByteArray, count: Int): Long = readFn.invokeLong(arrayOf(fd, buffer, count.toLong()))

    /**
     * `read(fd, buffer, count)` into native memory: unlike a [ByteArray] argument, which JNA copies
     * in and back out whole on every call, only the bytes read need copying afterwards.
     */
    fun read(fd: Int, buffer: Pointer, count: Int): Long = readFn.invokeLong(arrayOf(fd, buffer, count.toLong()))

    /** `write(fd, buffer, count)`: bytes written or -1. */
    fun write(fd: Int, buffer: ByteArray, count: Int): Long = writeFn.invokeLong(arrayOf(fd, buffer, count.toLong()))

    /** `write(fd, buffer, count)` from native memory: no copy of a whole array in and back out per call. */
    fun write(fd: Int, buffer: Pointer, count: Int): Long = writeFn.invokeLong(arrayOf(fd, buffer, count.toLong()))

    /** `pipe(fds)`: [fds] gets the read end, then the write end. */
    fun pipe(fds: IntArray): Int = pipeFn.invokeInt(arrayOf(fds))

    /** `close(fd)`. Never retry on EINTR: on Linux the descriptor is already gone. */
    fun close(fd: Int): Int = closeFn.invokeInt(arrayOf(fd))

    /**
     * `kill(pid, signal)`: [pid] 0 is every process in the caller's process group (the caller
     * included), which is how Ctrl+Z stops a whole job.
     */
    fun kill(pid: Int, signal: Int): Int = killFn.invokeInt(arrayOf(pid, signal))

    /** `raise(signal)`: sends [signal] to the calling thread (for a stop signal: the whole process). */
    fun raise(signal: Int): Int = raiseFn.invokeInt(arrayOf(signal))

    /** `getpgrp()`: the calling process's group. */
    fun getpgrp(): Int = getpgrpFn.invokeInt(arrayOf())

    /** `getsid(pid)`: the session of [pid] (0: the caller's). */
    fun getsid(pid: Int): Int = getsidFn.invokeInt(arrayOf(pid))

    /** `fcntl(fd, command, arg)` with an int argument. */
    fun fcntl(fd: Int, command: Int, arg: Int): Int = fcntlFn.invokeInt(arrayOf(fd, command, arg))

    /** `fcntl(fd, command)` without an argument (F_GETFL). */
    fun fcntl(fd: Int, command: Int): Int = fcntlFn.invokeInt(arrayOf(fd, command))

    /**
     * The JNA call flags for a variadic C function with [fixedArgs] fixed arguments (0: not
     * variadic). JNA has no public way to say this to a [Function] looked up by name: it computes
     * these flags itself only for a Java varargs method of an interface mapping, which costs
     * start-up time (BUILD-NOTES). So the flags are built here as JNA builds them: the count (at
     * most the public [Function.USE_VARARGS]) shifted by JNA's private `Function.USE_VARARGS_SHIFT`.
     * `LibCTest` reads that private constant and fails if a JNA upgrade changes it.
     */
    fun variadicCallFlags(fixedArgs: Int): Int {
        require(fixedArgs in 0..Function.USE_VARARGS) { "fixedArgs out of range: $fixedArgs" }
        return fixedArgs shl JNA_VARARGS_SHIFT
    }

    /** JNA 5's `Function.USE_VARARGS_SHIFT` (private); pinned by `LibCTest`. */
    internal const val JNA_VARARGS_SHIFT: Int = 7

    /** The symbol a C program on macOS binds `select` to (`__DARWIN_EXTSN_C(select)`). */
    internal const val DARWIN_SELECT: String = "select\$DARWIN_EXTSN"

    private fun function(name: String, fixedArgs: Int = 0): Lazy<Function> =
        lazy(LazyThreadSafetyMode.PUBLICATION) { process.getFunction(name, variadicCallFlags(fixedArgs)) }
}
