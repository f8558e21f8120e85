// SPDX-License-Identifier: Apache-2.0
package coterm.api

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File

/**
 * The two checks each library module's `ApiListingTest` runs on its own classes (those of
 * [anchor]'s module): the compiled API is the listing checked in at [listingPath] (rewritten
 * there when the system property `coterm.api.dump` is `true`), and nothing Kotlin-internal of
 * [module] (its mangled `$module` names) is callable from Java.
 */
fun FunSpec.apiListingTests(anchor: Class<*>, listingPath: String, module: String) {
    val classes = File(anchor.protectionDomain.codeSource.location.toURI())
    val listingFile = File(listingPath)

    test("the compiled API is the checked-in listing") {
        val actual = ApiListing.of(classes, anchor.classLoader)
        if (System.getProperty("coterm.api.dump") == "true") {
            listingFile.parentFile.mkdirs()
            listingFile.writeText(actual)
        }
        withClue("the API changed: if on purpose, regenerate ${listingFile.path} (see ApiListingTest's KDoc) and commit it") {
            (if (listingFile.isFile) listingFile.readText() else "(no listing)") shouldBe actual
        }
    }

    test("nothing Kotlin-internal is callable from Java") {
        val listing = ApiListing.of(classes, anchor.classLoader)
        val leaks = listing.lines().map { it.trim() }
            .filter { line -> "\$$module" in line || "access\$" in line || line.endsWith(ApiListing.INTERNAL_MARK) }
        withClue("internal members of public classes and internal top-level functions (make them @JvmSynthetic, private, or move them to an internal type)") { leaks shouldBe emptyList() }
    }
}
