// SPDX-License-Identifier: Apache-2.0
package coterm.app

import coterm.testing.PtyShell
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/**
 * The history file is written on its own thread: while another program holds its lock, the demo
 * echoes keys, takes Ctrl+C and runs commands as usual, and the lines reach the file, in order,
 * once the lock is free.
 */
class HistoryLockPtyTest : FunSpec({
    test("a history lock held by another process holds up no key, no Ctrl+C and no command") {
        var locker: Process? = null
        PtyShell.start { home ->
            val file = home.resolve(".local/state/coterm/history")
            Files.createDirectories(file.parent)
            Files.writeString(file, "echo from before\n")
            locker = holdLock(file.resolveSibling("history.lock"))
            PtyShell.cotermCommand(home)
        }.use { shell ->
            val held = locker!!
            try {
                shell.awaitPrompt()
                // Each step below would wait for the lock if the console touched the file: the
                // first read waits up to 1 s for it, every append up to 5 s.
                val quick = 4.seconds
                shell.type("half typed")
                shell.awaitScreen("the keys echoed", quick) { it.cursorLine.trimEnd() == "# half typed" }
                shell.ctrlC()
                shell.awaitPrompt(quick)
                shell.typeLine("echo one")
                shell.awaitLine("one", quick)
                shell.awaitPrompt(quick)
                shell.typeLine("echo two")
                shell.awaitLine("two", quick)
                shell.awaitPrompt(quick)
                // The history in memory has this session's lines at once, the file's once read.
                shell.press(PtyShell.Key.Up)
                shell.awaitScreen("the newest line recalled", quick) { it.cursorLine.trimEnd() == "# echo two" }
                withClue("the lines are not in the file while the lock is held") {
                    Files.readAllLines(shell.home.resolve(".local/state/coterm/history")) shouldBe listOf("echo from before")
                }
            } finally {
                held.destroy()
                held.waitFor(10, TimeUnit.SECONDS)
            }
            shell.write(byteArrayOf(0x15))
            shell.typeLine("quit")
            shell.awaitExitWith(0)
            Files.readAllLines(shell.home.resolve(".local/state/coterm/history")) shouldBe
                listOf("echo from before", "echo one", "echo two", "quit")
        }
    }
})

/** Starts a process that takes the `fcntl` lock on [lockFile], as another coterm would, and holds it until destroyed. */
private fun holdLock(lockFile: Path): Process {
    val script = "import fcntl, os, sys, time\n" +
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n" +
        "fcntl.lockf(fd, fcntl.LOCK_EX)\n" +
        "print('locked', flush=True)\n" +
        "time.sleep(600)\n"
    val process = ProcessBuilder("python3", "-c", script, lockFile.toString()).redirectErrorStream(true).start()
    val answer = process.inputStream.bufferedReader().readLine()
    check(answer == "locked") { "the lock holder said: $answer" }
    return process
}
