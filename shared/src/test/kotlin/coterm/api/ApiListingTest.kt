// SPDX-License-Identifier: Apache-2.0
package coterm.api

import coterm.console.ConsoleOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
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
/**
 * Internal members still visible from Java, in files that the console's split into a facade,
 * a prompt, a supervisor and a session (issue 18, structural half) rewrites: they go with it.
 * Nothing may be added here.
 */
private val KNOWN_LEAKS = listOf(
    "public <init>(coterm.terminal.Terminal, coterm.console.ConsoleOptions,", // Console's constructor for tests and open()
    "public final java.lang.Object confined\$coterm_shared(",
)

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
            .filterNot { line -> KNOWN_LEAKS.any { line.startsWith(it) } }
        withClue("internal members of public classes (make them @JvmSynthetic, private, or move them to an internal type)") { leaks shouldBe emptyList() }
    }

    test("windows-console's copy of the listing code is this one") {
        val copy = File("../windows-console/src/test/kotlin/coterm/windows/api/ApiListing.kt")
        val here = File("src/test/kotlin/coterm/api/ApiListing.kt")
        if (copy.isFile) copy.readText().replace("package coterm.windows.api", "package coterm.api") shouldBe here.readText()
    }
})
