// SPDX-License-Identifier: Apache-2.0
package coterm.test.api

import coterm.api.apiListingTests
import coterm.test.VirtualConsole
import io.kotest.core.spec.style.FunSpec

/**
 * The public API of `coterm-test`, as Java sees it, is `test-kit/api/coterm-test.api`; see
 * shared's `coterm.api.ApiListingTest`. Regenerate after a deliberate change:
 *
 * ```
 * mvn -B -o -pl shared,test-kit clean test -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -Dcoterm.api.dump=true
 * ```
 */
class ApiListingTest : FunSpec({
    apiListingTests(VirtualConsole::class.java, "api/coterm-test.api", "coterm_test")
})
