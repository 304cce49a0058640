package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Vector API kernels against the scalar ones (the path a JVM without jdk.incubator.vector takes), on
 * lengths around the vector width and past the threading grain, with NaN and infinities mixed in.
 */
class VectorKernelsTest {
    private static final CpuBackend B = CpuBackend.INSTANCE;
    private static final int[] SIZES = {1, 7, 8, 17, 100, 1000, 2 * ArrayKernels.GRAIN + 5};

    @AfterEach
    void restore() { Simd.useVector = Simd.VECTOR; }

    private static Tensor data(DType t, int n, long seed, boolean specials) {
        Tensor x = Torch.randn(new long[] {n}, DType.FLOAT64, new Generator().manualSeed(seed)).mul(3.0);
        if (specials && n > 20) {
            x.get(3).fill_(Double.NaN);
            x.get(11).fill_(Double.POSITIVE_INFINITY);
            x.get(n - 2).fill_(Double.NEGATIVE_INFINITY);
            x.get(n - 5).fill_(0.0);
        }
        return x.to(t);
    }

    private static double[] both(java.util.function.Supplier<Tensor> f, double[][] scalarOut) {
        Simd.useVector = false;
        scalarOut[0] = f.get().toDoubleArray();
        Simd.useVector = true;
        return f.get().toDoubleArray();
    }

    private static void close(double[] scalar, double[] vector, double rel, String what) {
        assertEquals(scalar.length, vector.length, what);
        for (int i = 0; i < scalar.length; i++) {
            double s = scalar[i], v = vector[i];
            if (Double.isNaN(s) || Double.isInfinite(s) || s == 0) {
                assertEquals(s, v, Math.abs(s) < 1e-30 ? 1e-30 : 0, what + " at " + i);
            } else {
                assertEquals(s, v, rel * Math.abs(s), what + " at " + i);
            }
        }
    }

