// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/**
 * Loads a history file with file permissions in force, also as root (CI runs as root, where
 * permissions are bypassed and "permission denied" could never happen): as an ordinary user the
 * load runs in this JVM; as root it runs in a [HistoryChild] JVM started through `setpriv`
 * without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so the kernel checks the mode bits for
 * root as for anyone else.
 */
internal object PermissionsApplied {
    /** What a load saw: the entries, the warnings and the health afterwards. */
    data class Load(val entries: List<String>, val warnings: List<String>, val health: HistoryFile.Health)

    fun load(path: Path): Load {
        if (!HistoryFiles.permissionsAreBypassed()) {
            val warnings = mutableListOf<String>()
            val file = HistoryFile(path, 100, { warnings += it.replace('\n', ' ') })
            val entries = file.load()
            return Load(entries, warnings, file.health)
        }
        val process = ProcessBuilder(
            "setpriv", "--bounding-set=-dac_override,-dac_read_search",
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"),
            HistoryChild::class.java.name, "load", path.toString(),
        ).redirectErrorStream(true).start()
        process.outputStream.close()
        val output = process.inputStream.readBytes().toString(Charsets.UTF_8)
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            throw AssertionError("the load under setpriv did not end: $output")
        }
        if (process.exitValue() != 0) throw AssertionError("the load under setpriv failed (${process.exitValue()}; setpriv is in util-linux): $output")
        val lines = output.lines()
        fun values(prefix: String) = lines.filter { it.startsWith(prefix) }.map { it.removePrefix(prefix) }
        val health = values("health:").singleOrNull() ?: throw AssertionError("no health from the child: $output")
        return Load(values("entry:"), values("warning:"), HistoryFile.Health.valueOf(health))
    }
}
