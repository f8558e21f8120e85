// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

import java.util.ServiceLoader

/**
 * A way to open the process's terminal on some platform: the built-in POSIX terminal, or one
 * registered under `META-INF/services/coterm.terminal.TerminalProvider` (the `windows-console`
 * module registers the Windows console).
 *
 * [load] returns null when this provider cannot run here (wrong OS, native library missing), so
 * [discover] can try the next one.
 */
public interface TerminalProvider {
    /** Among registered providers, those with a higher priority are tried first. */
    public val priority: Int

    /** Opens the terminal, or returns null when this provider cannot run here. */
    public fun load(): Terminal?

    public companion object {
        /**
         * The system property that names a provider class (with a public no-argument
         * constructor) to try before any other: for a provider of your own on Linux or macOS,
         * where the built-in POSIX terminal otherwise wins without a look at the registered ones.
         */
        public const val PROVIDER_PROPERTY: String = "coterm.terminal.provider"

        /**
         * Opens the best terminal available, in this order:
         * 1. the provider named by the system property [PROVIDER_PROPERTY], when set;
         * 2. the built-in POSIX terminal (Linux and macOS): chosen directly, with no class-path
         *    scan, since a `ServiceLoader` lookup costs a start-up several milliseconds;
         * 3. providers registered through [ServiceLoader], by descending [priority] (on
         *    Windows, the Windows console);
         * 4. [LineTerminal] over `System.in` and `System.out`.
         *
         * A provider that throws, or a named one that cannot be loaded, is skipped as if it had
         * returned null; a broken registration is skipped too.
         */
        @JvmStatic
        public fun discover(): Terminal {
            System.getProperty(PROVIDER_PROPERTY)?.takeIf { it.isNotBlank() }?.let { name ->
                named(name.trim())?.let(::tryLoad)?.let { return it }
            }
            tryLoad(coterm.terminal.posix.PosixTerminalProvider())?.let { return it }
            for (provider in registered()) {
                tryLoad(provider)?.let { return it }
            }
            return LineTerminal()
        }

        /**
         * The provider class [name] (looked up in the thread's context class loader, else in
         * coterm's), instantiated; null when it is missing or is not one.
         */
        private fun named(name: String): TerminalProvider? =
            try {
                val loader = Thread.currentThread().contextClassLoader ?: TerminalProvider::class.java.classLoader
                Class.forName(name, true, loader).getDeclaredConstructor().newInstance() as? TerminalProvider
            } catch (_: ReflectiveOperationException) {
                null
            } catch (_: LinkageError) {
                null
            } catch (_: RuntimeException) {
                null
            }

        /** The providers registered through [ServiceLoader], highest [priority] first. */
        private fun registered(): List<TerminalProvider> {
            val found = ArrayList<TerminalProvider>()
            val iterator = ServiceLoader.load(TerminalProvider::class.java, TerminalProvider::class.java.classLoader).iterator()
            while (true) {
                try {
                    if (!iterator.hasNext()) break
                    found.add(iterator.next())
                } catch (_: java.util.ServiceConfigurationError) {
                    // A broken registration (missing class, bad constructor) is skipped.
                }
            }
            found.sortByDescending { it.priority }
            return found
        }

        private fun tryLoad(provider: TerminalProvider): Terminal? =
            try {
                provider.load()
            } catch (_: LinkageError) {
                null
            } catch (_: RuntimeException) {
                null
            }
    }
}
