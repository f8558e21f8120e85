// SPDX-License-Identifier: Apache-2.0
package coterm.testing

import coterm.input.InputDecoder
import coterm.input.InputEvent
import kotlin.random.Random

/**
 * A way to split one byte stream into [InputDecoder.feed] calls. Decoder tests run every case
 * through [all] of them: the decoder must give the same events however reads split the bytes.
 */
sealed class Chunking {
    /** The offsets at which a stream of [size] bytes is cut, from 0 to [size], ascending. */
    abstract fun cuts(size: Int): IntArray

    /** All bytes in one feed. */
    data object Whole : Chunking() {
        override fun cuts(size: Int): IntArray = intArrayOf(0, size)
    }

    /** One feed per byte: the split most likely to find bugs. */
    data object ByteByByte : Chunking() {
        override fun cuts(size: Int): IntArray = IntArray(size + 1) { it }
    }

    /** Random cut points from [seed], 0 to 8 bytes apart, so some feeds are empty. */
    data class RandomSplits(val seed: Long) : Chunking() {
        override fun cuts(size: Int): IntArray {
            val random = Random(seed)
            var cuts = IntArray(16)
            var count = 1
            var at = 0
            while (at < size) {
                at = minOf(size, at + random.nextInt(0, 9))
                if (count == cuts.size) cuts = cuts.copyOf(count * 2)
                cuts[count++] = at
            }
            if (count == 1) cuts[count++] = 0
            return cuts.copyOf(count)
        }

        override fun toString(): String = "RandomSplits($seed)"
    }

    /**
     * Feeds [bytes] to [decoder] in this chunking, from the original array with offsets (so the
     * offset/length path is exercised), then flushes when [flush] is true; returns all events.
     */
    fun decode(bytes: ByteArray, decoder: InputDecoder = InputDecoder(), flush: Boolean = true): List<InputEvent> {
        val events = mutableListOf<InputEvent>()
        val cuts = cuts(bytes.size)
        for (i in 0 until cuts.size - 1) events += decoder.feed(bytes, cuts[i], cuts[i + 1] - cuts[i])
        if (flush) events += decoder.flush()
        return events
    }

    companion object {
        /**
         * Every chunking a decoder test runs through. A getter, not a stored list: a stored one
         * would be built while the subclasses' objects are still being initialised, holding nulls.
         */
        val all: List<Chunking> get() = listOf(Whole, ByteByByte, RandomSplits(1), RandomSplits(2), RandomSplits(3))
    }
}
