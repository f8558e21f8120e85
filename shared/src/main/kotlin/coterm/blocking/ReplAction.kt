// SPDX-License-Identifier: Apache-2.0
package coterm.blocking

/**
 * What a [BlockingRepl] command does, written as a Java lambda: `inv -> inv.println("hi")`.
 *
 * It runs on a worker thread as the foreground command. Ctrl+C interrupts that thread: a
 * `Thread.sleep` or `BlockingQueue.take` throws `InterruptedException`, which may simply be
 * let out (the command then ends as interrupted and the prompt comes back); code that never
 * checks ([Thread.isInterrupted]) keeps running until the 3rd Ctrl+C exits the program.
 * Any other exception is reported as `error: NAME: message` and the REPL goes on.
 */
public fun interface ReplAction {
    /** Does the command's work with the [invocation]'s arguments. */
    @Throws(Exception::class)
    public fun run(invocation: ReplInvocation)
}
