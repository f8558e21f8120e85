// SPDX-License-Identifier: Apache-2.0
package coterm.history

/**
 * Who may have put each thing on the way to a history file where it is, and so whether coterm
 * may read and write through it: pure rules over what `lstat` says (owner and mode), with no I/O.
 * [HistoryLocator] walks the path and asks.
 *
 * The history holds every command the user typed, and is fed back to them by Up and Ctrl+R: a
 * file another user can read leaks secrets, one they can write plants commands, and a symbolic
 * link they can plant makes coterm append to, or trim, any file of the user's. The rules follow
 * OpenSSH's for `~/.ssh` (`StrictModes`):
 *
 * | what | accepted when |
 * |---|---|
 * | a directory on the way ([checkAncestor]) | owned by the user or root, and not writable by group or others unless sticky (as `/tmp` is) |
 * | a symbolic link on the way | owned by the user or root (the system's `/tmp -> private/tmp`) |
 * | the state directory, the one that holds the file ([checkStateDirectory]) | a directory owned by the user, not writable by group or others, sticky or not |
 * | the history path itself, if a link ([checkFileLink]) | owned by the user: then it is followed, and its target checked the same way |
 * | the history file ([checkFile]) | a regular file owned by the user; readable or writable by others: made private (0600) |
 *
 * Why a sticky directory may be on the way but may not be the state directory: in a sticky
 * directory others can add names but not rename or remove the user's, so a directory the user
 * created there stays theirs; a file directly in it could have been created by anyone first.
 * Root is trusted, as everywhere (it owns `/` and could change anything anyway).
 */
internal object HistoryFilePolicy {
    /** What a name on the path is, as `lstat` sees it (links are not followed). */
    enum class Kind { Directory, RegularFile, SymbolicLink, Other }

    /** One `lstat`: [kind], the owner's uid and the permission bits (`07777`: sticky, rwx for user, group, others). */
    class Node(val kind: Kind, val owner: Int, val mode: Int) {
        override fun toString(): String = "$kind(uid $owner, mode ${octal(mode)})"
    }

    /** What to do with an existing history file. */
    sealed interface FileVerdict {
        /** Read and write it as it is. */
        object Use : FileVerdict

        /** Others may read or write it: make it 0600 first, then use it. */
        object MakePrivate : FileVerdict

        /** Leave it alone; [reason] completes "the history file ...". */
        class Refuse(val reason: String) : FileVerdict
    }

    const val ROOT: Int = 0
    private const val STICKY = 0b1_000_000_000 // 01000
    private const val GROUP_OR_OTHERS_WRITE = 0b000_010_010 // 0022
    private const val GROUP_OR_OTHERS_ANY = 0b000_111_111 // 0077

    /** Why [node], a name on the way to the state directory, cannot be passed by [user]; null if it can. */
    fun checkAncestor(node: Node, user: Int): String? = when (node.kind) {
        Kind.SymbolicLink ->
            if (node.owner == user || node.owner == ROOT) null else "is a symbolic link owned by uid ${node.owner}, not by you (uid $user) or root"
        Kind.Directory -> when {
            node.owner != user && node.owner != ROOT -> "is owned by uid ${node.owner}, not by you (uid $user) or root"
            node.mode and GROUP_OR_OTHERS_WRITE != 0 && node.mode and STICKY == 0 ->
                "is writable by group or others (mode ${octal(node.mode)}), so anyone in them can replace what is in it"
            else -> null
        }
        else -> "is not a directory"
    }

    /** Why [node] cannot be [user]'s state directory, the directory that holds the history file; null if it can. */
    fun checkStateDirectory(node: Node, user: Int): String? = when {
        node.kind != Kind.Directory -> "is not a directory"
        node.owner != user -> "is owned by uid ${node.owner}, not by you (uid $user)"
        node.mode and GROUP_OR_OTHERS_WRITE != 0 -> "is writable by group or others (mode ${octal(node.mode)})"
        else -> null
    }

    /** Why the link at the history path cannot be followed by [user]; null if it can. */
    fun checkFileLink(node: Node, user: Int): String? =
        if (node.owner == user) null else "is a symbolic link owned by uid ${node.owner}, not by you (uid $user)"

    /** What [user] may do with [node], found at the history path (links are handled before, by [checkFileLink]). */
    fun checkFile(node: Node, user: Int): FileVerdict = when {
        node.kind != Kind.RegularFile -> FileVerdict.Refuse("is not a regular file")
        node.owner != user -> FileVerdict.Refuse("is owned by uid ${node.owner}, not by you (uid $user)")
        node.mode and GROUP_OR_OTHERS_ANY != 0 -> FileVerdict.MakePrivate
        else -> FileVerdict.Use
    }

    /** [mode] as `ls` and `chmod` write it: `755`, `1777`. */
    fun octal(mode: Int): String = Integer.toOctalString(mode and 0b111_111_111_111)
}
