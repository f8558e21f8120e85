// SPDX-License-Identifier: Apache-2.0
package coterm.api

import coterm.console.ConsoleOptions
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
 * (windows-console and test-kit: the same with `-pl shared,windows-console,test-kit`; their tests are
 * `coterm.windows.api.ApiListingTest` and `coterm.test.api.ApiListingTest`, on `apiListingTests`.)
 */
class ApiListingTest : FunSpec({
    apiListingTests(ConsoleOptions::class.java, "api/coterm-shared.api", "coterm_shared")
    val classes = File(ConsoleOptions::class.java.protectionDomain.codeSource.location.toURI())

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
