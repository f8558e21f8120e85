// SPDX-License-Identifier: Apache-2.0
package coterm.history

import java.nio.file.Path

/**
 * What the line editor remembers of the lines entered, and where: immutable settings, safe to
 * share between threads. The history itself is opened by the console; this only describes it.
 *
 * | factory | remembered in the session (Up, Ctrl+R) | kept across runs |
 * |---|---|---|
 * | [forApp] (`"myapp"`) | yes | yes, in [defaultFile] |
 * | the constructor with a `file` | yes | yes, in that file |
 * | [inMemory] | yes | no |
 * | [disabled] | no: Up and Ctrl+R find nothing, not even this session's lines | no |
 *
 * [disabled] is [maxEntries] 0: nothing is stored anywhere, and a [file], if one is given, is
 * neither read nor written (so turning history off never trims away an existing file).
 *
 * With a file, each accepted line is appended as soon as it is entered under an exclusive lock, so
 * several programs (two shells) can share one file and lose nothing; when the file holds a quarter
 * more than [maxEntries] (at least 16 more) it is rewritten, atomically, with the newest
 * [maxEntries]. The file is read and written on a thread of its own, in order, so a lock held by
 * another program or a slow disk never holds up a key, a Ctrl+C or the prompt; closing the console
 * waits (up to five seconds) for the lines still to be written. An append is written at once but
 * not forced to disk: it survives the program crashing, as bash's and JLine's do; a trim is forced
 * before its rename. The file and its
 * directories are created on the first line, readable by the user only (POSIX mode 0600, 0700).
 * A missing file is an empty history; a file that cannot be read gives one warning and the
 * session goes on with an in-memory history.
 *
 * Bounded in bytes as well as entries: the entries in memory take at most 8 MiB (two bytes a
 * character; the oldest go first, the newest is always kept), an entry whose line exceeds 64 KiB
 * stays in memory only, at most the last 1 MiB of the file is read (the newest entries win), and a
 * trim keeps what would be read. Guarded like OpenSSH's `~/.ssh` on POSIX: the file and the directories on its way must
 * be the user's (or root's) and not writable by others, a symbolic link is followed only if the
 * user owns it, and a file others could read is made 0600; when that is not so, one warning and
 * the history stays in memory. The format (UTF-8, one line per entry, `\\`, `\n`, `\r` and other
 * control characters escaped; JLine's files without timestamps read exactly), the budgets and the
 * policy are described in the project's README.
 *
 * Compared with JLine: JLine writes the history file when `save()` is called (by default at
 * exit) and trims it without a lock or an atomic move; here every line is written as soon as it
 * is entered (within a millisecond, unless another program holds the lock), a crash loses at most
 * a line entered in its last instant, and two sessions never overwrite each other. Older duplicates are kept (bash's `ignoredups`, not `erasedups`).
 *
 * @property file the history file, or null to keep the history in memory only.
 * @property maxEntries the most entries kept in memory and (after trimming) in the file; 0 means
 *   nothing is remembered at all ([disabled]).
 * @property ignoreDuplicates a line equal to the newest entry is not added again (bash's
 *   `ignoredups`; JLine's `HISTORY_IGNORE_DUPS`).
 * @property ignoreSpacePrefixed a line that starts with a space is not added (bash's
 *   `ignorespace`; JLine's `HISTORY_IGNORE_SPACE`): type a space first to keep a secret out.
 * @property shareAcrossSessions with a [file]: at every prompt, the lines other sessions
 *   appended to the file since this one last looked become the newest entries (zsh's
 *   `SHARE_HISTORY`), so Up finds what was just entered in another terminal. Only the new bytes
 *   are read (at most the file's read budget, newest first), in the background; Up and Ctrl+R
 *   at the very start of a prompt wait for them, as they wait for the file at start-up. Off by
 *   default: each session then sees the file as it was when the session began, plus its own
 *   lines (bash's default, JLine's). Lines appended by others just before a third session
 *   trimmed (rewrote) the file are not picked up in this session; they are in the file for the
 *   next one.
 */
