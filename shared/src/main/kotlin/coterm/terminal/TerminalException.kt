// SPDX-License-Identifier: Apache-2.0
package coterm.terminal

/** A native terminal call failed; [message] names the call and the error. */
public class TerminalException(message: String, cause: Throwable? = null) : RuntimeException(message, cause)
