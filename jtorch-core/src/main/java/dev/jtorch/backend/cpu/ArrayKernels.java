package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;

/**
 * Fast paths for float32/float64 tensors on heap storage: plain loops over the primitive arrays, which the
 * JIT unrolls and vectorises (it does neither for {@code MemorySegment} accesses). Each method returns
 * false when its operands do not qualify, and the caller takes the general path.
 */
final class ArrayKernels {
    private ArrayKernels() {}

    static boolean binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        DType t = out.dtype();
        if (a.dtype() != t || b.dtype() != t) return false;
        Object ao = a.storage().array(), bo = b.storage().array(), oo = out.storage().array();
        if (ao == null || bo == null || oo == null) return false;
        if (t == DType.FLOAT32) {
            if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) return false;
            float[] x = (float[]) ao, y = (float[]) bo, z = (float[]) oo;
            StridedLoop.run(out.shapeRef(), new long[][] {a.stridesRef(), b.stridesRef(), out.stridesRef()},
                    new long[] {a.storageOffset(), b.storageOffset(), out.storageOffset()},
                    (n, o, k) -> binaryF32(op, x, (int) o[0], (int) k[0], y, (int) o[1], (int) k[1], z, (int) o[2], (int) k[2], (int) n));
            return true;
        }
        if (t == DType.FLOAT64) {
            if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) return false;
            double[] x = (double[]) ao, y = (double[]) bo, z = (double[]) oo;
            StridedLoop.run(out.shapeRef(), new long[][] {a.stridesRef(), b.stridesRef(), out.stridesRef()},
                    new long[] {a.storageOffset(), b.storageOffset(), out.storageOffset()},
                    (n, o, k) -> binaryF64(op, x, (int) o[0], (int) k[0], y, (int) o[1], (int) k[1], z, (int) o[2], (int) k[2], (int) n));
            return true;
        }
        return false;
    }

    private static void binaryF32(BinaryOp op, float[] x, int xi, int xs, float[] y, int yi, int ys,
                                  float[] z, int zi, int zs, int n) {
        if (xs == 1 && ys == 1 && zs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i]; }
                case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i]; }
                case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i]; }
                default -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i]; }
            }
        } else if (xs == 1 && ys == 0 && zs == 1) {
            float c = y[yi];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] + c; }
                case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] - c; }
                case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] * c; }
                default -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] / c; }
            }
        } else if (xs == 0 && ys == 1 && zs == 1) {
            float c = x[xi];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = c + y[yi + i]; }
                case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = c - y[yi + i]; }
                case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = c * y[yi + i]; }
                default -> { for (int i = 0; i < n; i++) z[zi + i] = c / y[yi + i]; }
            }
        } else {
            for (int i = 0; i < n; i++, xi += xs, yi += ys, zi += zs) {
                float p = x[xi], q = y[yi];
                z[zi] = switch (op) { case ADD -> p + q; case SUB -> p - q; case MUL -> p * q; default -> p / q; };
            }
        }
    }

    private static void binaryF64(BinaryOp op, double[] x, int xi, int xs, double[] y, int yi, int ys,
                                  double[] z, int zi, int zs, int n) {
        if (xs == 1 && ys == 1 && zs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i]; }
                case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i]; }
                case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i]; }
                default -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i]; }
            }
        } else if (xs == 1 && ys == 0 && zs == 1) {
            double c = y[yi];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] + c; }
                case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] - c; }
                case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] * c; }
                default -> { for (int i = 0; i < n; i++) z[zi + i] = x[xi + i] / c; }
            }
        } else {
            for (int i = 0; i < n; i++, xi += xs, yi += ys, zi += zs) {
                double p = x[xi], q = y[yi];
                z[zi] = switch (op) { case ADD -> p + q; case SUB -> p - q; case MUL -> p * q; default -> p / q; };
            }
        }
    }

    static boolean unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1) {
        DType t = out.dtype();
        if (x.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        Object xo = x.storage().array(), oo = out.storage().array();
        if (xo == null || oo == null) return false;
        StridedLoop.run(out.shapeRef(), new long[][] {x.stridesRef(), out.stridesRef()},
                new long[] {x.storageOffset(), out.storageOffset()}, (n, o, k) -> {
                    int xi = (int) o[0], xs = (int) k[0], zi = (int) o[1], zs = (int) k[1];
                    if (t == DType.FLOAT32) {
                        float[] a = (float[]) xo, z = (float[]) oo;
                        switch (op) {
                            case NEG -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = -a[xi]; }
                            case SQUARE -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = a[xi] * a[xi]; }
                            case ABS -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = Math.abs(a[xi]); }
                            case SQRT -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) Math.sqrt(a[xi]); }
                            case EXP -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) Math.exp(a[xi]); }
                            default -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) op.apply(a[xi], p0, p1); }
                        }
                    } else {
                        double[] a = (double[]) xo, z = (double[]) oo;
                        switch (op) {
                            case NEG -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = -a[xi]; }
                            case SQUARE -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = a[xi] * a[xi]; }
                            default -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = op.apply(a[xi], p0, p1); }
                        }
                    }
                });
        return true;
    }

    /** Same-dtype strided copy between heap storages. */
    static boolean copy(Tensor src, Tensor dst) {
        if (src.dtype() != dst.dtype()) return false;
        Object so = src.storage().array(), d = dst.storage().array();
        if (so == null || d == null) return false;
        StridedLoop.run(dst.shapeRef(), new long[][] {src.stridesRef(), dst.stridesRef()},
                new long[] {src.storageOffset(), dst.storageOffset()}, (n, o, k) -> {
                    int si = (int) o[0], ss = (int) k[0], di = (int) o[1], ds = (int) k[1];
                    if (ss == 1 && ds == 1) {
                        System.arraycopy(so, si, d, di, (int) n);
                        return;
                    }
                    switch (so) {
                        case float[] a -> { float[] z = (float[]) d; for (int i = 0; i < n; i++, si += ss, di += ds) z[di] = a[si]; }
                        case double[] a -> { double[] z = (double[]) d; for (int i = 0; i < n; i++, si += ss, di += ds) z[di] = a[si]; }
                        case long[] a -> { long[] z = (long[]) d; for (int i = 0; i < n; i++, si += ss, di += ds) z[di] = a[si]; }
                        case int[] a -> { int[] z = (int[]) d; for (int i = 0; i < n; i++, si += ss, di += ds) z[di] = a[si]; }
                        case short[] a -> { short[] z = (short[]) d; for (int i = 0; i < n; i++, si += ss, di += ds) z[di] = a[si]; }
                        case byte[] a -> { byte[] z = (byte[]) d; for (int i = 0; i < n; i++, si += ss, di += ds) z[di] = a[si]; }
                        default -> throw new IllegalStateException();
                    }
                });
        return true;
    }

    /** Sums of float32/float64 rows reduced over one trailing dim, accumulated in double. */
    static boolean sumLastDim(Tensor x, Tensor out) {
        DType t = x.dtype();
        if (out.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        Object xo = x.storage().array(), oo = out.storage().array();
        if (xo == null || oo == null) return false;
        int rank = x.dim();
        long len = x.shapeRef()[rank - 1];
        int step = (int) x.stridesRef()[rank - 1];
        long[] outer = java.util.Arrays.copyOf(x.stridesRef(), rank - 1);
        StridedLoop.run(out.shapeRef(), new long[][] {outer, out.stridesRef()},
                new long[] {x.storageOffset(), out.storageOffset()}, (n, o, k) -> {
                    int xi = (int) o[0], zi = (int) o[1];
                    for (int r = 0; r < n; r++, xi += (int) k[0], zi += (int) k[1]) {
                        if (t == DType.FLOAT32) {
                            float[] a = (float[]) xo;
                            double acc = 0;
                            for (int i = 0, p = xi; i < len; i++, p += step) acc += a[p];
                            ((float[]) oo)[zi] = (float) acc;
                        } else {
                            ((double[]) oo)[zi] = pairwiseSum((double[]) xo, xi, step, (int) len);
                        }
                    }
                });
        return true;
    }

    /** Pairwise summation: error grows with log(n) rather than n. */
    private static double pairwiseSum(double[] a, int start, int step, int n) {
        if (n <= 64) {
            double acc = 0;
            for (int i = 0, p = start; i < n; i++, p += step) acc += a[p];
            return acc;
        }
        int half = n / 2;
        return pairwiseSum(a, start, step, half) + pairwiseSum(a, start + half * step, step, n - half);
    }
}