public class HistoryOptions @JvmOverloads constructor(
    public val file: Path? = null,
    public val maxEntries: Int = DEFAULT_MAX_ENTRIES,
    public val ignoreDuplicates: Boolean = true,
    public val ignoreSpacePrefixed: Boolean = true,
    public val shareAcrossSessions: Boolean = false,
) {
    init {
        require(maxEntries >= 0) { "maxEntries must not be negative: $maxEntries" }
    }

    /** Whether anything is remembered at all: false for [disabled] (a [maxEntries] of 0). */
    public val isEnabled: Boolean get() = maxEntries > 0

    /** The same options with [file] instead (null: in memory only). */
    public fun withFile(file: Path?): HistoryOptions =
        HistoryOptions(file, maxEntries, ignoreDuplicates, ignoreSpacePrefixed, shareAcrossSessions)

    /** The same options with [maxEntries] instead. */
    public fun withMaxEntries(maxEntries: Int): HistoryOptions =
        HistoryOptions(file, maxEntries, ignoreDuplicates, ignoreSpacePrefixed, shareAcrossSessions)

    /** The same options with [ignoreDuplicates] instead. */
    public fun withIgnoreDuplicates(ignoreDuplicates: Boolean): HistoryOptions =
        HistoryOptions(file, maxEntries, ignoreDuplicates, ignoreSpacePrefixed, shareAcrossSessions)

    /** The same options with [ignoreSpacePrefixed] instead. */
    public fun withIgnoreSpacePrefixed(ignoreSpacePrefixed: Boolean): HistoryOptions =
        HistoryOptions(file, maxEntries, ignoreDuplicates, ignoreSpacePrefixed, shareAcrossSessions)

    /** The same options with [shareAcrossSessions] instead. */
    public fun withShareAcrossSessions(shareAcrossSessions: Boolean): HistoryOptions =
        HistoryOptions(file, maxEntries, ignoreDuplicates, ignoreSpacePrefixed, shareAcrossSessions)

    override fun equals(other: Any?): Boolean =
        other is HistoryOptions && file == other.file && maxEntries == other.maxEntries &&
            ignoreDuplicates == other.ignoreDuplicates && ignoreSpacePrefixed == other.ignoreSpacePrefixed &&
            shareAcrossSessions == other.shareAcrossSessions

    override fun hashCode(): Int =
        listOf(file, maxEntries, ignoreDuplicates, ignoreSpacePrefixed, shareAcrossSessions).hashCode()

    override fun toString(): String =
        "HistoryOptions(file=$file, maxEntries=$maxEntries, ignoreDuplicates=$ignoreDuplicates, " +
            "ignoreSpacePrefixed=$ignoreSpacePrefixed, shareAcrossSessions=$shareAcrossSessions)"

    /** Factories for the usual cases. */
    public companion object {
        /** The default for [maxEntries], as JLine's in-memory default is 500 and bash's 500 to 1000. */
        public const val DEFAULT_MAX_ENTRIES: Int = 1000

        /** A history for this session only, with the default filters: nothing is read or written. */
        @JvmStatic
        public fun inMemory(): HistoryOptions = HistoryOptions()

        /**
         * A history kept across runs in [appName]'s file in the user's state directory
         * ([defaultFile]); in memory only if no home directory can be found.
         *
         * @throws IllegalArgumentException if [appName] is not a single directory name.
         */
        @JvmStatic
        public fun forApp(appName: String): HistoryOptions = HistoryOptions(file = defaultFile(appName))

        /** No history at all: nothing is remembered, even within the session (see the table above). */
        @JvmStatic
        public fun disabled(): HistoryOptions = HistoryOptions(file = null, maxEntries = 0)

        /**
         * Where [appName]'s history file goes by default, or null if no home directory is known:
         * `$XDG_STATE_HOME/<app>/history` if `XDG_STATE_HOME` is set, else
         * `$HOME/.local/state/<app>/history`, else the same under the `user.home` property; on
         * Windows `%LOCALAPPDATA%\<app>\history`. The environment is read before `user.home`,
         * which ignores `HOME`. Nothing is created here.
         *
         * @throws IllegalArgumentException if [appName] is empty, `.`, `..`, or holds `/`, `\` or
         *   a control character.
         */
        @JvmStatic
        public fun defaultFile(appName: String): Path? = HistoryLocation.system.defaultFile(appName)
    }
}
