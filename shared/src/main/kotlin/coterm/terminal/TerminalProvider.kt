// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import java.util.ServiceLoader

/**
 * A way to open the process's terminal on some platform, found through [ServiceLoader] under
 * `META-INF/services/coterm.terminal.TerminalProvider`.
 *
 * [load] returns null when this provider cannot run here (wrong OS, native library missing), so
 * discovery can try the next one. Built in: the POSIX terminal (Linux, macOS). The
 * `windows-console` module adds the Windows console.
 */
public interface TerminalProvider {
    /** Providers with a higher priority are tried first. */
    public val priority: Int

    /** Opens the terminal, or returns null when this provider cannot run here. */
    public fun load(): Terminal?

    public companion object {
        /**
         * Opens the best terminal available: registered providers by descending [priority], then
         * the built-in POSIX terminal, then [LineTerminal] over `System.in` and `System.out`.
         * A provider that throws is skipped as if it had returned null.
         */
        @JvmStatic
        public fun discover(): Terminal {
            val providers = buildList {
                val loader = ServiceLoader.load(TerminalProvider::class.java, TerminalProvider::class.java.classLoader)
                val iterator = loader.iterator()
                while (true) {
                    try {
                        if (!iterator.hasNext()) break
                        add(iterator.next())
                    } catch (_: java.util.ServiceConfigurationError) {
                        // A broken registration (missing class, bad constructor) is skipped.
                    }
                }
                add(coterm.terminal.posix.PosixTerminalProvider())
            }.sortedByDescending { it.priority }
            for (provider in providers) {
                val terminal = try {
                    provider.load()
                } catch (_: LinkageError) {
                    null
                } catch (_: RuntimeException) {
                    null
                }
                if (terminal != null) return terminal
            }
            return LineTerminal()
        }
    }
}
