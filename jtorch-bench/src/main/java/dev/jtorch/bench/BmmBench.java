package dev.jtorch.bench;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/** {@code bmm} of 64 products of 128x128 float32 matrices. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BmmBench {
    private Tensor a, b;

    @Setup
    public void setup() {
        Generator g = new Generator().manualSeed(1);
        a = Torch.randn(new long[] {64, 128, 128}, DType.FLOAT32, g);
        b = Torch.randn(new long[] {64, 128, 128}, DType.FLOAT32, g);
    }

    @Benchmark public Tensor bmm() { return Torch.bmm(a, b); }
}
