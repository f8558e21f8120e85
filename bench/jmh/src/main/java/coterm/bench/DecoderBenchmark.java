// SPDX-License-Identifier: Apache-2.0
package coterm.bench;

import coterm.input.InputDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoder throughput: one operation is one byte, so the score is bytes per second. Input is fed
 * in 4 KiB reads (what a pseudo-terminal hands over at a time), then flushed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {
    private static final int READ = 4096;

    @Param({"ascii", "utf8", "escapes", "mixed"})
    public String input;

    private byte[] bytes;

    @Setup
    public void setUp() {
        bytes = DecoderInputs.named(input);
        if (bytes.length != DecoderInputs.SIZE) {
            throw new IllegalStateException("input sizes do not match @OperationsPerInvocation");
        }
    }

    @Benchmark
    @OperationsPerInvocation(DecoderInputs.SIZE)
    public int decode() {
        return feedAll(bytes);
    }

    static int feedAll(byte[] data) {
        InputDecoder decoder = new InputDecoder();
        int events = 0;
        for (int offset = 0; offset < data.length; offset += READ) {
            events += decoder.feed(data, offset, Math.min(READ, data.length - offset)).size();
        }
        return events + decoder.flush().size();
    }
}
