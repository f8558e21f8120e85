// SPDX-License-Identifier: Apache-2.0
package coterm.windows.api

import coterm.api.ApiListing
import coterm.windows.WindowsTerminalProvider
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File

/**
 * The public API of `coterm-windows-console`, as Java sees it, is
 * `windows-console/api/coterm-windows-console.api`; see shared's `coterm.api.ApiListingTest`.
 * Regenerate after a deliberate change:
 *
 * ```
 * mvn -B -o -pl shared,windows-console clean test -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -Dcoterm.api.dump=true
 * ```
 */
class ApiListingTest : FunSpec({
    val classes = File(WindowsTerminalProvider::class.java.protectionDomain.codeSource.location.toURI())
    val listingFile = File("api/coterm-windows-console.api")

    test("the compiled API is the checked-in listing") {
        val actual = ApiListing.of(classes, WindowsTerminalProvider::class.java.classLoader)
        if (System.getProperty("coterm.api.dump") == "true") {
            listingFile.parentFile.mkdirs()
            listingFile.writeText(actual)
        }
        withClue("the API changed: if on purpose, regenerate ${listingFile.path} and commit it") {
            (if (listingFile.isFile) listingFile.readText() else "(no listing)") shouldBe actual
        }
    }

    test("nothing Kotlin-internal is callable from Java") {
        val listing = ApiListing.of(classes, WindowsTerminalProvider::class.java.classLoader)
        withClue("internal members of public classes") {
            listing.lines().filter { "\$coterm_windows_console" in it || "access\$" in it || it.endsWith(ApiListing.INTERNAL_MARK) } shouldBe emptyList()
        }
    }
})
