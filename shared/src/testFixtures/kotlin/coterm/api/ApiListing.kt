// SPDX-License-Identifier: Apache-2.0
package coterm.api

import java.io.File
import java.lang.reflect.Constructor
import java.lang.reflect.Executable
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.Type
import kotlin.reflect.KVisibility
import kotlin.reflect.jvm.javaConstructor
import kotlin.reflect.jvm.javaGetter
import kotlin.reflect.jvm.javaSetter
import kotlin.reflect.jvm.kotlinFunction
import kotlin.reflect.jvm.kotlinProperty

/**
 * The public API of a module as Java sees it, one line per class and member, read from its
 * compiled classes: like kotlinx's binary-compatibility-validator `.api` files, in Java's terms.
 *
 * Listed: classes that are public (or protected, nested) to the JVM and not `internal` or
 * `private` in Kotlin (an internal class is public in bytecode but not part of the API), and
 * their public and protected constructors, methods and fields that are not synthetic (javac
 * cannot call those: `access$` helpers, `copy$default`). Everything else Java can call is listed,
 * Kotlin-internal members of public classes included (their names end in `$module`), so that a
 * leak shows in the listing and its test. So are the static methods of file facades (`FooKt`):
 * an `internal` top-level function compiles to a public static method with its own name, and
 * ends its line with [INTERNAL_MARK], as does an `internal` constructor and a field of an
 * `internal` property (`@JvmField`, `const`); a facade method that cannot be shown to belong to
 * a public declaration is marked too. A facade whose methods are all hidden (`@JvmSynthetic`)
 * shows Java nothing and is left out.
 *
 * Interfaces with default methods have no `DefaultImpls` classes: the library modules compile
 * with `-jvm-default=no-compatibility` (root `pom.xml`), so Java sees the JVM's own default
 * methods and nothing else; a `DefaultImpls` class in a listing means that setting was lost.
 *
 * One file for both library modules: it lives in `shared/src/testFixtures/kotlin`, which the
 * test compilations of shared and windows-console both include (their `pom.xml`).
 */
object ApiListing {
    /**
     * The listing of every class under [classes] (a `target/classes` directory) whose name
     * [include] accepts, loaded through [loader].
     */
    fun of(classes: File, loader: ClassLoader, include: (String) -> Boolean = { true }): String {
        val names = classes.walkTopDown()
            .filter { it.isFile && it.name.endsWith(".class") && it.name != "module-info.class" }
            .map { it.relativeTo(classes).path.removeSuffix(".class").replace(File.separatorChar, '.') }
            .filter(include)
            .sorted()
            .toList()
        val out = StringBuilder()
        for (name in names) {
            val type = Class.forName(name, false, loader)
            if (!isApi(type)) continue
            val members = ArrayList<String>()
            val hidden = kotlinInternalConstructors(type)
            val facade = isFileFacade(type)
            val publicAccessors = if (facade) publicPropertyAccessors(type) else emptySet()
            for (c in type.declaredConstructors) {
                if (visible(c)) members += "\t" + modifiers(c.modifiers) + "<init>" + parameters(c) + (if (c in hidden) INTERNAL_MARK else "")
            }
            for (m in type.declaredMethods) {
                if (!visible(m) || m.isBridge) continue
                val internal = facade && m !in publicAccessors && !isPublicInKotlin(m)
                members += "\t" + modifiers(m.modifiers) + typeName(m.genericReturnType) + " " + m.name + parameters(m) + (if (internal) INTERNAL_MARK else "")
            }
            for (f in type.declaredFields) {
                if (visible(f)) members += "\t" + modifiers(f.modifiers) + typeName(f.genericType) + " " + f.name + (if (isInternalInKotlin(f)) INTERNAL_MARK else "")
            }
            // A file facade whose functions are all hidden (@JvmSynthetic) shows Java nothing.
            if (members.isEmpty() && facade) continue
            out.append(classLine(type)).append(" {\n")
            members.sorted().forEach { out.append(it).append('\n') }
            out.append("}\n\n")
        }
        return out.toString()
    }

    /** True for a class Java and Kotlin users both see: public to the JVM all the way out, not internal in Kotlin. */
    private fun isApi(type: Class<*>): Boolean {
        if (type.isSynthetic || type.isAnonymousClass || type.isLocalClass) return false
        if (!Modifier.isPublic(type.modifiers) && !Modifier.isProtected(type.modifiers)) return false
        if (type.simpleName.isEmpty()) return false
        val outer = type.declaringClass
        if (outer != null && !isApi(outer)) return false
        return kotlinVisibility(type).let { it == null || it == KVisibility.PUBLIC || it == KVisibility.PROTECTED }
    }

    /** What ends the line of a member Java can call while Kotlin code outside the module cannot: an `internal` one. */
    const val INTERNAL_MARK: String = " // internal in Kotlin"

