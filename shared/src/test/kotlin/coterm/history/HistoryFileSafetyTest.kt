// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFiles.permissions
import coterm.history.HistoryFiles.posix
import coterm.history.HistoryFiles.privateDirectories
import coterm.history.HistoryFiles.setPermissions
import coterm.history.HistoryFiles.strictEntries
import coterm.history.HistoryFiles.withTempDir
import coterm.history.HistoryFiles.writeEntries
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.test.Enabled
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.LinkOption.NOFOLLOW_LINKS
import java.nio.file.Path

/** Another user, as far as these tests are concerned: no such account is needed. */
private const val INTRUDER = 4242

/** Root can give files to another uid; the tests that need that are skipped, with the reason, for anyone else. */
private val asRoot: Enabled =
    if (posix && ProcessUser.id == 0) Enabled.enabled else Enabled.disabled("giving a file to another user (chown) needs root")

private fun chown(path: Path, uid: Int) {
    Files.setAttribute(path, "unix:uid", uid, NOFOLLOW_LINKS)
}

/** A store on [path] with direct executors, and what it warned. */
private class Session(val path: Path, maxEntries: Int = 100, userId: Int? = ProcessUser.id) {
    val warnings = mutableListOf<String>()
    val store = HistoryStore.open(HistoryOptions(path, maxEntries), { warnings += it }) { p, max, warn ->
        HistoryFile(p, max, warn, userId = userId)
    }
}

/** Checks that [session] refused its file: one warning saying [why], memory only, and lines still remembered. */
private fun refused(session: Session, why: String) {
    session.warnings shouldHaveSize 1
    session.warnings.single() shouldContain why
    session.warnings.single() shouldContain "kept in memory only"
    session.store.add("secret command") shouldBe true
    // Memory only: the line went to no file (the store writes at once here, on direct executors).
    (Files.isRegularFile(session.path) && Files.readString(session.path).contains("secret command")) shouldBe false
    session.store.entries shouldContainExactly listOf("secret command")
    session.warnings shouldHaveSize 1
}

