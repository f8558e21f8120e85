// SPDX-License-Identifier: Apache-2.0
package coterm.api

import coterm.console.ConsoleOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File

/**
 * The public API of `coterm-shared`, as Java sees it, is `shared/api/coterm-shared.api`: a change
 * to the API that does not change the listing fails here, so every API change is seen in review.
 *
 * After a deliberate change, regenerate the listing and commit it with the change:
 *
 * ```
 * mvn -B -o -pl shared clean test -Dtest=ApiListingTest -Dcoterm.api.dump=true
 * ```
 *
 * (windows-console: the same with `-pl shared,windows-console`; its test is
 * `coterm.windows.api.ApiListingTest`.)
 */
class ApiListingTest : FunSpec({
    val classes = File(ConsoleOptions::class.java.protectionDomain.codeSource.location.toURI())
    val listingFile = File("api/coterm-shared.api")

    test("the compiled API is the checked-in listing") {
        val actual = ApiListing.of(classes, ConsoleOptions::class.java.classLoader)
        if (System.getProperty("coterm.api.dump") == "true") {
            listingFile.parentFile.mkdirs()
            listingFile.writeText(actual)
        }
        withClue("the API changed: if on purpose, regenerate ${listingFile.path} (see ApiListingTest's KDoc) and commit it") {
            (if (listingFile.isFile) listingFile.readText() else "(no listing)") shouldBe actual
        }
    }

    test("nothing Kotlin-internal is callable from Java") {
        val listing = ApiListing.of(classes, ConsoleOptions::class.java.classLoader)
        val leaks = listing.lines().map { it.trim() }
            .filter { line -> "\$coterm_shared" in line || "access\$" in line || line.endsWith(ApiListing.INTERNAL_MARK) }
        withClue("internal members of public classes and internal top-level functions (make them @JvmSynthetic, private, or move them to an internal type)") { leaks shouldBe emptyList() }
    }

    test("interfaces have no DefaultImpls classes (the build compiles with -jvm-default=no-compatibility)") {
        val listing = ApiListing.of(classes, ConsoleOptions::class.java.classLoader)
        listing.lines().filter { "\$DefaultImpls" in it } shouldBe emptyList()
    }

    test("an internal top-level function, a public static method to Java, is marked; a public one is not") {
        val testClasses = File(ApiListingTest::class.java.protectionDomain.codeSource.location.toURI())
        val listing = ApiListing.of(testClasses, ApiListingTest::class.java.classLoader) { it.startsWith("coterm.api.fixture.") }
        listing.lines().filter { it.endsWith(ApiListing.INTERNAL_MARK) }.map { it.trim() } shouldBe listOf(
            "public static final void internalFixture() // internal in Kotlin",
            "public static final void setInternalFixtureField(int) // internal in Kotlin",
            "public static final int getInternalFixtureField() // internal in Kotlin",
        ).sorted()
        listing shouldContain "public static final void publicFixture()"
    }
})
