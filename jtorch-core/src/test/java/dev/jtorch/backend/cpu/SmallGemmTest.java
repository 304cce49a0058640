package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code x @ W^T} with few rows of x (SmallGemmF32: W read in place): against a float64 triple loop, and the
 * same bits with 1, 2 and 3 threads, at shapes around its strip, sliver and depth-block edges.
 */
class SmallGemmTest {
    @AfterEach
    void restore() {
        Simd.useVector = Simd.VECTOR;
        Parallel.setNumThreads(Runtime.getRuntime().availableProcessors());
    }

    private static final int[][] SHAPES = { // m, k, n
            {64, 784, 256}, {64, 256, 128}, {64, 128, 10}, {1, 1, 1}, {7, 13, 5}, {33, 1100, 19}, {256, 40, 9},
            {100, 2100, 70}, {31, 64, 8}};

    private static Tensor rand(long seed, long... shape) {
        return Torch.randn(shape, DType.FLOAT32, new Generator().manualSeed(seed));
    }

    @Test
    void matchesFloat64Reference() {
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            Tensor x = rand(m * 31L + k, m, k), w = rand(n * 17L + k, n, k);
            float[] got = x.mm(w.t()).contiguous().toFloatArray();
            float[] xs = x.toFloatArray(), ws = w.toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = 0, mag = 0;
                    for (int p = 0; p < k; p++) {
                        ref += (double) xs[i * k + p] * ws[j * k + p];
                        mag += Math.abs((double) xs[i * k + p] * ws[j * k + p]);
                    }
                    assertEquals(ref, got[i * n + j], 1e-6 * mag + 1e-6, "m=" + m + " k=" + k + " n=" + n + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void sameBitsWithOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            Tensor x = rand(m + 5L * k, m, k), w = rand(n + 3L * k, n, k);
            float[] one = null;
            for (int t = 1; t <= 3; t++) {
                Parallel.setNumThreads(t);
                float[] got = x.mm(w.t()).contiguous().toFloatArray();
                if (one == null) one = got;
                else assertArrayEquals(one, got, "threads=" + t + " m=" + m + " k=" + k + " n=" + n);
            }
        }
    }

    @Test
    void slicedRowsAndOffsetWeight() {
        // x with a row stride wider than k, W a slice starting mid-storage: the in-place reads use both
        Tensor x = rand(1, 50, 300).narrow(1, 7, 200), w = rand(2, 40, 260).narrow(1, 60, 200).narrow(0, 3, 30);
        float[] got = x.mm(w.t()).contiguous().toFloatArray();
        float[] ref = x.contiguous().mm(w.contiguous().t().contiguous()).toFloatArray();
        Simd.useVector = false;
        float[] scalar = x.mm(w.t()).contiguous().toFloatArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(ref[i], got[i], 1e-4 * Math.max(1, Math.abs(ref[i])), "at " + i);
            assertEquals(scalar[i], got[i], 1e-4 * Math.max(1, Math.abs(ref[i])), "scalar at " + i);
        }
    }
}
