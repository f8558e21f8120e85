@file:JvmName("Launcher")
package coterm.app

fun main(args: Array<String>) { println("stub") }