    /** The constructors of a Kotlin class that are `internal` or `private` in Kotlin (public in bytecode when internal). */
    private fun kotlinInternalConstructors(type: Class<*>): Set<Constructor<*>> {
        if (type.getAnnotation(Metadata::class.java)?.kind != 1) return emptySet()
        return try {
            type.kotlin.constructors
                .filter { it.visibility == KVisibility.INTERNAL || it.visibility == KVisibility.PRIVATE }
                .mapNotNull { it.javaConstructor }
                .toSet()
        } catch (_: UnsupportedOperationException) {
            emptySet()
        } catch (_: Error) {
            emptySet()
        }
    }

    /** True for the class of a Kotlin file's top-level declarations (`FooKt`), or a part of a multi-file one. */
    private fun isFileFacade(type: Class<*>): Boolean = type.getAnnotation(Metadata::class.java)?.kind.let { it == 2 || it == 4 || it == 5 }

    /** True when [method], a top-level function, is `public` in Kotlin; false when internal, or when kotlin-reflect cannot tell. */
    private fun isPublicInKotlin(method: Method): Boolean = try {
        method.kotlinFunction?.visibility == KVisibility.PUBLIC
    } catch (_: UnsupportedOperationException) {
        false
    } catch (_: Error) {
        false
    }

    /** The getters and setters of a file facade's public top-level properties (those with a backing field). */
    private fun publicPropertyAccessors(type: Class<*>): Set<Method> = type.declaredFields.flatMap { field ->
        val property = try {
            field.kotlinProperty
        } catch (_: UnsupportedOperationException) {
            null
        } catch (_: Error) {
            null
        }
        if (property?.visibility != KVisibility.PUBLIC) return@flatMap emptyList()
        listOfNotNull(property.javaGetter, (property as? kotlin.reflect.KMutableProperty<*>)?.javaSetter)
    }.toSet()

    /** True for a field of a Kotlin property that is `internal` or `private` in Kotlin (a `@JvmField` or `const` one is public to Java). */
    private fun isInternalInKotlin(field: java.lang.reflect.Field): Boolean {
        if (field.declaringClass.getAnnotation(Metadata::class.java) == null) return false
        return try {
            field.kotlinProperty?.visibility.let { it == KVisibility.INTERNAL || it == KVisibility.PRIVATE }
        } catch (_: UnsupportedOperationException) {
            false
        } catch (_: Error) {
            false
        }
    }

    /** The Kotlin visibility of a Kotlin class, or null for a Java class or a file facade. */
    private fun kotlinVisibility(type: Class<*>): KVisibility? {
        val metadata = type.getAnnotation(Metadata::class.java) ?: return null
        if (metadata.kind != 1) return null
        return try {
            type.kotlin.visibility
        } catch (_: UnsupportedOperationException) {
            null
        } catch (_: Error) {
            null // kotlin-reflect cannot read it (KotlinReflectionInternalError): list it, to be looked at
        }
    }

    private fun visible(member: java.lang.reflect.Member): Boolean =
        !member.isSynthetic && (Modifier.isPublic(member.modifiers) || Modifier.isProtected(member.modifiers))

    private fun classLine(type: Class<*>): String {
        val kind = when {
            type.isAnnotation -> "annotation "
            type.isInterface -> "interface "
            type.isEnum -> "enum "
            type.isRecord -> "record "
            else -> "class "
        }
        var mods = type.modifiers and (Modifier.PUBLIC or Modifier.PROTECTED or Modifier.STATIC or Modifier.FINAL or Modifier.ABSTRACT)
        if (type.isInterface) mods = mods and (Modifier.ABSTRACT or Modifier.STATIC).inv()
        if (type.isEnum) mods = mods and Modifier.FINAL.inv()
        val supers = listOfNotNull(type.genericSuperclass?.takeIf { it != Any::class.java && type.superclass != java.lang.Enum::class.java && type.superclass != java.lang.Record::class.java }) +
            type.genericInterfaces.toList()
        val extends = if (supers.isEmpty()) "" else " : " + supers.joinToString(", ") { typeName(it) }
        val parameters = if (type.typeParameters.isEmpty()) "" else type.typeParameters.joinToString(", ", "<", ">") { it.name }
        return modifiers(mods) + kind + type.name + parameters + extends
    }

    private fun modifiers(mods: Int): String {
        val kept = mods and (Modifier.PUBLIC or Modifier.PROTECTED or Modifier.STATIC or Modifier.FINAL or Modifier.ABSTRACT)
        val text = Modifier.toString(kept)
        return if (text.isEmpty()) "" else "$text "
    }

    private fun parameters(executable: Executable): String {
        val types: Array<Type> = when (executable) {
            is Method -> executable.genericParameterTypes
            is Constructor<*> -> executable.genericParameterTypes.takeIf { it.size == executable.parameterCount } ?: executable.parameterTypes.map { it as Type }.toTypedArray()
            else -> executable.parameterTypes.map { it as Type }.toTypedArray()
        }
        val throws = executable.genericExceptionTypes.joinToString(", ") { typeName(it) }
        return "(" + types.joinToString(", ") { typeName(it) } + ")" + (if (throws.isEmpty()) "" else " throws $throws")
    }

    private fun typeName(type: Type): String = type.typeName
}
