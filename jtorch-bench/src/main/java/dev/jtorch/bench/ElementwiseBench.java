package dev.jtorch.bench;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * add / mul / exp / sum over float32 vectors: a fresh output each call (as PyTorch's eager ops), and the
 * out= forms writing into a preallocated tensor (PyTorch's {@code torch.add(a, b, out=o)}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class ElementwiseBench {
    @Param({"1000000", "16000000"})
    public int n;

    private Tensor a, b, out, scalarOut;
    private static final long[] DIM0 = {0};

    @Setup
    public void setup() {
        Generator g = new Generator().manualSeed(0);
        a = Torch.randn(new long[] {n}, DType.FLOAT32, g);
        b = Torch.randn(new long[] {n}, DType.FLOAT32, g);
        out = Torch.zeros(new long[] {n}, DType.FLOAT32);
        scalarOut = Torch.zeros(new long[0], DType.FLOAT32);
    }

    @Benchmark public Tensor add() { return a.add(b); }

    @Benchmark public Tensor mul() { return a.mul(b); }

    @Benchmark public Tensor exp() { return a.exp(); }

    @Benchmark public Tensor sum() { return a.sum(); }

    @Benchmark public Tensor addOut() { return Torch.add(a, b, out); }

    @Benchmark public Tensor mulOut() { return Torch.mul(a, b, out); }

    @Benchmark public Tensor expOut() { return Torch.exp(a, out); }

    @Benchmark public Tensor sumOut() { return Torch.sum(a, DIM0, false, scalarOut); }
}
