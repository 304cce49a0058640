package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The out= forms on the kernels' fast paths: the same values as the fresh-output ops, on the vector and on
 * the scalar kernels, and sums that do not depend on the thread count (fixed blocks, fixed order).
 */
class OutKernelsTest {
    private static final int[] SIZES = {1, 7, 17, 1000, 2 * ArrayKernels.GRAIN + 5, 1_000_000};

    @AfterEach
    void restore() {
        Simd.useVector = Simd.VECTOR;
        Torch.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static Tensor randn(int n, DType t, long seed) {
        return Torch.randn(new long[] {n}, t, new Generator().manualSeed(seed));
    }

    @Test
    void outFormsEqualTheFreshOpsOnBothKernelPaths() {
        for (boolean vec : Simd.VECTOR ? new boolean[] {true, false} : new boolean[] {false}) {
            Simd.useVector = vec;
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (int n : SIZES) {
                    Tensor a = randn(n, t, 1), b = randn(n, t, 2), out = Torch.zeros(new long[] {n}, t);
                    String at = t + " n=" + n + " vector=" + vec;
                    assertArrayEquals(a.add(b).toDoubleArray(), Torch.add(a, b, out).toDoubleArray(), "add " + at);
                    assertArrayEquals(a.mul(b).toDoubleArray(), Torch.mul(a, b, out).toDoubleArray(), "mul " + at);
                    assertArrayEquals(a.sub(b).toDoubleArray(), Torch.sub(a, b, out).toDoubleArray(), "sub " + at);
                    assertArrayEquals(a.div(b).toDoubleArray(), Torch.div(a, b, out).toDoubleArray(), "div " + at);
                    // the JDK's vector exp/tanh may differ in the last bit between the interpreter and C2
                    close(a.exp().toDoubleArray(), Torch.exp(a, out).toDoubleArray(), "exp " + at);
                    close(a.tanh().toDoubleArray(), Torch.tanh(a, out).toDoubleArray(), "tanh " + at);
                    assertArrayEquals(a.add(2.5).toDoubleArray(), Torch.add(a, 2.5, out).toDoubleArray(), "add scalar " + at);
                    Tensor s = Torch.zeros(new long[0], t);
                    assertEquals(a.sum().itemDouble(), Torch.sum(a, new long[0], false, s).itemDouble(), "sum " + at);
                    assertEquals(a.mean().itemDouble(), Torch.mean(a, new long[0], false, s).itemDouble(), "mean " + at);
                    // in place through out=: a.add(b, out=a)
                    double[] expect = a.add(b).toDoubleArray();
                    assertArrayEquals(expect, Torch.add(a, b, a).toDoubleArray(), "aliased add " + at);
                }
            }
        }
    }

    private static void close(double[] expect, double[] got, String at) {
        assertEquals(expect.length, got.length, at);
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], got[i], 1e-6 * Math.abs(expect[i]), at + " at " + i);
    }

    @Test
    void vectorAndScalarKernelsAgreeThroughOut() {
        if (!Simd.VECTOR) return;
        for (int n : SIZES) {
            Tensor a = randn(n, DType.FLOAT32, 3), b = randn(n, DType.FLOAT32, 4);
            Tensor o1 = Torch.zeros(new long[] {n}, DType.FLOAT32), o2 = Torch.zeros(new long[] {n}, DType.FLOAT32);
            Simd.useVector = true;
            Torch.add(a, b, o1);
            Simd.useVector = false;
            Torch.add(a, b, o2);
            assertArrayEquals(o2.toDoubleArray(), o1.toDoubleArray(), "add n=" + n);
            Simd.useVector = true;
            Torch.exp(a, o1);
            Simd.useVector = false;
            Torch.exp(a, o2);
            double[] v = o1.toDoubleArray(), s = o2.toDoubleArray();
            for (int i = 0; i < n; i++) assertEquals(s[i], v[i], 1e-6 * Math.abs(s[i]), "exp n=" + n + " at " + i);
        }
    }

    @Test
    void sumDoesNotDependOnTheThreadCount() {
        for (int n : new int[] {1_000_000, 3 * (1 << 20) + 17}) {
            Tensor a = randn(n, DType.FLOAT32, 5);
            Torch.setNumThreads(1);
            double one = a.sum().itemDouble();
            for (int threads : new int[] {2, 3, 4}) {
                Torch.setNumThreads(threads);
                for (int rep = 0; rep < 5; rep++) {
                    assertEquals(one, a.sum().itemDouble(), "n=" + n + " threads=" + threads);
                    assertEquals(one, Torch.sum(a, new long[0], false, Torch.zeros(new long[0], DType.FLOAT32)).itemDouble());
                }
            }
        }
    }
}
