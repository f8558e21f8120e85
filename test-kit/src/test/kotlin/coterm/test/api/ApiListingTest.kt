// SPDX-License-Identifier: Apache-2.0
package coterm.test.api

import coterm.api.ApiListing
import coterm.test.VirtualConsole
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File

/**
 * The public API of `coterm-test`, as Java sees it, is `test-kit/api/coterm-test.api`; see
 * shared's `coterm.api.ApiListingTest`. Regenerate after a deliberate change:
 *
 * ```
 * mvn -B -o -pl shared,test-kit clean test -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -Dcoterm.api.dump=true
 * ```
 */
class ApiListingTest : FunSpec({
    val classes = File(VirtualConsole::class.java.protectionDomain.codeSource.location.toURI())
    val listingFile = File("api/coterm-test.api")

    test("the compiled API is the checked-in listing") {
        val actual = ApiListing.of(classes, VirtualConsole::class.java.classLoader)
        if (System.getProperty("coterm.api.dump") == "true") {
            listingFile.parentFile.mkdirs()
            listingFile.writeText(actual)
        }
        withClue("the API changed: if on purpose, regenerate ${listingFile.path} and commit it") {
            (if (listingFile.isFile) listingFile.readText() else "(no listing)") shouldBe actual
        }
    }

    test("nothing Kotlin-internal is callable from Java") {
        val listing = ApiListing.of(classes, VirtualConsole::class.java.classLoader)
        withClue("internal members of public classes") {
            listing.lines().filter { "\$coterm_test" in it || "access\$" in it || it.endsWith(ApiListing.INTERNAL_MARK) } shouldBe emptyList()
        }
    }
})
