package dev.jtorch.bench;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/** Square sgemm/dgemm through {@code mm}, and {@code bmm} of 64 products of 128x128 matrices (float32). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class GemmBench {
    @Param({"256", "1024", "2048"})
    public int size;

    private Tensor a32, b32, a64, b64;

    @Setup
    public void setup() {
        Generator g = new Generator().manualSeed(0);
        a32 = Torch.randn(new long[] {size, size}, DType.FLOAT32, g);
        b32 = Torch.randn(new long[] {size, size}, DType.FLOAT32, g);
        a64 = a32.to(DType.FLOAT64);
        b64 = b32.to(DType.FLOAT64);
    }

    @Benchmark public Tensor sgemm() { return a32.mm(b32); }

    @Benchmark public Tensor dgemm() { return a64.mm(b64); }

}
