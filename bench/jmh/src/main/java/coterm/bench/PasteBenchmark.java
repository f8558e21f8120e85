// SPDX-License-Identifier: Apache-2.0
package coterm.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Decoder throughput on a 1 MiB bracketed paste in 4 KiB reads: one operation is one byte. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PasteBenchmark {
    private byte[] paste;

    @Setup
    public void setUp() {
        paste = DecoderInputs.paste();
        if (paste.length != DecoderInputs.PASTE_SIZE) {
            throw new IllegalStateException("input size does not match @OperationsPerInvocation");
        }
    }

    @Benchmark
    @OperationsPerInvocation(DecoderInputs.PASTE_SIZE)
    public int paste() {
        return DecoderBenchmark.feedAll(paste);
    }
}
