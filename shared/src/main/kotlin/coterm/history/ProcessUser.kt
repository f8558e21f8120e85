// SPDX-License-Identifier: Apache-2.0
package coterm.history

import com.sun.jna.NativeLibrary

/**
 * The uid this process runs as, which the history file policy compares owners with
 * ([HistoryFilePolicy]). Read once, on first use (the history's own thread).
 *
 * `geteuid()` through JNA, looked up in the running process as the terminal code does; if JNA
 * cannot load (its native library could not be unpacked, say to a `noexec` temporary directory),
 * the JDK's own `UnixSystem`, which reads the real uid (the same for anything but a set-uid
 * program, and a JVM never is one). Null on Windows, which has no uid.
 */
internal object ProcessUser {
    val id: Int? by lazy(LazyThreadSafetyMode.PUBLICATION) { effectiveUid() ?: jdkUid() }

    private fun effectiveUid(): Int? = try {
        NativeLibrary.getProcess().getFunction("geteuid").invokeInt(emptyArray())
    } catch (_: LinkageError) {
        null
    } catch (_: RuntimeException) {
        null
    }

    private fun jdkUid(): Int? = try {
        com.sun.security.auth.module.UnixSystem().uid.toInt()
    } catch (_: LinkageError) {
        null
    } catch (_: RuntimeException) {
        null
    }
}
