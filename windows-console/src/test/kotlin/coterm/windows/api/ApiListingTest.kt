// SPDX-License-Identifier: Apache-2.0
package coterm.windows.api

import coterm.api.apiListingTests
import coterm.windows.WindowsTerminalProvider
import io.kotest.core.spec.style.FunSpec

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
    apiListingTests(WindowsTerminalProvider::class.java, "api/coterm-windows-console.api", "coterm_windows_console")
})
