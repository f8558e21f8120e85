// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFilePolicy.FileVerdict
import coterm.history.HistoryFilePolicy.Kind
import coterm.history.HistoryFilePolicy.Node
import java.io.IOException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.FileSystems
import java.nio.file.Files
import java.nio.file.LinkOption.NOFOLLOW_LINKS
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.attribute.BasicFileAttributes

/**
 * Finds where a history file really is by walking its path one name at a time, as the kernel
 * would, and checking each name with [HistoryFilePolicy] before going through it: the I/O half of
 * the policy. Blocking; called on the history's own thread before every load, append and trim
 * (about a dozen `lstat` calls, microseconds), so a directory made group-writable or a link
 * planted during a session is noticed at the next line.
 *
 * The walk follows a symbolic link only after checking who owns it, then walks its target from
 * the root in the same way, so the result is a real path (no links left in it) whose every
 * directory is owned by the user or root and cannot be changed by anyone else: from then on the
 * file is opened by that path with `O_NOFOLLOW` ([HistoryFile]), and a name that became a link
 * in between makes the open fail instead of writing through it.
 *
 * POSIX only: where the file system has no `unix` attribute view (Windows), [locate] returns the
 * path as it is and nothing is checked; Windows guards files with ACLs, and creating a symbolic
 * link there needs a privilege.
 *
 * @param user the uid the checks are made for: this process's ([ProcessUser.id]), or another in tests.
 */
internal class HistoryLocator(private val user: Int?) {
    /**
     * Where the file is: [path] in the checked [directory], and whether a regular file is there now
     * ([exists]). [makePrivate]: the file is readable or writable by others, and must be made 0600
     * before it is used.
     */
    class Location(val directory: Path, val name: String, val exists: Boolean, val makePrivate: Boolean) {
        val path: Path get() = directory.resolve(name)
    }

    /**
     * Where [configured] leads, after checking every name on the way; null when its directory does
     * not exist and [create] is false. With [create], missing directories are made (0700) on the
     * way, and checked like the others (someone may have made one first).
     *
     * @throws HistoryFile.Refused when the policy refuses something on the way.
     * @throws IOException when something on the way cannot be read (permission denied, I/O error).
     */
    fun locate(configured: Path, create: Boolean): Location? = locate(configured.toAbsolutePath(), create, links = 0)

    private fun locate(absolute: Path, create: Boolean, links: Int): Location? {
        val name = absolute.fileName?.toString() ?: refuse(absolute, "is not a file name")
        val parent = absolute.parent ?: refuse(absolute, "is not a file name")
        if (!unixView) return unchecked(absolute, create)
        val user = user ?: refuse(absolute, "cannot be checked: the user this process runs as is unknown")
        val directory = walk(parent, create, links, user) ?: return null
        HistoryFilePolicy.checkStateDirectory(lstat(directory) ?: throw NoSuchFileException(directory.toString()), user)
            ?.let { refuse(directory, it) }
        val path = directory.resolve(name)
        val node = lstat(path) ?: return Location(directory, name, exists = false, makePrivate = false)
        if (node.kind == Kind.SymbolicLink) {
            HistoryFilePolicy.checkFileLink(node, user)?.let { refuse(path, it) }
            if (links >= MAX_LINKS) refuse(path, "goes through more than $MAX_LINKS symbolic links")
            return locate(directory.resolve(Files.readSymbolicLink(path)), create, links + 1)
        }
        return when (val verdict = HistoryFilePolicy.checkFile(node, user)) {
            FileVerdict.Use -> Location(directory, name, exists = true, makePrivate = false)
            FileVerdict.MakePrivate -> Location(directory, name, exists = true, makePrivate = true)
            is FileVerdict.Refuse -> refuse(path, verdict.reason)
        }
    }

    /**
     * The real path of the directory [path], every name on the way checked; null if it does not
     * exist and [create] is false. `..` goes to the parent of where the walk is, which is real,
     * so it means what the kernel takes it to mean.
     */
    private fun walk(path: Path, create: Boolean, links: Int, user: Int): Path? {
        val root = path.root ?: throw IOException("$path is not absolute")
        HistoryFilePolicy.checkAncestor(lstat(root) ?: throw NoSuchFileException(root.toString()), user)?.let { refuse(root, it) }
        var real: Path = root
        for (element in path) {
            val name = element.toString()
            if (name == "." || name.isEmpty()) continue
            if (name == "..") {
                real = real.parent ?: real
                continue
            }
            val next = real.resolve(name)
            var node = lstat(next)
            if (node == null) {
                if (!create) return null
                try {
                    Files.createDirectory(next, *PrivateFiles.directory())
                } catch (_: FileAlreadyExistsException) {
                    // Made by someone else meanwhile: checked below like any other.
                }
                node = lstat(next) ?: throw NoSuchFileException(next.toString())
            }
            HistoryFilePolicy.checkAncestor(node, user)?.let { refuse(next, it) }
            real = if (node.kind == Kind.SymbolicLink) {
                if (links >= MAX_LINKS) refuse(next, "goes through more than $MAX_LINKS symbolic links")
                walk(real.resolve(Files.readSymbolicLink(next)), create, links + 1, user) ?: return null
            } else {
                next
            }
        }
        return real
    }

    /** Without a `unix` view (Windows): a link at the path is followed, as it always was, and nothing is checked. */
    private fun unchecked(absolute: Path, create: Boolean): Location? {
        val target = if (Files.isSymbolicLink(absolute) && Files.exists(absolute)) absolute.toRealPath() else absolute
        val directory = target.parent
        if (!Files.isDirectory(directory)) {
            if (!create) return null
            PrivateFiles.createDirectories(directory)
        }
        val exists = Files.exists(target, NOFOLLOW_LINKS)
        if (exists && !Files.isRegularFile(target, NOFOLLOW_LINKS)) refuse(target, "is not a regular file")
        return Location(directory, target.fileName.toString(), exists, makePrivate = false)
    }

    private fun refuse(path: Path, reason: String): Nothing = throw HistoryFile.Refused(path, reason)

    companion object {
        /** As Linux's `MAXSYMLINKS`: a loop of links ends the walk instead of running for ever. */
        const val MAX_LINKS: Int = 40

        private val unixView: Boolean = "unix" in FileSystems.getDefault().supportedFileAttributeViews()

        /** What `lstat` says of [path], or null if nothing is there. */
        fun lstat(path: Path): Node? {
            val attributes = try {
                Files.readAttributes(path, "unix:mode,uid", NOFOLLOW_LINKS)
            } catch (_: NoSuchFileException) {
                return null
            }
            val mode = attributes["mode"] as Int
            val kind = when (mode and S_IFMT) {
                S_IFDIR -> Kind.Directory
                S_IFREG -> Kind.RegularFile
                S_IFLNK -> Kind.SymbolicLink
                else -> Kind.Other
            }
            return Node(kind, attributes["uid"] as Int, mode and 0b111_111_111_111)
        }

        /**
         * What identifies the directory [directory] itself, whatever path names it: its device and
         * inode where the file system has them, else its real path.
         */
        fun directoryKey(directory: Path): Any =
            Files.readAttributes(directory, BasicFileAttributes::class.java).fileKey() ?: directory.toRealPath()

        private const val S_IFMT = 0b1_111_000_000_000_000 // 0170000
        private const val S_IFDIR = 0b0_100_000_000_000_000 // 0040000
        private const val S_IFREG = 0b1_000_000_000_000_000 // 0100000
        private const val S_IFLNK = 0b1_010_000_000_000_000 // 0120000
    }
}
