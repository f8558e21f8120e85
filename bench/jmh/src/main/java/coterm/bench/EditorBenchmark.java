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

/** Line-editor throughput: one operation is one key, edited and rendered into a null sink. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EditorBenchmark {
    /** Keys in {@link EditorWorkload}'s line; checked in {@link #setUp}. */
    private static final int KEYS = 100;

    private EditorWorkload workload;

    @Setup
    public void setUp() {
        workload = new EditorWorkload(80);
        if (workload.getKeyCount() != KEYS) {
            throw new IllegalStateException("the workload has " + workload.getKeyCount() + " keys, not " + KEYS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public int typeAndRender() {
        return workload.typeLine();
    }
}
