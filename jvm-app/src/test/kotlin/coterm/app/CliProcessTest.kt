// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PipedShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldBeEmpty
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import kotlin.time.Duration.Companion.seconds

/**
 * The launcher's command line (Clikt) over plain pipes: help that names every command and
 * option, the version, and exit status 2 with Clikt's usage message for a wrong command line.
 */
class CliProcessTest : FunSpec({
    timeout = 120_000L
    blockingTest = true

    test("--help lists every command and option, on stdout, with status 0") {
        val (status, out, err) = coterm("--help")
        status shouldBe 0
        err.shouldBeEmpty()
        out shouldStartWith "Usage: coterm"
        for (word in listOf("shell", "keys", "java-shell", "java-keys", "--no-color", "--prompt", "--history-file", "--no-history", "--version", "--help", "NO_COLOR")) {
            withClue("\"$word\" in the help:\n$out") { out shouldContain word }
        }
        withClue("no escape codes into a pipe") { out shouldNotContain "\u001b" }
    }

    test("each shell's --help lists its options; the key listeners take only --no-color") {
        for (shell in listOf("shell", "java-shell")) {
            val (status, out, _) = coterm(shell, "--help")
            status shouldBe 0
            for (word in listOf("Usage: coterm $shell", "--prompt", "--history-file", "--no-history", "--no-color")) {
                withClue("\"$word\" in $shell's help:\n$out") { out shouldContain word }
            }
        }
        for (keys in listOf("keys", "java-keys")) {
            val (status, out, _) = coterm(keys, "--help")
            status shouldBe 0
            out shouldContain "Usage: coterm $keys"
            out shouldContain "--no-color"
            out shouldNotContain "--prompt"
        }
    }

    test("--version prints the project's version") {
        val expected = System.getProperty("coterm.version") ?: error("Failsafe passes -Dcoterm.version")
        val (status, out, err) = coterm("--version")
        status shouldBe 0
        err.shouldBeEmpty()
        out.trim() shouldBe "coterm version $expected"
    }

    context("a wrong command line: Clikt's usage error on stderr, status 2, no demo started") {
        data class Wrong(val name: String, val args: List<String>, val message: String)
        withData(
            nameFn = { it.name },
            ts = listOf(
            Wrong("unknown option", listOf("--bogus"), "no such option --bogus"),
            Wrong("unknown command", listOf("frobnicate"), "no such subcommand frobnicate"),
            Wrong("a shell's option on the key listener", listOf("keys", "--prompt", "x"), "no such option --prompt"),
            Wrong("--prompt without its text", listOf("--prompt"), "--prompt"),
            Wrong("a control character in the prompt", listOf("--prompt", "a\tb"), "control characters"),
            Wrong("--history-file with --no-history", listOf("--history-file", "h", "--no-history"), "cannot be used together"),
            Wrong("--history-file and --no-history on two levels", listOf("--no-history", "java-shell", "--history-file", "h"), "cannot be used together"),
            Wrong("a directory as the history file", listOf("--history-file", "."), "--history-file"),
            ),
        ) { wrong ->
            val (status, out, err) = coterm(*wrong.args.toTypedArray(), input = "echo must-not-run\n")
            withClue("stdout: $out\nstderr: $err") {
                status shouldBe 2
                err shouldContain "Usage: coterm"
                err shouldContain wrong.message
                out shouldNotContain "must-not-run"
            }
        }
    }

    test("the shell options are accepted before and after the command") {
        for (args in listOf(listOf("--no-history", "--no-color", "--prompt", "> "), listOf("java-shell", "--history-file", "hist", "--prompt", "> "))) {
            val (status, out, err) = coterm(*args.toTypedArray(), input = "echo accepted\n")
            withClue("$args\nstdout: $out\nstderr: $err") {
                status shouldBe 0
                out shouldContain "> accepted"
                err.shouldBeEmpty()
            }
        }
    }
})

private data class Run(val status: Int, val out: String, val err: String)

/** Runs the launcher with [args] on pipes, feeds it [input] and waits for its exit. */
private fun coterm(vararg args: String, input: String = ""): Run = PipedShell.coterm(*args).drive { shell ->
    input.lineSequence().filter { it.isNotEmpty() }.forEach(shell::writeLine)
    shell.closeInput()
    val status = shell.awaitExit(30.seconds)
    Run(status, shell.output(), shell.errors())
}
