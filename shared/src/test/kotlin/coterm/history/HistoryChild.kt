// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption.ATOMIC_MOVE
import java.nio.file.StandardCopyOption.REPLACE_EXISTING
import kotlin.system.exitProcess

/**
 * A separate JVM for [HistoryProcessesTest], started with the test class path:
 *
 * - `append FILE PREFIX COUNT MAX SLACK`: prints `ready`, waits for a line on stdin (so two
 *   children start appending together), adds COUNT entries through a [HistoryStore], prints
 *   `done`. Exit status 3 if the store warned: a lost entry must not hide behind a warning.
 * - `trim-loop FILE PRISTINE MAX`: forever, puts the pristine (untrimmed) content back with an
 *   atomic move, then trims FILE to MAX entries; prints `R` before each restore and `T` before each
 *   trim (`ready` once the first trim is done), so the test knows where its kill landed.
 * - `try-lock FILE`: tries once to take the `fcntl` lock on FILE, as another coterm would, and
 *   prints `free` (it got it, then let it go) or `busy`.
 * - `load FILE`: loads FILE through a [HistoryFile] and prints `entry:E` for each entry,
 *   `warning:W` for each warning (newlines as spaces) and `health:H`, for [PermissionsApplied].
 */
object HistoryChild {
    /** The entry that child PREFIX writes as its Nth: escaping, Unicode and a newline in each, so a torn write shows. */
    fun entry(prefix: String, n: Int): String = "$prefix-${"%04d".format(n)} \\n literal\nline two é 😀 \\"

    @JvmStatic
    fun main(args: Array<String>) {
        when (args.firstOrNull()) {
            "append" -> append(Paths.get(args[1]), args[2], args[3].toInt(), args[4].toInt(), args[5].toInt())
            "trim-loop" -> trimLoop(Paths.get(args[1]), Paths.get(args[2]), args[3].toInt())
            "try-lock" -> tryLock(Paths.get(args[1]))
            "load" -> load(Paths.get(args[1]))
            else -> {
                System.err.println("usage: append FILE PREFIX COUNT MAX SLACK | trim-loop FILE PRISTINE MAX | try-lock FILE | load FILE")
                exitProcess(2)
            }
        }
    }

    private fun append(file: Path, prefix: String, count: Int, max: Int, slack: Int) {
        var warned = false
        val store = HistoryStore.open(HistoryOptions(file, max), { System.err.println(it); warned = true }) { path, m, warn ->
            HistoryFile(path, m, warn, slack, lockTimeoutMillis = 60_000)
        }
        println("ready")
        System.out.flush()
        readLine()
        for (n in 0 until count) {
            check(store.add(entry(prefix, n))) { "entry $n was refused" }
        }
        println("done")
        System.out.flush()
        exitProcess(if (warned) 3 else 0)
    }

    private fun load(file: Path) {
        val warnings = mutableListOf<String>()
        val history = HistoryFile(file, 100, { warnings += it })
        val entries = history.load()
        entries.forEach { println("entry:$it") }
        warnings.forEach { println("warning:" + it.replace('\n', ' ')) }
        println("health:${history.health}")
        System.out.flush()
        exitProcess(0)
    }

    private fun tryLock(file: Path) {
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE).use { channel ->
            println(if (channel.tryLock() != null) "free" else "busy")
        }
        System.out.flush()
        exitProcess(0)
    }

    private fun trimLoop(file: Path, pristine: Path, max: Int) {
        val history = HistoryFile(file, max, { System.err.println(it); exitProcess(3) }, slack = 0)
        val restoring = file.resolveSibling("restore.tmp")
        var first = true
        while (true) {
            print('R')
            System.out.flush()
            // With its mode (0600): a history file open to others would be made private, with a notice.
            Files.copy(pristine, restoring, REPLACE_EXISTING, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES)
            Files.move(restoring, file, ATOMIC_MOVE, REPLACE_EXISTING)
            print('T')
            System.out.flush()
            check(history.trim()) { "the pristine file needed no trim" }
            if (first) {
                println("ready")
                System.out.flush()
                first = false
            }
        }
    }
}
