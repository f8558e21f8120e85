// SPDX-License-Identifier: Apache-2.0
package coterm.history

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Paths

class HistoryOptionsTest : FunSpec({
    test("the defaults: in memory, 1000 entries, both filters on") {
        val options = HistoryOptions()
        options.file.shouldBeNull()
        options.maxEntries shouldBe 1000
        options.ignoreDuplicates shouldBe true
        options.ignoreSpacePrefixed shouldBe true
        options.isEnabled shouldBe true
        HistoryOptions.inMemory() shouldBe options
    }

    test("disabled remembers nothing and has no file") {
        val disabled = HistoryOptions.disabled()
        disabled.isEnabled shouldBe false
        disabled.maxEntries shouldBe 0
        disabled.file.shouldBeNull()
        HistoryOptions(Paths.get("/tmp/h"), 0).isEnabled shouldBe false
    }

    test("forApp puts the file where defaultFile says") {
        val options = HistoryOptions.forApp("coterm-test-app")
        options.file shouldBe HistoryOptions.defaultFile("coterm-test-app")
        options.maxEntries shouldBe 1000
        options.file?.fileName?.toString() shouldBe "history"
        options.file?.parent?.fileName?.toString() shouldBe "coterm-test-app"
    }

    test("bad values are refused with a clear message") {
        shouldThrow<IllegalArgumentException> { HistoryOptions(maxEntries = -1) }.message shouldContain "maxEntries"
        shouldThrow<IllegalArgumentException> { HistoryOptions.forApp("a/b") }.message shouldContain "application name"
        shouldThrow<IllegalArgumentException> { HistoryOptions.defaultFile("") }
    }

    test("with* change one setting and keep the others") {
        val base = HistoryOptions(Paths.get("/x/history"), 50, ignoreDuplicates = false, ignoreSpacePrefixed = false)
        base.withMaxEntries(7) shouldBe HistoryOptions(Paths.get("/x/history"), 7, false, false)
        base.withFile(null) shouldBe HistoryOptions(null, 50, false, false)
        base.withIgnoreDuplicates(true) shouldBe HistoryOptions(Paths.get("/x/history"), 50, true, false)
        base.withIgnoreSpacePrefixed(true) shouldBe HistoryOptions(Paths.get("/x/history"), 50, false, true)
        base.withMaxEntries(7) shouldNotBe base
        base.hashCode() shouldBe HistoryOptions(Paths.get("/x/history"), 50, false, false).hashCode()
        base.toString() shouldContain "maxEntries=50"
    }
})
