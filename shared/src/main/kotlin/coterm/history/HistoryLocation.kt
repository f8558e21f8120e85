// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.nio.file.InvalidPathException
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Where an application's history file lives by default, worked out from an environment that
 * tests can replace ([System.getenv], `os.name` and `user.home` in real use).
 *
 * - Windows: `%LOCALAPPDATA%\<app>\history`, else `<user.home>\AppData\Local\<app>\history`.
 * - Elsewhere (Linux, macOS, BSDs), following the XDG base directory specification:
 *   `$XDG_STATE_HOME/<app>/history` if that is set to an absolute path, else
 *   `$HOME/.local/state/<app>/history`, else `<user.home>/.local/state/<app>/history`.
 *
 * The environment comes first because `user.home` is read from the password database and ignores
 * `HOME=/some/dir` (tests, containers, sandboxes; BUILD-NOTES "Files under the user's home").
 * Relative or empty values are ignored, as the XDG specification asks: a relative path would put
 * the file wherever the program happens to be started.
 */
internal class HistoryLocation(
    private val environment: (String) -> String?,
    private val osName: String,
    private val userHome: String?,
) {
    /** The default file for [appName], or null when no home directory can be found at all. */
    fun defaultFile(appName: String): Path? {
        requireAppName(appName)
        val base = if (osName.startsWith("Windows", ignoreCase = true)) {
            absolute(environment("LOCALAPPDATA")) ?: absolute(userHome)?.resolve("AppData")?.resolve("Local")
        } else {
            absolute(environment("XDG_STATE_HOME"))
                ?: (absolute(environment("HOME")) ?: absolute(userHome))?.resolve(".local")?.resolve("state")
        }
        return base?.resolve(appName)?.resolve("history")
    }

    private fun absolute(value: String?): Path? {
        if (value.isNullOrEmpty()) return null
        val path = try {
            Paths.get(value)
        } catch (_: InvalidPathException) {
            return null
        }
        return path.takeIf { it.isAbsolute }
    }

    companion object {
        /** The real environment of this process. */
        val system: HistoryLocation
            get() = HistoryLocation(System::getenv, System.getProperty("os.name").orEmpty(), System.getProperty("user.home"))

        /**
         * Checks that [appName] names one directory: not empty, not `.` or `..`, no path separator
         * (`/` or `\`, whatever the OS, so one name means the same everywhere), no NUL and no other
         * control character.
         */
        fun requireAppName(appName: String) {
            require(appName.isNotEmpty()) { "the application name must not be empty" }
            require(appName != "." && appName != "..") { "the application name must not be '$appName'" }
            require(appName.none { it == '/' || it == '\\' || it.isISOControl() }) {
                "the application name must be one directory name, without '/', '\\' or control characters: '$appName'"
            }
        }
    }
}