    @Test
    void binaryOpsAndScalarBroadcastsAgree() {
        if (!Simd.VECTOR) return;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : SIZES) {
                Tensor a = data(t, n, 1, true), b = data(t, n, 2, false);
                Tensor c = Torch.tensor(new double[] {1.75}).to(t).expand(n);
                for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
                    for (Tensor[] pair : new Tensor[][] {{a, b}, {a, c}, {c, b}}) {
                        double[][] s = new double[1][];
                        double[] v = both(() -> {
                            Tensor out = Torch.zeros(new long[] {n}, t);
                            B.binary(op, pair[0], pair[1], out);
                            return out;
                        }, s);
                        close(s[0], v, 0, op + " " + t + " n=" + n); // IEEE arithmetic: bit-identical
                    }
                }
            }
        }
    }

    @Test
    void unaryOpsAgree() {
        if (!Simd.VECTOR) return;
        UnaryOp[] ops = {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.SQRT, UnaryOp.EXP, UnaryOp.LOG,
                UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RELU, UnaryOp.RECIPROCAL};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : SIZES) {
                Tensor a = data(t, n, 3, true);
                for (UnaryOp op : ops) {
                    double[][] s = new double[1][];
                    double[] v = both(() -> {
                        Tensor out = Torch.zeros(new long[] {n}, t);
                        B.unary(op, a, out, 0, 0);
                        return out;
                    }, s);
                    close(s[0], v, t == DType.FLOAT32 ? 1e-6 : 1e-14, op + " " + t + " n=" + n);
                }
            }
        }
    }

    @Test
    void float32ExpIsWithinAMillionthOfTheTrueValue() {
        if (!Simd.VECTOR) return;
        int n = 200_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = -87f + 175f * i / (n - 1);
        float[] z = new float[n];
        VectorKernels.unaryF32(UnaryOp.EXP, x, 0, z, 0, n);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[i]);
            assertEquals(e, z[i], 1e-6 * e, "exp(" + x[i] + ")");
        }
    }

    @Test
    void reductionsAgree() {
        if (!Simd.VECTOR) return;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : SIZES) {
                for (boolean specials : new boolean[] {false, true}) {
                    Tensor a = data(t, n, 4, specials);
                    for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.ARGMAX, ReduceOp.ARGMIN}) {
                        boolean pos = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
                        double[][] s = new double[1][];
                        double[] v = both(() -> {
                            Tensor out = Torch.zeros(new long[0], pos ? DType.INT64 : t);
                            B.reduce(op, a, 1, out, null);
                            return out;
                        }, s);
                        double rel = op == ReduceOp.SUM ? (t == DType.FLOAT32 ? 1e-5 : 1e-12) : 0;
                        close(s[0], v, rel, op + " " + t + " n=" + n + " specials=" + specials);
                    }
                }
            }
        }
    }

    @Test
    void rowwiseMaxWithIndicesAgree() {
        if (!Simd.VECTOR) return;
        Tensor a = data(DType.FLOAT32, 60 * 37, 5, true).view(60, 37);
        double[][] sv = new double[2][], vv = new double[2][];
        for (boolean vec : new boolean[] {false, true}) {
            Simd.useVector = vec;
            Tensor out = Torch.zeros(new long[] {60}, DType.FLOAT32), idx = Torch.zeros(new long[] {60}, DType.INT64);
            B.reduce(ReduceOp.MAX, a, 1, out, idx);
            double[][] r = vec ? vv : sv;
            r[0] = out.toDoubleArray();
            r[1] = idx.toDoubleArray();
        }
        close(sv[0], vv[0], 0, "values");
        assertArrayEquals(sv[1], vv[1], "indices");
    }

    @Test
    void sumOfAHundredMillionFloat32OnesIsExact() {
        Tensor ones = Torch.ones(new long[] {100_000_000}, DType.FLOAT32);
        assertEquals(1e8, ones.sum().itemDouble());
        Simd.useVector = false;
        assertEquals(1e8, ones.sum().itemDouble());
    }

    @Test
    void flatCopiesAndConversions() {
        Tensor d = data(DType.FLOAT64, 1000, 6, true);
        double[] src = d.toDoubleArray();
        Tensor f = Torch.zeros(new long[] {1000}, DType.FLOAT32);
        B.copy(d, f);
        Tensor back = Torch.zeros(new long[] {1000}, DType.FLOAT64);
        B.copy(f, back);
        double[] got = back.toDoubleArray();
        for (int i = 0; i < src.length; i++) assertEquals((double) (float) src[i], got[i], 0, "at " + i);
        Tensor scalar = Torch.tensor(new double[] {2.5}, DType.FLOAT64).view(new long[0]);
        Tensor filled = Torch.zeros(new long[0], DType.FLOAT32);
        B.copy(scalar, filled);
        assertEquals(2.5, filled.itemDouble());
        Tensor sum = Torch.zeros(new long[] {1000}, DType.FLOAT64);
        B.binary(BinaryOp.ADD, d, scalar.expand(1000), sum);
        double[] s2 = sum.toDoubleArray();
        for (int i = 0; i < src.length; i++) assertEquals(src[i] + 2.5, s2[i], 0, "at " + i);
    }

    @Test
    void reductionsSplitOverThreadsAgree() {
        if (!Simd.VECTOR) return;
        Parallel.setNumThreads(2);
        try {
            for (boolean specials : new boolean[] {false, true}) {
                Tensor a = data(DType.FLOAT32, 5_000_003, 7, specials);
                for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.ARGMIN}) {
                    boolean pos = op == ReduceOp.ARGMIN;
                    double[][] s = new double[1][];
                    double[] v = both(() -> {
                        Tensor out = Torch.zeros(new long[0], pos ? DType.INT64 : DType.FLOAT32);
                        B.reduce(op, a, 1, out, null);
                        return out;
                    }, s);
                    if (op == ReduceOp.SUM && !specials) {
                        // float32 accumulation error scales with the sum of magnitudes, not with the result
                        double sumAbs = a.abs().to(DType.FLOAT64).sum().itemDouble();
                        assertEquals(s[0][0], v[0], 1e-7 * sumAbs, "sum");
                    } else {
                        close(s[0], v, 0, op + " specials=" + specials);
                    }
                }
            }
        } finally {
            Parallel.setNumThreads(Runtime.getRuntime().availableProcessors());
        }
    }
}
