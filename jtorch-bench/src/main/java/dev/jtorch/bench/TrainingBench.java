package dev.jtorch.bench;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.backend.cpu.Parallel;
import dev.jtorch.examples.book.Cnn;
import dev.jtorch.examples.book.NeuralNetwork;
import dev.jtorch.nn.F;
import dev.jtorch.nn.Module;
import dev.jtorch.optim.SGD;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * One training step of the book's networks at batch 64 on a fixed random batch (no data loading): the
 * chapter-5 CNN (SGD lr 0.01 momentum 0.5, as conformance/book/cnn.py) and the chapter-4 MLP 784-256-128-10
 * (SGD lr 0.01). scripts/bench_torch.py times the same steps in PyTorch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1) // the first steps run the Vector API kernels interpreted (a second each)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrainingBench {
    static final int BATCH = 64;

    /** A model, its optimizer and one fixed batch. */
    public static final class Step {
        final Module model;
        final SGD opt;
        final Tensor data, target;

        public Step(boolean cnn) {
            Torch.manualSeed(0);
            model = cnn ? new Cnn.Net() : new NeuralNetwork.Net();
            opt = cnn ? new SGD(model.parameters(), 0.01, 0.5) : new SGD(model.parameters(), 0.01);
            Generator g = new Generator().manualSeed(1);
            data = Torch.randn(new long[] {BATCH, 1, 28, 28}, DType.FLOAT32, g);
            target = Torch.randint(0, 10, new long[] {BATCH}, DType.INT64, g);
            model.train();
        }

        public Tensor run() {
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.call(data), target);
            loss.backward();
            opt.step();
            return loss;
        }
    }

    private Step cnn, mlp;

    @Setup
    public void setup() {
        cnn = new Step(true);
        mlp = new Step(false);
    }

    @Benchmark public Tensor cnnStep() { return cnn.run(); }

    @Benchmark public Tensor mlpStep() { return mlp.run(); }

    /**
     * Quick timing without JMH: {@code java -cp benchmarks.jar dev.jtorch.bench.TrainingBench cnn|mlp [seconds]
     * [threads] [rounds]} prints the median samples/s over rounds of {@code seconds} each.
     */
    public static void main(String[] args) {
        boolean isCnn = args.length == 0 || args[0].equals("cnn");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        if (args.length > 2) Parallel.setNumThreads(Integer.parseInt(args[2]));
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        Step s = new Step(isCnn);
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 3e9) s.run(); // warm-up
        double[] rates = new double[rounds], perCpu = new double[rounds];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime(), cpu = os.getProcessCpuTime();
            int steps = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                s.run();
                steps++;
            }
            rates[r] = steps * (double) BATCH / ((System.nanoTime() - start) / 1e9);
            perCpu[r] = steps * (double) BATCH / ((os.getProcessCpuTime() - cpu) / 1e9);
        }
        java.util.Arrays.sort(rates);
        java.util.Arrays.sort(perCpu);
        System.out.printf("jtorch %s threads=%d samples/s median %.0f (min %.0f max %.0f) per CPU s %.0f%n", isCnn ? "cnn" : "mlp",
                Parallel.getNumThreads(), rates[rounds / 2], rates[0], rates[rounds - 1], perCpu[rounds / 2]);
    }
}
