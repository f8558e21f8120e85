// SPDX-License-Identifier: Apache-2.0
package coterm.app

/** The project version, from a resource the build fills in (`coterm/app/version.txt`). */
internal object Version {
    val current: String by lazy {
        Version::class.java.getResourceAsStream("/coterm/app/version.txt")
            ?.use { it.readBytes().toString(Charsets.UTF_8).trim() }
            ?.takeIf { it.isNotEmpty() && !it.startsWith("\${") }
            ?: "unknown"
    }
}
