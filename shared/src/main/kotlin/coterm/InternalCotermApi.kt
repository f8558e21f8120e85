// SPDX-License-Identifier: Apache-2.0
package coterm

/**
 * Marks declarations that are public only so that coterm's own modules can share them (the
 * Windows console plugs into the reader and the signals, the demo app reuses helpers): not part
 * of the API programs are meant to use. They may change or go in any release, without notice
 * in the changelog's API section.
 *
 * Using one from Kotlin is a compile error until it is opted into, with
 * `@OptIn(InternalCotermApi::class)` or the compiler flag `-opt-in=coterm.InternalCotermApi`
 * (coterm's modules pass the flag). Java does not check opt-in markers: for Java code, the
 * marker in the Javadoc is the warning. Like kotlinx.coroutines' `@InternalCoroutinesApi`.
 */
@RequiresOptIn(
    message = "Internal coterm API: public only for coterm's own modules; it may change or go without notice.",
    level = RequiresOptIn.Level.ERROR,
)
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY, AnnotationTarget.CONSTRUCTOR, AnnotationTarget.TYPEALIAS)
@MustBeDocumented
public annotation class InternalCotermApi
