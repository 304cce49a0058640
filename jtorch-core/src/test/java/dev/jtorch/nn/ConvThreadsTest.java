package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.backend.cpu.Parallel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The convolution and pooling kernels give the same bits whatever the thread count (fixed chunks, fixed sum order). */
class ConvThreadsTest {
    private static double[][] run(int threads, boolean f64) {
        int before = Parallel.getNumThreads();
        Parallel.setNumThreads(threads);
        try {
            DType dt = f64 ? DType.FLOAT64 : DType.FLOAT32;
            Generator g = new Generator().manualSeed(3);
            Tensor x = Torch.randn(new long[] {37, 3, 14, 13}, dt, g).requiresGrad_(true);
            Tensor w = Torch.randn(new long[] {6, 3, 5, 4}, dt, g).requiresGrad_(true);
            Tensor b = Torch.randn(new long[] {6}, dt, g).requiresGrad_(true);
            Tensor y = F.relu(F.maxPool2d(F.conv2d(x, w, b), 2));
            Tensor gy = Torch.randn(y.shape(), dt, g);
            y.backward(gy);
            return new double[][] {y.toDoubleArray(), x.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray()};
        } finally {
            Parallel.setNumThreads(before);
        }
    }

    @Test void sameBitsForOneTwoAndFiveThreads() {
        for (boolean f64 : new boolean[] {false, true}) {
            double[][] one = run(1, f64), two = run(2, f64), five = run(5, f64);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], "tensor " + i + (f64 ? " float64" : " float32") + ", 2 threads");
                assertArrayEquals(one[i], five[i], "tensor " + i + (f64 ? " float64" : " float32") + ", 5 threads");
            }
        }
    }
}
