// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.history.PrivateFiles
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path

/**
 * Ctrl+X Ctrl+E: the input opened in the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`), in
 * a private temporary file (`rw-------`, deleted afterwards whatever happens), and the saved text
 * read back, without the newline the editor adds at the end.
 *
 * The editor variable may hold arguments (`code --wait`): it is run by `sh -c 'exec $EDITOR "$1"'`,
 * so it is split as the shell splits it (as git does), and the editor is the child itself, not a
 * shell waiting for it: a Ctrl+C is the editor's to handle, and a shell cannot die of it while the
 * editor goes on. Where there is no `sh` (Windows) it is split at blanks.
 *
 * @param env the environment, a seam for tests.
 */
internal class ExternalEditor(private val env: (String) -> String? = System::getenv) {
    /** What [edit] gives: the text saved, or why there is none. */
    sealed interface Outcome {
        /** The editor saved [text] and exited with status 0. */
        data class Saved(val text: String) : Outcome

        /** The editor could not run, failed or saved too much: [message] says so in one line. */
        data class Failed(val message: String) : Outcome
    }

    /** The editor command the environment asks for. */
    fun editor(): String = listOf("VISUAL", "EDITOR").firstNotNullOfOrNull { name -> env(name)?.takeIf { it.isNotBlank() } } ?: "vi"

    /** The command line that runs [editor] on [file]. */
    fun commandLine(editor: String, file: Path): List<String> =
        if (System.getProperty("os.name").orEmpty().startsWith("Windows")) {
            editor.trim().split(Regex("\\s+")) + file.toString()
        } else {
            listOf("sh", "-c", "exec $editor \"\$1\"", "sh", file.toString())
        }

    /**
     * Writes [text] to a private temporary file, runs the editor on it with [run] (which gives it
     * the terminal and returns its exit status), and reads back what was saved, as long as it is
     * at most [maxChars] chars (4 bytes each at most, as UTF-8). Never throws for the editor's
     * failures: they are [Outcome.Failed].
     */
    suspend fun edit(text: String, maxChars: Int, run: suspend (List<String>) -> Int): Outcome {
        val editor = editor()
        val file = try {
            Files.createTempFile("coterm-edit-", ".txt", *PrivateFiles.file())
        } catch (e: IOException) {
            return Outcome.Failed("coterm: could not make a file for the editor: ${e.message}")
        }
        try {
            Files.writeString(file, text)
            val status = try {
                run(commandLine(editor, file))
            } catch (e: IOException) {
                return Outcome.Failed("coterm: could not run the editor ($editor): ${e.message}; the line is unchanged")
            }
            if (status != 0) return Outcome.Failed("coterm: the editor ($editor) exited with status $status; the line is unchanged")
            if (Files.size(file) > maxChars.toLong() * 4) {
                return Outcome.Failed("coterm: the edited text is longer than the line limit ($maxChars characters); the line is unchanged")
            }
            return Outcome.Saved(withoutFinalNewline(Files.readString(file)))
        } catch (e: IOException) {
            return Outcome.Failed("coterm: could not read the editor's file: ${e.message}; the line is unchanged")
        } finally {
            try {
                Files.deleteIfExists(file)
            } catch (_: IOException) {
                // Nothing more to do: the file is private, in the temporary directory.
            }
        }
    }

    companion object {
        /** [text] without the one line break an editor adds at the end of the file (`\n` or `\r\n`). */
        fun withoutFinalNewline(text: String): String = when {
            text.endsWith("\r\n") -> text.substring(0, text.length - 2)
            text.endsWith("\n") -> text.substring(0, text.length - 1)
            else -> text
        }
    }
}
