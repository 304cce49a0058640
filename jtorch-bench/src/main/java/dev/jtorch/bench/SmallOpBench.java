package dev.jtorch.bench;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/** Per-op cost: an add of two 1-element tensors, and a 3-op autograd graph with backward on scalars. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SmallOpBench {
    private Tensor x, y, w, v;

    @Setup
    public void setup() {
        x = Torch.tensor(new float[] {1.5f});
        y = Torch.tensor(new float[] {2.5f});
        w = Torch.tensor(0.7).requiresGrad_(true);
        v = Torch.tensor(1.3).requiresGrad_(true);
    }

    @Benchmark public Tensor oneElementAdd() { return x.add(y); }

    /** (w * v + w).exp() then backward: mul, add, exp forward and their three backward formulas. */
    @Benchmark
    public Tensor graphBackward() {
        w.setGrad(null);
        v.setGrad(null);
        Tensor loss = w.mul(v).add(w).exp();
        loss.backward();
        return w.grad();
    }
}
