// SPDX-License-Identifier: Apache-2.0
package coterm.repl

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith

private fun command(name: String, description: String = "does $name") = ReplCommand(name, description) {}

class CommandRegistryTest : FunSpec({
    fun registry(vararg names: String) = CommandRegistry().apply { names.forEach { register(command(it)) } }

    test("help starts with a line 'Supported commands:' and lists commands in order, aligned") {
        val registry = CommandRegistry()
        registry.register(command("help", "shows this text"))
        registry.register(command("sleep", "sleeps for N seconds"))
        registry.register(command("q", "quits"))
        val help = registry.helpText()
        help shouldStartWith "Supported commands:\n"
        help shouldBe """
            |Supported commands:
            |  help   shows this text
            |  sleep  sleeps for N seconds
            |  q      quits
        """.trimMargin()
    }

    test("help of an empty registry is only the header line") {
        CommandRegistry().helpText() shouldBe "Supported commands:"
    }

    context("invalid names are rejected") {
        withData(
            nameFn = { "'${it.replace("\t", "\\t").replace("\n", "\\n")}'" },
            ts = listOf("", " ", "two words", "tab\tbed", "new\nline", " lead", "trail "),
        ) { name ->
            shouldThrow<IllegalArgumentException> { CommandRegistry().register(command(name)) }
        }
    }

    test("lookup is exact, and registering a name again replaces the command") {
        val registry = registry("help", "exit")
        registry["hel"] shouldBe null
        registry["HELP"] shouldBe null
        val replacement = command("help", "new help")
        registry.register(replacement)
        registry["help"] shouldBe replacement
        registry.all.map { it.name } shouldBe listOf("help", "exit")
        registry.helpText().lines().drop(1) shouldBe listOf("  help  new help", "  exit  does exit")
    }
})
