// SPDX-License-Identifier: Apache-2.0
package coterm.readme

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File

/**
 * The README's quick starts are the example projects' code: each example's source, and its test
 * on the test kit ("Testing your REPL"), appears in README.md whole, in a fenced block, so the
 * text users copy is the code CI builds, tests and runs (`examples/run.sh`). The examples also ask
 * for the version this build makes.
 */
class ReadmeExamplesTest : FunSpec({
    val root = generateSequence(File("").absoluteFile) { it.parentFile }.first { File(it, "examples").isDirectory && File(it, "README.md").isFile }
    val readme = File(root, "README.md").readText()

    val examples = listOf(
        "kotlin" to "examples/kotlin-repl/src/main/kotlin/example/Main.kt",
        "java" to "examples/java-repl/src/main/java/example/Main.java",
        "kotlin" to "examples/kotlin-repl/src/test/kotlin/example/MainTest.kt",
        "java" to "examples/java-repl/src/test/java/example/MainTest.java",
    )
    for ((language, path) in examples) {
        test("README.md shows $path") {
            val source = File(root, path).readText()
            withClue("README.md must hold $path whole, in a ```$language block") { readme shouldContain "```$language\n$source```" }
        }
    }

    test("the examples depend on the version this build installs") {
        val parent = File(root, "pom.xml").readText()
        val version = Regex("<artifactId>coterm-parent</artifactId>\\s*<version>([^<]+)</version>").find(parent)!!.groupValues[1]
        for (example in listOf("kotlin-repl", "java-repl")) {
            val pom = File(root, "examples/$example/pom.xml").readText()
            withClue(example) { Regex("<coterm.version>([^<]+)</coterm.version>").find(pom)?.groupValues?.get(1) shouldBe version }
            withClue("$example is not in the reactor: coordinates only") { pom.contains("<parent>") shouldBe false }
        }
        withClue("the examples stay outside the reactor") { parent.contains("<module>examples") shouldBe false }
    }
})
