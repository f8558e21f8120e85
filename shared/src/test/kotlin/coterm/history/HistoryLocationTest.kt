// SPDX-License-Identifier: Apache-2.0
package coterm.history

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Paths

class HistoryLocationTest : FunSpec({
    data class Case(
        val name: String,
        val os: String,
        val env: Map<String, String>,
        val userHome: String?,
        val expected: String?,
    )

    context("the default file") {
        withData(
            nameFn = { it.name },
            Case("XDG_STATE_HOME wins", "Linux", mapOf("XDG_STATE_HOME" to "/xdg/state", "HOME" to "/home/me"), "/pw/me", "/xdg/state/app/history"),
            Case("then HOME", "Linux", mapOf("HOME" to "/home/me"), "/pw/me", "/home/me/.local/state/app/history"),
            Case("then user.home", "Linux", emptyMap(), "/pw/me", "/pw/me/.local/state/app/history"),
            Case("nothing at all", "Linux", emptyMap(), null, null),
            Case("an empty XDG_STATE_HOME is ignored", "Linux", mapOf("XDG_STATE_HOME" to "", "HOME" to "/home/me"), null, "/home/me/.local/state/app/history"),
            Case("a relative XDG_STATE_HOME is ignored", "Linux", mapOf("XDG_STATE_HOME" to "state", "HOME" to "/home/me"), null, "/home/me/.local/state/app/history"),
            Case("an empty HOME falls back to user.home", "Linux", mapOf("HOME" to ""), "/pw/me", "/pw/me/.local/state/app/history"),
            Case("a relative HOME falls back to user.home", "Linux", mapOf("HOME" to "me"), "/pw/me", "/pw/me/.local/state/app/history"),
            Case("macOS follows XDG too", "Mac OS X", mapOf("HOME" to "/Users/me"), null, "/Users/me/.local/state/app/history"),
            Case("Windows: LOCALAPPDATA", "Windows 11", mapOf("LOCALAPPDATA" to "/c/Users/me/AppData/Local", "XDG_STATE_HOME" to "/xdg"), "/c/Users/me", "/c/Users/me/AppData/Local/app/history"),
            Case("Windows without LOCALAPPDATA: user.home", "Windows 10", mapOf("HOME" to "/home/x"), "/c/Users/me", "/c/Users/me/AppData/Local/app/history"),
            Case("Windows with nothing", "Windows Server 2022", emptyMap(), null, null),
        ) { case ->
            val location = HistoryLocation(case.env::get, case.os, case.userHome)
            location.defaultFile("app") shouldBe case.expected?.let { Paths.get(it) }
        }
    }

    context("an application name must be one directory name") {
        withData(nameFn = { "'${it.replace("\u0000", "\\0").replace("\n", "\\n")}'" }, "", ".", "..", "a/b", "a\\b", "/abs", "nul\u0000", "line\nbreak") { name ->
            shouldThrow<IllegalArgumentException> {
                HistoryLocation(mapOf("HOME" to "/h")::get, "Linux", null).defaultFile(name)
            }.message shouldContain "application name"
        }
    }

    test("names with dots, spaces and Unicode are fine") {
        val location = HistoryLocation(mapOf("HOME" to "/h")::get, "Linux", null)
        location.defaultFile(".hidden") shouldBe Paths.get("/h/.local/state/.hidden/history")
        location.defaultFile("my app") shouldBe Paths.get("/h/.local/state/my app/history")
        location.defaultFile("écrit") shouldBe Paths.get("/h/.local/state/écrit/history")
    }
})
