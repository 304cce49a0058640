package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused softmax / log_softmax / logsumexp rows ({@link SoftmaxKernels}) against the op composition they
 * replace, written out here with public ops: the same bits, for both dtypes, rows shorter than a vector,
 * longer than a cache line and longer than a partial-sum block, special values (infinities, NaN, -0.0,
 * rows of -inf), and any thread count. NaNs must be NaN; their sign and payload are not compared.
 */
class SoftmaxKernelsTest {
    @AfterEach
    void restore() { Parallel.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors())); }

    private static Tensor data(DType t, long[] shape, long seed) {
        Tensor x = Torch.randn(shape, DType.FLOAT64, new Generator().manualSeed(seed)).mul(4.0).to(t).contiguous();
        long n = shape[shape.length - 1], rows = x.numel() / n;
        Tensor flat = x.view(rows, n);
        // special rows, where there are enough rows: all -inf, one +inf, a NaN, signed zeros, huge values
        double[][] specials = {{Double.NEGATIVE_INFINITY}, {Double.POSITIVE_INFINITY, 0}, {Double.NaN, 1}, {-0.0, 0.0}, {1e30, -1e30}};
        for (int r = 0; r < specials.length && r + 1 < rows; r++) {
            double[] v = specials[r];
            if (v.length == 1) flat.select(0, r + 1).fill_(v[0]);
            else for (int k = 0; k < v.length && k < n; k++) flat.select(0, r + 1).select(0, k * (n - 1)).fill_(v[k]);
        }
        return x;
    }

    private static Tensor composedSoftmax(Tensor x, boolean log) {
        Tensor m = Torch.max(x, -1, true).values();
        Tensor shifted = x.sub(m);
        Tensor e = shifted.exp();
        Tensor s = e.sum(new long[] {-1}, true);
        return log ? shifted.sub(s.log()) : e.div(s);
    }

    private static Tensor composedLogsumexp(Tensor x, boolean keepdim) {
        Tensor m = Torch.max(x, -1, true).values();
        m = Torch.where(m.isinf(), Torch.zerosLike(m), m);
        Tensor s = x.sub(m).exp().sum(new long[] {-1}, true).log().add(m);
        return keepdim ? s : s.squeeze(-1);
    }

    private static void assertSameBits(Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        Tensor w = want.to(DType.FLOAT64).contiguous(), g = got.to(DType.FLOAT64).contiguous();
        double[] a = w.toDoubleArray(), b = g.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            // NaN where the composition gives NaN; a NaN's sign and payload follow whichever operand the
            // hardware propagated, which carries no meaning (PyTorch's vary too)
            boolean same = Double.isNaN(a[i]) ? Double.isNaN(b[i]) : Double.doubleToRawLongBits(a[i]) == Double.doubleToRawLongBits(b[i]);
            if (!same) {
                throw new AssertionError(what + ": element " + i + " expected " + a[i] + " but was " + b[i] + " (bits " + Long.toHexString(Double.doubleToRawLongBits(a[i])) + " vs " + Long.toHexString(Double.doubleToRawLongBits(b[i])) + ")");
            }
        }
    }

    @Test
    void fusedRowsMatchTheCompositionBitForBit() {
        if (!Simd.VECTOR) return;
        long[][] shapes = {{7, 1}, {6, 5}, {9, 37}, {3, 2, 16}, {6, 1029}, {2, 70_003}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long[] shape : shapes) {
                Tensor x = data(t, shape, shape[shape.length - 1] * 31 + shape.length);
                Tensor softmax = composedSoftmax(x, false), logSoftmax = composedSoftmax(x, true);
                Tensor lse = composedLogsumexp(x, false), lseKeep = composedLogsumexp(x, true);
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setNumThreads(threads);
                    String at = t + " " + java.util.Arrays.toString(shape) + " threads=" + threads;
                    assertTrue(CpuBackend.INSTANCE.hasSoftmaxLastDim(x), at);
                    assertSameBits(softmax, x.softmax(-1), "softmax " + at);
                    assertSameBits(logSoftmax, x.logSoftmax(-1), "log_softmax " + at);
                    assertSameBits(lse, x.logsumexp(new long[] {-1}, false), "logsumexp " + at);
                    assertSameBits(lseKeep, x.logsumexp(new long[] {-1}, true), "logsumexp keepdim " + at);
                }
            }
        }
    }

    @Test
    void otherLayoutsTakeTheComposition() {
        Tensor x = Torch.randn(4, 6);
        Tensor t = x.t();   // not contiguous: the op layer composes, with the same result as a contiguous copy
        assertTrue(!CpuBackend.INSTANCE.hasSoftmaxLastDim(t));
        assertSameBits(t.contiguous().softmax(-1), t.softmax(-1), "transposed softmax");
        assertSameBits(composedSoftmax(x, false).select(1, 2), x.softmax(-1).select(1, 2), "a column of the fused result");
        // softmax over a leading dim composes
        assertSameBits(composedSoftmax(x.t().contiguous(), false).t(), x.softmax(0), "softmax over dim 0");
    }
}
