// SPDX-License-Identifier: Apache-2.0
package coterm.terminal.posix

import coterm.terminal.TerminalException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.ByteBuffer
import java.nio.ByteOrder

/** [FdSet]'s bits against plain numbers, and against `FD_SET` of the C headers on this machine. */
class FdSetTest : FunSpec({
    context("fd goes into word fd / 32 as bit fd % 32") {
        withTests(
            nameFn = { "fd ${it.first}" },
            Triple(0, 0, 1),
            Triple(5, 0, 1 shl 5),
            Triple(31, 0, 1 shl 31),
            Triple(32, 1, 1),
            Triple(63, 1, 1 shl 31),
            Triple(64, 2, 1),
            Triple(1023, 31, 1 shl 31),
        ) { (fd, word, bits) ->
            val set = FdSet()
            set.add(fd)
            set.words.withIndex().filter { it.value != 0 }.map { it.index to it.value } shouldBe listOf(word to bits)
            (fd in set).shouldBeTrue()
            (fd + 1 in set).shouldBeFalse()
        }
    }

    test("a set holds several descriptors, and what select leaves in it is read back") {
        val set = FdSet()
        listOf(0, 7, 40).forEach(set::add)
        set.words[0] shouldBe (1 or (1 shl 7))
        set.words[1] shouldBe (1 shl 8)
        set.words[1] = 0 // select clears descriptors that are not ready
        (0 in set).shouldBeTrue()
        (40 in set).shouldBeFalse()
    }

    test("descriptors outside 0 until FD_SETSIZE are refused with a message that says why") {
        for (fd in listOf(-1, 1024, 5000)) {
            val error = shouldThrow<TerminalException> { FdSet().add(fd) }
            error.message shouldContain "fd $fd"
            error.message shouldContain "0 to 1023"
            (fd in FdSet()).shouldBeFalse()
        }
    }

    test("the words have the bytes of this machine's fd_set after FD_SET (a compiled C probe)") {
        val fds = listOf(0, 1, 5, 31, 32, 63, 64, 200, 1023)
        val printed = runCProbe(
            """
            #include <stdio.h>
            #include <sys/select.h>
            int main(void) {
                fd_set set;
                FD_ZERO(&set);
                ${fds.joinToString(" ") { "FD_SET($it, &set);" }}
                printf("%d %d\n", (int) FD_SETSIZE, (int) sizeof(fd_set));
                for (size_t i = 0; i < sizeof(fd_set); i++) printf("%02x", ((unsigned char *) &set)[i]);
                printf("\n");
                return 0;
            }
            """.trimIndent(),
        ).lines()
        val set = FdSet()
        fds.forEach(set::add)
        val bytes = ByteBuffer.allocate(set.words.size * 4).order(ByteOrder.nativeOrder())
        set.words.forEach { bytes.putInt(it) }
        withClue("FD_SETSIZE and sizeof(fd_set)") { printed[0] shouldBe "${FdSet.SIZE} ${FdSet.SIZE / 8}" }
        bytes.array().joinToString("") { "%02x".format(it) } shouldBe printed[1]
    }
})
