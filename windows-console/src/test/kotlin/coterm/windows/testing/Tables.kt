// SPDX-License-Identifier: Apache-2.0
package coterm.windows.testing

import io.kotest.assertions.withClue

/** Table rows for [forAll]: each row is checked with itself as the clue, so a failure names it. */
data class Row2<A, B>(val a: A, val b: B)

data class Row3<A, B, C>(val a: A, val b: B, val c: C)

fun <A, B> row(a: A, b: B): Row2<A, B> = Row2(a, b)

fun <A, B, C> row(a: A, b: B, c: C): Row3<A, B, C> = Row3(a, b, c)

fun <A, B> forAll(vararg rows: Row2<A, B>, check: (A, B) -> Unit) = rows.forEach { withClue(it) { check(it.a, it.b) } }

fun <A, B, C> forAll(vararg rows: Row3<A, B, C>, check: (A, B, C) -> Unit) = rows.forEach { withClue(it) { check(it.a, it.b, it.c) } }
