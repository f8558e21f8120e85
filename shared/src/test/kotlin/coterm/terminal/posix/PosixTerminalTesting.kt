// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import io.kotest.matchers.ints.shouldBeGreaterThan
import java.io.ByteArrayOutputStream
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** Runs [block] on a daemon thread named [name]; the future completes with its result or failure. */
internal fun <T> inThread(name: String, block: () -> T): CompletableFuture<T> {
    val result = CompletableFuture<T>()
    Thread({
        try {
            result.complete(block())
        } catch (t: Throwable) {
            result.completeExceptionally(t)
        }
    }, name).apply { isDaemon = true }.start()
    return result
}

/** Reads from [terminal] until at least [count] bytes have come, each read given 5 s. */
internal fun readAtLeast(terminal: PosixTerminal, count: Int): List<Byte> {
    val out = ByteArrayOutputStream()
    val buffer = ByteArray(64)
    while (out.size() < count) {
        val n = terminal.read(buffer, 5_000)
        n shouldBeGreaterThan 0
        out.write(buffer, 0, n)
    }
    return out.toByteArray().toList()
}

/** Milliseconds since [startNanos] (a `System.nanoTime()`). */
internal fun elapsedMillis(startNanos: Long): Long = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
