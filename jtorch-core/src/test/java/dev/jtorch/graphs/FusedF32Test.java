package dev.jtorch.graphs;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The Vector API loops of fused chains give the same bits as the scalar loops (and so as eager kernels). */
class FusedF32Test {
    @Test void vectorLoopsMatchScalarLoops() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 1037;
        float[] x = new float[n + 3], y = new float[n + 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 8 - 4);
        for (int i = 0; i < y.length; i++) y[i] = (float) (r.nextDouble() * 8 - 4);
        y[9] = 0f;   // division by zero: inf and nan alike
        float c = -1f / 3;
        for (int code = FusedF32.ADD; code <= FusedF32.DIV; code++) {
            float[] s = new float[n + 2], v = new float[n + 2];
            FusedF32.both(code, x, 3, y, 1, s, 2, n);
            FusedF32Vector.both(code, x, 3, y, 1, v, 2, n);
            assertArrayEquals(s, v);
            FusedF32.scalarSecond(code, x, 1, c, s, 0, n);
            FusedF32Vector.scalarSecond(code, x, 1, c, v, 0, n);
            assertArrayEquals(s, v);
            FusedF32.scalarFirst(code, c, y, 4, s, 1, n);
            FusedF32Vector.scalarFirst(code, c, y, 4, v, 1, n);
            assertArrayEquals(s, v);
        }
    }

    @Test void float64VectorLoopsMatchScalarLoops() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 517;
        double[] x = new double[n + 3], y = new double[n + 5];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() * 8 - 4;
        for (int i = 0; i < y.length; i++) y[i] = r.nextDouble() * 8 - 4;
        y[9] = 0;
        double c = -1. / 3;
        for (int code = FusedF32.ADD; code <= FusedF32.DIV; code++) {
            double[] s = new double[n + 2], v = new double[n + 2];
            FusedF64.both(code, x, 3, y, 1, s, 2, n);
            FusedF64Vector.both(code, x, 3, y, 1, v, 2, n);
            assertArrayEquals(s, v);
            FusedF64.scalarSecond(code, x, 1, c, s, 0, n);
            FusedF64Vector.scalarSecond(code, x, 1, c, v, 0, n);
            assertArrayEquals(s, v);
            FusedF64.scalarFirst(code, c, y, 4, s, 1, n);
            FusedF64Vector.scalarFirst(code, c, y, 4, v, 1, n);
            assertArrayEquals(s, v);
        }
    }
}
