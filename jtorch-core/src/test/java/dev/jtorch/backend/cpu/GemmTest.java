package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Generator;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packed GEMM against the definition (a double-precision triple loop), through both micro-kernels:
 * the Vector API one and the scalar fallback used when the incubator module is absent.
 */
class GemmTest {
    @AfterEach
    void restore() {
        Simd.useVector = Simd.VECTOR;
        Parallel.setNumThreads(Runtime.getRuntime().availableProcessors());
    }

    private static Tensor rand(DType t, long... shape) {
        return Torch.randn(shape, t, new Generator().manualSeed(shape.length * 1000L + shape[0]));
    }

    /** out[b] = a[b] @ bm[b] in double, element by element through the public accessors. */
    private static double[] reference(Tensor a, Tensor bm) {
        long batch = a.size(0), m = a.size(1), k = a.size(2), n = bm.size(2);
        double[] r = new double[(int) (batch * m * n)];
        for (long b = 0; b < batch; b++)
            for (long i = 0; i < m; i++)
                for (long j = 0; j < n; j++) {
                    double acc = 0;
                    for (long p = 0; p < k; p++) acc += a.get(b, i, p).itemDouble() * bm.get(b, p, j).itemDouble();
                    r[(int) ((b * m + i) * n + j)] = acc;
                }
        return r;
    }

    private static void check(Tensor a, Tensor bm, Tensor out) {
        double[] ref = reference(a, bm);
        double tol = a.dtype() == DType.FLOAT32 ? 2e-5 : 1e-12;
        for (boolean vector : new boolean[] {true, false}) {
            if (vector && !Simd.VECTOR) continue;
            Simd.useVector = vector;
            Torch.zeros(out.shape(), out.dtype()); // keep allocation patterns alike
            out.fill_(Double.NaN);
            CpuBackend.INSTANCE.matmul(a, bm, out);
            long m = a.size(1), n = bm.size(2);
            for (int idx = 0; idx < ref.length; idx++) {
                long b = idx / (m * n), i = (idx / n) % m, j = idx % n;
                double got = out.get(b, i, j).itemDouble();
                double scale = Math.max(1, Math.sqrt(a.size(2)));
                assertEquals(ref[idx], got, tol * scale * Math.max(1, Math.abs(ref[idx])),
                        (vector ? "vector" : "scalar") + " kernel, " + a.dtype() + " at " + b + "," + i + "," + j);
            }
        }
    }

    private static Tensor out(Tensor a, Tensor bm) {
        return Torch.zeros(new long[] {a.size(0), a.size(1), bm.size(2)}, a.dtype());
    }

    @Test
    void shapesAroundTheTileEdges() {
        long[][] shapes = {{1, 1, 1}, {1, 7, 13, 5}, {2, 9, 33, 17}, {1, 37, 300, 45}, {1, 130, 257, 70}, {3, 8, 32, 32}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long[] s : shapes) {
                long batch = s.length == 4 ? s[0] : 1, m = s[s.length - 3], k = s[s.length - 2], n = s[s.length - 1];
                Tensor a = rand(t, batch, m, k), b = rand(t, batch, k, n);
                check(a, b, out(a, b));
            }
        }
    }

    @Test
    void transposedSlicedAndBroadcastOperands() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor at = rand(t, 2, 45, 40).transpose(1, 2);          // A with unit row stride
            Tensor bt = rand(t, 2, 50, 45).transpose(1, 2);          // B with unit row stride
            check(at, bt, out(at, bt));
            Tensor as = rand(t, 2, 40, 90).narrow(2, 3, 45);         // row stride 90, offset 3
            Tensor bs = rand(t, 2, 45, 100).narrow(2, 10, 50).narrow(1, 0, 45);
            check(as, bs, out(as, bs));
            Tensor ab = rand(t, 1, 40, 45).expand(3, 40, 45);        // batch stride 0
            Tensor bb = rand(t, 3, 90, 50).narrow(1, 1, 45);
            check(ab, bb, out(ab, bb));
            Tensor every2 = rand(t, 1, 40, 90).slice(2, 0, 90, 2);   // column stride 2
            Tensor b2 = rand(t, 1, 45, 30);
            check(every2, b2, out(every2, b2));
        }
    }

    @Test
    void stridedAndOffHeapOutputs() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = rand(t, 2, 20, 30), b = rand(t, 2, 30, 25);
            Tensor transposedOut = Torch.zeros(new long[] {2, 25, 20}, t).transpose(1, 2);
            check(a, b, transposedOut);
            long n = 2 * 20 * 25;
            Storage offHeap = new Storage(Arena.ofAuto().allocate(n * t.itemSize(), 8), Device.CPU);
            Tensor o = new Tensor(offHeap, new long[] {2, 20, 25}, new long[] {500, 25, 1}, 0, t);
            Storage offA = new Storage(Arena.ofAuto().allocate(2 * 20 * 30 * t.itemSize(), 8), Device.CPU);
            Tensor ao = new Tensor(offA, new long[] {2, 20, 30}, new long[] {600, 30, 1}, 0, t);
            ao.copy_(a);
            check(ao, b, o);
        }
    }

    @Test
    void largeProductsSplitOverThreadsAgreeWithOneThread() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = rand(t, 1, 300, 200), b = rand(t, 1, 200, 280);
            Tensor wide = rand(t, 1, 20, 200), bw = rand(t, 1, 200, 2000);
            Tensor ba = rand(t, 8, 64, 64), bb = rand(t, 8, 64, 64);
            Parallel.setNumThreads(1);
            Tensor[] one = {Torch.bmm(a, b), Torch.bmm(wide, bw), Torch.bmm(ba, bb)};
            Parallel.setNumThreads(3);
            Tensor[] three = {Torch.bmm(a, b), Torch.bmm(wide, bw), Torch.bmm(ba, bb)};
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i].toDoubleArray(), three[i].toDoubleArray(), "case " + i);
            }
            check(wide, bw, out(wide, bw));
        }
    }

    @Test
    void numThreadsLikeTorch() {
        Torch.setNumThreads(1);
        assertEquals(1, Torch.getNumThreads());
        assertThrows(IllegalArgumentException.class, () -> Torch.setNumThreads(0));
    }
}
