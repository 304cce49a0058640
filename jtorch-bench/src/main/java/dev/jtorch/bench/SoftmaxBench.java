package dev.jtorch.bench;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/** softmax, log_softmax and logsumexp over the last dim of a float32 matrix (attention-sized rows, and many short rows). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms4g", "-Xmx4g"})
public class SoftmaxBench {
    @Param({"256x1024", "4096x64"})
    public String shape;

    private Tensor x;
    private static final long[] LAST = {-1};

    @Setup
    public void setup() {
        String[] rc = shape.split("x");
        x = Torch.randn(new long[] {Long.parseLong(rc[0]), Long.parseLong(rc[1])}, DType.FLOAT32, new Generator().manualSeed(0));
    }

    @Benchmark public Tensor softmax() { return x.softmax(-1); }

    @Benchmark public Tensor logSoftmax() { return x.logSoftmax(-1); }

    @Benchmark public Tensor logsumexp() { return x.logsumexp(LAST, false); }
}
