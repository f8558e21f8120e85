// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileAttribute
import java.nio.file.attribute.PosixFilePermissions

/**
 * The attributes that make what the history creates (the file, its lock, a trim's temporary, the
 * directories on the way) its owner's alone: `rw-------` and `rwx------` where the file system
 * has POSIX permissions, nothing elsewhere (Windows: the user's profile directories are private).
 */
internal object PrivateFiles {
    /** Whether the default file system has POSIX permissions. */
    val posix: Boolean = "posix" in FileSystems.getDefault().supportedFileAttributeViews()

    /** The attributes of a file only its owner reads and writes. */
    fun file(): Array<FileAttribute<*>> =
        if (posix) arrayOf(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))) else emptyArray()

    /** The attributes of a directory only its owner uses. */
    fun directory(): Array<FileAttribute<*>> =
        if (posix) arrayOf(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))) else emptyArray()

    /** Creates [directory] and those above it that are missing, each private. */
    fun createDirectories(directory: Path?) {
        if (directory != null && !Files.isDirectory(directory)) Files.createDirectories(directory, *directory())
    }
}
