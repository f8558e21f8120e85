package coterm
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
class SmokeSpec : FunSpec({ test("one") { 1 shouldBe 1 } })
