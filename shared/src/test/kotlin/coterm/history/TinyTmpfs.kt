// SPDX-License-Identifier: Apache-2.0
package coterm.history

import io.kotest.core.test.Enabled
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A tmpfs of 64 KiB mounted at a fresh directory, to fill a real disk: mounting needs root (or
 * CAP_SYS_ADMIN), so tests that use it are skipped, with the reason, where it cannot be done.
 * [close] unmounts it.
 */
internal class TinyTmpfs private constructor(val root: Path) : AutoCloseable {
    override fun close() {
        run("umount", root.toString()).takeIf { it.first != 0 }?.let { run("umount", "-l", root.toString()) }
    }

    /** Writes zeros to a file in it until the disk is full; returns that file. */
    fun fill(): Path {
        val filler = root.resolve("filler")
        Files.newOutputStream(filler).use { out ->
            val block = ByteArray(1024)
            try {
                while (true) out.write(block)
            } catch (_: java.io.IOException) {
                // Full.
            }
        }
        return filler
    }

    companion object {
        private const val SIZE = "64k"

        /** Mounts one in a new directory under [parent], or says why it cannot. */
        fun mount(parent: Path): Result<TinyTmpfs> {
            val root = Files.createDirectory(parent.resolve("tiny"))
            val (status, output) = try {
                run("mount", "-t", "tmpfs", "-o", "size=$SIZE,mode=0700", "tmpfs", root.toString())
            } catch (e: java.io.IOException) {
                return Result.failure(IllegalStateException("cannot run mount: ${e.message}"))
            }
            if (status != 0) return Result.failure(IllegalStateException("mount -t tmpfs failed ($status): ${output.trim()}"))
            return Result.success(TinyTmpfs(root))
        }

        /** Whether a tiny tmpfs can be mounted here (tried once), as a Kotest condition with the reason. */
        val enabled: Enabled by lazy {
            val probe = Files.createTempDirectory("coterm-tmpfs-probe")
            try {
                mount(probe).fold(
                    onSuccess = { it.close(); Enabled.enabled },
                    onFailure = { Enabled.disabled("a 64 KiB tmpfs cannot be mounted here (needs root): ${it.message}") },
                )
            } finally {
                HistoryFiles.deleteRecursively(probe)
            }
        }

        private fun run(vararg command: String): Pair<Int, String> {
            val process = ProcessBuilder(*command).redirectErrorStream(true).start()
            val output = process.inputStream.readBytes().toString(Charsets.UTF_8)
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly()
                return -1 to "timed out"
            }
            return process.exitValue() to output
        }
    }
}
