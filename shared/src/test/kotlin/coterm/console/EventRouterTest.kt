// SPDX-License-Identifier: Apache-2.0
package coterm.console

import coterm.input.InputDecoder
import coterm.input.InputEvent
import coterm.input.TypedText
import coterm.input.KeyCode
import coterm.input.isInterruptEvent
import coterm.testing.FakeTerminal
import coterm.testing.ctrl
import coterm.testing.ctrlC
import coterm.testing.keys
import coterm.testing.stripCsi
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job

/** Routes [events] as the reader hands over one read's worth that the decoder made into one segment. */
private fun EventRouter.routeRead(events: List<InputEvent>) = route(listOf(events))

/** The routing table in [EventRouter]'s KDoc, row by row, over a real supervisor and writer on a fake terminal. */
class EventRouterTest : FunSpec({
    /** Who is in front of the input. */
    class Front(val name: String, val lineEditing: Boolean, val commandRunning: Boolean) {
        override fun toString() = name
    }

    val prompt = Front("prompt showing", lineEditing = true, commandRunning = false)
    val command = Front("command running", lineEditing = false, commandRunning = true)
    val neither = Front("neither", lineEditing = false, commandRunning = false)

    class Fixture(front: Front, interactive: Boolean = true, limit: Int = 1_000) {
        val terminal = FakeTerminal()
        val backlog = InputBacklog(limit)
        val typeAhead = TypeAhead(backlog)
        val writer = ConsoleWriter(terminal, rendering = interactive)
        var forcedExits = 0
        var suspends = 0
        val supervisor = CommandSupervisor(
            Job(), Dispatchers.Default, graceMillis = 500, typeAhead = typeAhead, writer = writer, interactive = interactive,
            forceExit = { forcedExits++ },
        )
        val router = EventRouter(typeAhead, supervisor, writer, interactive, suspendProcess = { suspends++ })
        val foreground: CommandSupervisor.Foreground? = if (front.commandRunning) supervisor.start("work") { }.also { supervisor.enterForeground(it) } else null

        init {
            supervisor.promptShowing = front.lineEditing
        }

        fun queued(): List<InputEvent> = generateSequence { typeAhead.poll()?.takeIf { it != InputEvent.EndOfInput } }.toList()

        val cancelled: Boolean get() = foreground?.job?.isCancelled == true
        val output: String get() = stripCsi(terminal.output)
    }

    data class InterruptCase(val event: InputEvent, val front: Front, val queued: Boolean, val cancels: Boolean)

    context("Ctrl+C and SIGINT: to the editor at a prompt, cancel a running command, type-ahead otherwise") {
        withData(
            nameFn = { "${if (it.event == InputEvent.Interrupt) "SIGINT" else "Ctrl+C"}, ${it.front}" },
            ts = listOf(ctrlC, InputEvent.Interrupt).flatMap { event ->
                listOf(
                    InterruptCase(event, prompt, queued = true, cancels = false),
                    InterruptCase(event, command, queued = false, cancels = true),
                    InterruptCase(event, neither, queued = true, cancels = false),
                )
            },
        ) { (event, front, queued, cancels) ->
            val f = Fixture(front)
            f.router.routeRead(listOf(event))
            f.queued() shouldBe if (queued) listOf(event) else emptyList()
            f.cancelled shouldBe cancels
            if (cancels) f.output shouldContain "^C"
        }
    }

    test("a Ctrl+C that cancels a command discards what was typed before it, in the same batch or earlier, and keeps what follows") {
        val f = Fixture(command)
        f.router.routeRead(keys("ls\r"))
        f.router.routeRead(keys("rm") + ctrlC + keys("ok"))
        f.cancelled shouldBe true
        f.queued() shouldContainExactly keys("ok")
        f.backlog.size shouldBe 0L
    }

    test("Ctrl+C presses that follow each other in one batch are one press; in separate batches they are two") {
        val storm = Fixture(neither)
        storm.router.routeRead(List(10_000) { ctrlC })
        storm.queued() shouldContainExactly listOf(ctrlC)
        val separate = Fixture(neither)
        repeat(2) { separate.router.routeRead(listOf(ctrlC)) }
        separate.queued() shouldContainExactly listOf(ctrlC, ctrlC)
    }

    test("a resize updates the writer's width and reaches key readers in every column") {
        for (front in listOf(prompt, command, neither)) {
            val f = Fixture(front)
            f.router.routeRead(listOf(InputEvent.Resize(123, 40)))
            f.writer.columns shouldBe 123
            f.queued() shouldContainExactly listOf(InputEvent.Resize(123, 40))
        }
    }

    test("Ctrl+Z suspends the program when interactive (once per batch) and is a plain key otherwise") {
        for (front in listOf(prompt, command, neither)) {
            val f = Fixture(front)
            f.router.routeRead(List(3) { ctrl('z') })
            f.suspends shouldBe 1
            f.queued() shouldBe emptyList()
        }
        val piped = Fixture(prompt, interactive = false)
        piped.router.routeRead(listOf(ctrl('z')))
        piped.suspends shouldBe 0
        piped.queued() shouldContainExactly listOf(ctrl('z'))
    }

    test("a SIGINT while a child process has the terminal is ignored: the child got the Ctrl+C") {
        val f = Fixture(command)
        f.router.handedOff = true
        f.router.routeRead(listOf(InputEvent.Interrupt))
        f.cancelled shouldBe false
        f.queued() shouldBe emptyList()
    }

    test("a read the decoder made into segments, typed text among keys and Ctrl+C, is queued in order and weighed to the byte") {
        val bytes = ("echo " + "x".repeat(5_000) + "\r\u0001" + "y".repeat(100) + "\u0003" + "z".repeat(40)).toByteArray()
        val segments = mutableListOf<List<InputEvent>>()
        InputDecoder().feedSegments(bytes, 0, bytes.size, segments)
        segments.count { it is TypedText } shouldBe 3
        for (front in listOf(prompt, neither)) {
            val f = Fixture(front, limit = 1 shl 20)
            f.router.route(segments)
            f.backlog.size shouldBe bytes.size.toLong()
            f.queued() shouldContainExactly segments.flatten()
            f.backlog.size shouldBe 0L
        }
    }

    test("any other event is kept, in order, in every column: nothing is dropped, however far past the limit") {
        for (front in listOf(prompt, command, neither)) {
            for (interactive in listOf(true, false)) {
                val f = Fixture(front, interactive, limit = 16)
                val lines = (1..20).flatMap { keys("echo " + "y".repeat(5_000) + "\r") } + InputEvent.Paste("pasted") + InputEvent.Focus(gained = true)
                lines.chunked(4_096).forEach { f.router.routeRead(it) }
                f.typeAhead.size shouldBe lines.size
                f.backlog.size shouldBe InputBacklog.bytesOf(lines)
                f.queued() shouldContainExactly lines
                f.backlog.size shouldBe 0L
            }
        }
    }

    test("a Ctrl+C typed after a command's line and before it started is aimed at it") {
        val f = Fixture(neither)
        f.router.routeRead(keys("sleep 9\r") + ctrlC)
        List(8) { f.typeAhead.poll() } shouldContainExactly keys("sleep 9\r") // the editor took the line
        val started = f.supervisor.start("sleep") { }
        f.supervisor.enterForeground(started)
        f.supervisor.onCommandStarting()
        started.job.isCancelled shouldBe true
        f.queued() shouldBe emptyList()
    }

    test("end of input is given to every reader from then on, after what is queued") {
        val f = Fixture(neither)
        f.router.routeRead(keys("a"))
        f.router.endInput()
        f.typeAhead.poll() shouldBe keys("a").single()
        repeat(2) { f.typeAhead.poll() shouldBe InputEvent.EndOfInput }
    }

    data class Kind(val event: InputEvent, val interrupt: Boolean)

    context("the interrupt test covers the key and the signal, nothing else") {
        withData(
            nameFn = { "${it.event} -> ${it.interrupt}" },
            ts = listOf(
                Kind(ctrlC, true),
                Kind(InputEvent.Interrupt, true),
                Kind(ctrl('d'), false),
                Kind(InputEvent.Key(KeyCode.Char('c'.code)), false),
                Kind(InputEvent.Paste("\u0003"), false),
            ),
        ) { (event, interrupt) ->
            isInterruptEvent(event) shouldBe interrupt
        }
    }
})
