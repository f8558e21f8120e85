// SPDX-License-Identifier: Apache-2.0
package coterm.history

import coterm.history.HistoryFilePolicy.FileVerdict
import coterm.history.HistoryFilePolicy.Kind
import coterm.history.HistoryFilePolicy.Node
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

private const val ME = 1000
private const val OTHER = 1001

/** A mode written as `ls` and `chmod` write it: "755", "1777". */
private fun mode(octal: String): Int = octal.toInt(8)

class HistoryFilePolicyTest : FunSpec({
    data class Case(val what: String, val node: Node, val refusedBecause: String?)

    context("a directory or link on the way to the state directory") {
        withData(
            nameFn = { it.what },
            Case("my directory, 755", Node(Kind.Directory, ME, mode("755")), null),
            Case("root's directory, 755 (/home)", Node(Kind.Directory, 0, mode("755")), null),
            Case("root's sticky world-writable directory (/tmp)", Node(Kind.Directory, 0, mode("1777")), null),
            Case("my sticky group-writable directory", Node(Kind.Directory, ME, mode("1770")), null),
            Case("another user's directory, even 700", Node(Kind.Directory, OTHER, mode("700")), "owned by uid 1001"),
            Case("another user's sticky directory (they can rename anything in it)", Node(Kind.Directory, OTHER, mode("1777")), "owned by uid 1001"),
            Case("my group-writable home", Node(Kind.Directory, ME, mode("775")), "writable by group or others (mode 775)"),
            Case("my world-writable directory", Node(Kind.Directory, ME, mode("757")), "writable by group or others (mode 757)"),
            Case("root's world-writable directory without the sticky bit", Node(Kind.Directory, 0, mode("777")), "mode 777"),
            Case("my link", Node(Kind.SymbolicLink, ME, mode("777")), null),
            Case("root's link (/tmp -> private/tmp)", Node(Kind.SymbolicLink, 0, mode("777")), null),
            Case("another user's link", Node(Kind.SymbolicLink, OTHER, mode("777")), "symbolic link owned by uid 1001"),
            Case("a regular file where a directory should be", Node(Kind.RegularFile, ME, mode("600")), "not a directory"),
            Case("a fifo", Node(Kind.Other, ME, mode("600")), "not a directory"),
        ) { (_, node, refusedBecause) ->
            val reason = HistoryFilePolicy.checkAncestor(node, ME)
            if (refusedBecause == null) reason.shouldBeNull() else reason.shouldNotBeNull() shouldContain refusedBecause
        }
    }

    context("the state directory, which holds the file") {
        withData(
            nameFn = { it.what },
            Case("mine, 700", Node(Kind.Directory, ME, mode("700")), null),
            Case("mine, 755 (readable is fine, the file is 0600)", Node(Kind.Directory, ME, mode("755")), null),
            Case("mine, group-writable", Node(Kind.Directory, ME, mode("770")), "writable by group or others (mode 770)"),
            Case("mine, sticky and world-writable: others can create the file first", Node(Kind.Directory, ME, mode("1777")), "mode 1777"),
            Case("root's /tmp", Node(Kind.Directory, 0, mode("1777")), "owned by uid 0, not by you (uid 1000)"),
            Case("another user's, 700", Node(Kind.Directory, OTHER, mode("700")), "owned by uid 1001, not by you (uid 1000)"),
            Case("not a directory", Node(Kind.RegularFile, ME, mode("700")), "not a directory"),
        ) { (_, node, refusedBecause) ->
            val reason = HistoryFilePolicy.checkStateDirectory(node, ME)
            if (refusedBecause == null) reason.shouldBeNull() else reason.shouldNotBeNull() shouldContain refusedBecause
        }
    }

    test("root's state directory is root's own when root runs the program") {
        HistoryFilePolicy.checkStateDirectory(Node(Kind.Directory, 0, mode("700")), 0).shouldBeNull()
        HistoryFilePolicy.checkFile(Node(Kind.RegularFile, 0, mode("600")), 0) shouldBe FileVerdict.Use
    }

    context("a link at the history path is followed only if it is mine") {
        withData(
            nameFn = { it.what },
            Case("mine", Node(Kind.SymbolicLink, ME, mode("777")), null),
            Case("another user's", Node(Kind.SymbolicLink, OTHER, mode("777")), "owned by uid 1001"),
            Case("root's (only a link I made is followed)", Node(Kind.SymbolicLink, 0, mode("777")), "owned by uid 0"),
        ) { (_, node, refusedBecause) ->
            val reason = HistoryFilePolicy.checkFileLink(node, ME)
            if (refusedBecause == null) reason.shouldBeNull() else reason.shouldNotBeNull() shouldContain refusedBecause
        }
    }

    context("the history file") {
        data class FileCase(val what: String, val node: Node, val verdict: String)
        withData(
            nameFn = { it.what },
            FileCase("mine, 600", Node(Kind.RegularFile, ME, mode("600")), "use"),
            FileCase("mine, 400", Node(Kind.RegularFile, ME, mode("400")), "use"),
            FileCase("mine, 644: readable by others", Node(Kind.RegularFile, ME, mode("644")), "private"),
            FileCase("mine, 640: readable by the group", Node(Kind.RegularFile, ME, mode("640")), "private"),
            FileCase("mine, 666", Node(Kind.RegularFile, ME, mode("666")), "private"),
            FileCase("mine, 601: others may execute it", Node(Kind.RegularFile, ME, mode("601")), "private"),
            FileCase("another user's 0666 file, planted", Node(Kind.RegularFile, OTHER, mode("666")), "owned by uid 1001"),
            FileCase("another user's 0600 file", Node(Kind.RegularFile, OTHER, mode("600")), "owned by uid 1001"),
            FileCase("a directory", Node(Kind.Directory, ME, mode("700")), "not a regular file"),
            FileCase("a fifo (reading it would block)", Node(Kind.Other, ME, mode("600")), "not a regular file"),
        ) { (_, node, verdict) ->
            val got = HistoryFilePolicy.checkFile(node, ME)
            when (verdict) {
                "use" -> got shouldBe FileVerdict.Use
                "private" -> got shouldBe FileVerdict.MakePrivate
                else -> got.shouldBeInstanceOf<FileVerdict.Refuse>().reason shouldContain verdict
            }
        }
    }

    test("modes are shown as chmod takes them") {
        HistoryFilePolicy.octal(mode("1777")) shouldBe "1777"
        HistoryFilePolicy.octal(mode("644")) shouldBe "644"
        HistoryFilePolicy.octal(mode("100644")) shouldBe "644"
    }
})
