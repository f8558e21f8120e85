// SPDX-License-Identifier: Apache-2.0
package coterm.render

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CandidateColumnsTest : FunSpec({
    fun format(values: List<String>, columns: Int, descriptions: List<String?> = values.map { null }) =
        CandidateColumns.format(values, descriptions, columns)

    test("candidates are listed in columns, down then across, to fit the width") {
        val values = listOf("alpha", "beta", "gamma", "delta", "epsilon")
        format(values, 30) shouldBe listOf(
            "alpha    gamma    epsilon",
            "beta     delta",
        )
        format(values, 8) shouldBe listOf("alpha", "beta", "gamma", "delta", "epsilon")
    }

    test("candidates with descriptions are one per row, the descriptions lined up") {
        format(listOf("ls", "quit"), 80, listOf("list", "leave")) shouldBe listOf("ls    list", "quit  leave")
    }

    test("control characters are shown in caret notation") {
        format(listOf("a\u001bb"), 80) shouldBe listOf("a^[b")
    }
})