class HistoryFileSafetyTest : FunSpec({
    context("the policy, wherever the tests run").config(enabled = posix) {
        test("a state directory writable by the group is refused: nothing read, nothing written") {
            withTempDir { dir ->
                val path = dir.resolve("state/coterm/history")
                writeEntries(path, listOf("planted by a group member"))
                val before = Files.readAllBytes(path)
                setPermissions(path.parent, "rwxrwx---")
                val session = Session(path)
                refused(session, "${path.parent} is writable by group or others (mode 770)")
                Files.readAllBytes(path) shouldBe before
            }
        }

        test("a directory on the way writable by others, not sticky (XDG_STATE_HOME in a shared place), is refused") {
            withTempDir { dir ->
                val shared = dir.resolve("shared")
                privateDirectories(shared)
                setPermissions(shared, "rwxrwxrwx")
                val path = shared.resolve("coterm/history")
                val session = Session(path)
                // Even to create the directory: another user could rename it and put theirs in its place.
                refused(session, "$shared is writable by group or others (mode 777)")
                Files.exists(shared.resolve("coterm")) shouldBe false
            }
        }

        test("a sticky world-writable directory on the way (like /tmp) is fine; as the state directory itself it is not") {
            withTempDir { dir ->
                val sticky = dir.resolve("sticky")
                privateDirectories(sticky)
                Files.setAttribute(sticky, "unix:mode", "1777".toInt(8))
                val ok = Session(sticky.resolve("coterm/history"))
                ok.store.add("kept") shouldBe true
                ok.warnings.shouldBeEmpty()
                strictEntries(sticky.resolve("coterm/history")) shouldContainExactly listOf("kept")
                permissions(sticky.resolve("coterm")) shouldBe "rwx------"
                refused(Session(sticky.resolve("history")), "$sticky is writable by group or others (mode 1777)")
                Files.exists(sticky.resolve("history")) shouldBe false
            }
        }

        test("an existing file open to others is made 0600, with one notice, and used") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, listOf("old"))
                setPermissions(path, "rw-r--r--")
                val session = Session(path)
                session.store.entries shouldContainExactly listOf("old")
                permissions(path) shouldBe "rw-------"
                session.warnings shouldHaveSize 1
                session.warnings.single() shouldContain "was open to others (rw-r--r--); it is now private"
                session.store.add("new") shouldBe true
                strictEntries(path) shouldContainExactly listOf("old", "new")
                // Opened to others again during the session: closed again, quietly this time.
                setPermissions(path, "rw-rw-rw-")
                session.store.add("newer") shouldBe true
                permissions(path) shouldBe "rw-------"
                session.warnings shouldHaveSize 1
            }
        }

        test("a fifo at the history path is refused without being opened (reading it would block)") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val mkfifo = ProcessBuilder("mkfifo", path.toString()).start()
                mkfifo.waitFor() shouldBe 0
                refused(Session(path), "$path is not a regular file")
            }
        }

        test("my own link is followed, and the directory it leads to is checked like any other") {
            withTempDir { dir ->
                val real = dir.resolve("dotfiles/coterm-history")
                writeEntries(real, listOf("from dotfiles"))
                val link = dir.resolve("state/history")
                privateDirectories(link.parent)
                Files.createSymbolicLink(link, real)
                val session = Session(link)
                session.store.entries shouldContainExactly listOf("from dotfiles")
                session.store.add("through my link") shouldBe true
                strictEntries(real) shouldContainExactly listOf("from dotfiles", "through my link")
                Files.isSymbolicLink(link) shouldBe true
                // The same link, once its target's directory is opened to the group, is not followed.
                setPermissions(real.parent, "rwxrwx---")
                refused(Session(link), "${real.parent} is writable by group or others")
            }
        }

        test("a dangling link of mine is followed: the file is created where it points, 0600") {
            withTempDir { dir ->
                val real = dir.resolve("dotfiles/coterm-history")
                privateDirectories(real.parent)
                val link = dir.resolve("history")
                Files.createSymbolicLink(link, dir.relativize(real))
                val session = Session(link)
                session.store.add("first") shouldBe true
                strictEntries(real) shouldContainExactly listOf("first")
                permissions(real) shouldBe "rw-------"
                session.warnings.shouldBeEmpty()
            }
        }

        test("a loop of links ends with a warning, not a hang") {
            withTempDir { dir ->
                Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"))
                Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"))
                refused(Session(dir.resolve("a")), "more than ${HistoryLocator.MAX_LINKS} symbolic links")
            }
        }

        test("a link at the lock file's place is never opened: the append fails, the file it points to is untouched") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                val victim = dir.resolve("victim")
                Files.write(victim, "precious".toByteArray())
                Files.createSymbolicLink(dir.resolve("history.lock"), victim)
                val r = Recorded(path)
                shouldThrow<HistoryFileLock.Unavailable> { r.file.append("x") }
                Files.readAllBytes(victim) shouldBe "precious".toByteArray()
            }
        }

        test("owners are compared with the user the policy checks for: files of this process's user are another user's to a different uid") {
            withTempDir { dir ->
                val path = dir.resolve("state/history")
                writeEntries(path, listOf("not mine"))
                val before = Files.readAllBytes(path)
                val session = Session(path, userId = INTRUDER)
                refused(session, "is owned by uid ${ProcessUser.id}, not by you (uid $INTRUDER)")
                Files.readAllBytes(path) shouldBe before
            }
        }

        test("a process whose uid cannot be told refuses the file rather than guessing") {
            withTempDir { dir ->
                refused(Session(dir.resolve("history"), userId = null), "the user this process runs as is unknown")
            }
        }
    }

    context("files of another user (chown needs root)").config(enabledOrReasonIf = { asRoot }) {
        test("a link planted by another user at the history path is not followed: the file it points to is neither read nor written") {
            withTempDir { dir ->
                val victim = dir.resolve("victim-notes")
                Files.write(victim, "my notes\n".toByteArray())
                val path = dir.resolve("state/history")
                privateDirectories(path.parent)
                Files.createSymbolicLink(path, victim)
                chown(path, INTRUDER)
                val session = Session(path, maxEntries = 1)
                refused(session, "$path is a symbolic link owned by uid $INTRUDER")
                repeat(40) { session.store.add("line $it") }
                Files.readAllBytes(victim) shouldBe "my notes\n".toByteArray()
            }
        }

        test("XDG_STATE_HOME in a shared sticky place where another user made coterm/ first, with a link in it: refused") {
            withTempDir { dir ->
                val shared = dir.resolve("shared-tmp")
                privateDirectories(shared)
                Files.setAttribute(shared, "unix:mode", "1777".toInt(8))
                val theirs = Files.createDirectory(shared.resolve("coterm"))
                setPermissions(theirs, "rwxrwxrwx")
                val victim = dir.resolve("victim-file")
                Files.write(victim, "mine\n".toByteArray())
                Files.createSymbolicLink(theirs.resolve("history"), victim)
                chown(theirs.resolve("history"), INTRUDER)
                chown(theirs, INTRUDER)
                val session = Session(theirs.resolve("history"))
                refused(session, "$theirs is owned by uid $INTRUDER")
                Files.readAllBytes(victim) shouldBe "mine\n".toByteArray()
            }
        }

        test("a regular file of another user's, 0666, is neither read (planted entries) nor written (read by them)") {
            withTempDir { dir ->
                val path = dir.resolve("history")
                writeEntries(path, listOf("rm -rf ~ # planted"))
                setPermissions(path, "rw-rw-rw-")
                chown(path, INTRUDER)
                val session = Session(path)
                refused(session, "$path is owned by uid $INTRUDER, not by you")
                Files.readAllBytes(path) shouldBe "rm -rf ~ # planted\n".toByteArray()
            }
        }

        test("a state directory of another user's, even 0700, is refused") {
            withTempDir { dir ->
                val path = dir.resolve("state/history")
                privateDirectories(path.parent)
                chown(path.parent, INTRUDER)
                refused(Session(path), "${path.parent} is owned by uid $INTRUDER, not by you")
                Files.exists(path) shouldBe false
            }
        }

        test("a directory link planted by another user on the way is refused") {
            withTempDir { dir ->
                val mine = dir.resolve("mine")
                privateDirectories(mine)
                val link = dir.resolve("state")
                Files.createSymbolicLink(link, mine)
                chown(link, INTRUDER)
                refused(Session(link.resolve("history")), "$link is a symbolic link owned by uid $INTRUDER")
                Files.list(mine).use { it.count() } shouldBe 0
            }
        }
    }
})
