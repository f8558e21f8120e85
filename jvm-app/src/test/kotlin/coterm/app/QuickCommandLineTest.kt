// SPDX-License-Identifier: Apache-2.0
package coterm.app

import com.github.ajalt.clikt.core.CliktError
import com.github.ajalt.clikt.core.parse
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.element
import io.kotest.property.arbitrary.list
import io.kotest.property.checkAll
import java.nio.file.Path

/**
 * [QuickCommandLine] reads a command line as Clikt ([CotermCommand]) does, or leaves it to
 * Clikt: never a different demo or setting, never a line Clikt would refuse.
 */
class QuickCommandLineTest : FunSpec({
    test("everyday command lines start their demo without Clikt, as Clikt would") {
        val cases = listOf(
            emptyList<String>() to Invocation(Demo.Shell, DemoSettings()),
            listOf("shell", "--no-history") to Invocation(Demo.Shell, DemoSettings(historyEnabled = false)),
            listOf("--no-color", "keys") to Invocation(Demo.Keys, DemoSettings(color = false)),
            listOf("java-keys", "--no-color") to Invocation(Demo.KeysInJava, DemoSettings(color = false)),
            listOf("--prompt", "> ", "java-shell", "--prompt=demo> ") to Invocation(Demo.ShellInJava, DemoSettings(prompt = "demo> ")),
            listOf("--history-file=hist", "shell") to Invocation(Demo.Shell, DemoSettings(historyFile = Path.of("hist"))),
            listOf("--no-history", "keys") to Invocation(Demo.Keys, DemoSettings(historyEnabled = false)),
            listOf("shell", "--vi") to Invocation(Demo.Shell, DemoSettings(vi = true)),
            listOf("--vi") to Invocation(Demo.Shell, DemoSettings(vi = true)),
        )
        for ((args, expected) in cases) {
            withClue(args) {
                QuickCommandLine.parse(args) shouldBe expected
                clikt(args) shouldBe expected
            }
        }
    }

    context("anything else is Clikt's: help, version, errors, argument files") {
        withData(
            listOf("--help"), listOf("-h"), listOf("shell", "--help"), listOf("--version"), listOf("--"),
            listOf("@args"), listOf("--prompt", "@args"), listOf("--bogus"), listOf("frobnicate"), listOf("shell", "keys"),
            listOf("keys", "--prompt", "x"), listOf("keys", "--no-history"), listOf("--prompt"), listOf("--prompt="),
            listOf("--prompt", "a\tb"), listOf("--prompt", "--no-color"), listOf("--no-color", "--no-color"),
            listOf("--no-color=yes"), listOf("--history-file", "h", "--no-history"), listOf("--history-file", "."),
            listOf("--no-history", "java-shell", "--history-file", "h"), listOf("shell", "--prompt", "a", "--prompt", "b"),
            listOf("keys", "--vi"), listOf("--vi=yes"), listOf("--vi", "--vi"),
        ) { args ->
            QuickCommandLine.parse(args).shouldBeNull()
        }
    }

    test("on generated command lines, what it accepts Clikt runs with the same demo and settings") {
        val words = listOf(
            "shell", "keys", "java-shell", "java-keys", "--no-color", "--no-history", "--vi", "--prompt", "--prompt=> ",
            "--prompt=", "--history-file", "--history-file=hist", "> ", "hist", ".", "x", "-", "--", "-h", "--help",
            "--version", "@args", "a\tb", "--no-color=1", "--bogus",
        )
        var accepted = 0
        checkAll(PropTestConfig(seed = 1, iterations = 20_000), Arb.list(Arb.element(words), 0..6)) { args: List<String> ->
            val quick = QuickCommandLine.parse(args)
            if (quick != null) {
                accepted++
                withClue("coterm ${args.joinToString(" ") { "'$it'" }}") { clikt(args) shouldBe quick }
            }
        }
        accepted shouldBeGreaterThan 500
    }
})

/** What Clikt runs for [args], or null when it refuses them or only prints (help, version). */
private fun clikt(args: List<String>): Invocation? {
    var ran: Invocation? = null
    val cli = CotermCommand { demo, settings ->
        ran = Invocation(demo, settings)
        0
    }
    return try {
        cli.parse(args)
        ran
    } catch (_: CliktError) {
        null
    }
}
