// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

import coterm.editor.Candidate
import coterm.editor.Completer
import coterm.editor.CompletionRequest
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible

/**
 * Tab completion for Java: returns the candidates for a request, blocking as long as it needs.
 *
 * ```java
 * LineOptions options = BlockingCompleter.options(request ->
 *     List.of(new Candidate("help"), new Candidate("history")));
 * String line = console.readLine("> ", options);
 * ```
 *
 * It runs on a worker thread, never the caller's; Ctrl+C while it runs interrupts that thread
 * ([Thread.interrupt]) and the line stays as it was; keys typed meanwhile wait for it.
 */
public fun interface BlockingCompleter {
    /** The candidates for [request]'s word (see [Completer]); an exception counts as none. */
    @Throws(Exception::class)
    public fun complete(request: CompletionRequest): List<Candidate>

    /** This completer as the console's [Completer]. */
    public fun asCompleter(): Completer = Completer { request -> runInterruptible(Dispatchers.IO) { complete(request) } }

    /** Factories for Java. */
    public companion object {
        /** Line options with [completer] and the other defaults. */
        @JvmStatic
        public fun options(completer: BlockingCompleter): coterm.console.LineOptions =
            coterm.console.LineOptions(completer = completer.asCompleter())
    }
}
