package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.internal.Shapes;

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
        if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) return false;
        int la = flatStep(a, out), lb = flatStep(b, out);
        if (la >= 0 && lb >= 0) {
            // the common case (same-layout operands, or a broadcast scalar): one flat row, no loop set-up
            int n = (int) Shapes.numel(out.shapeRef());
            int ai = (int) a.storageOffset(), bi = (int) b.storageOffset(), oi = (int) out.storageOffset();
            if (t == DType.FLOAT32) rowF32(op, (float[]) ao, ai, la, (float[]) bo, bi, lb, (float[]) oo, oi, 1, n);
            else if (t == DType.FLOAT64) rowF64(op, (double[]) ao, ai, la, (double[]) bo, bi, lb, (double[]) oo, oi, 1, n);
            else return false;
            return true;
        }
        if (t == DType.FLOAT32) {
            float[] x = (float[]) ao, y = (float[]) bo, z = (float[]) oo;
            StridedLoop.run(out.shapeRef(), new long[][] {a.stridesRef(), b.stridesRef(), out.stridesRef()},
                    new long[] {a.storageOffset(), b.storageOffset(), out.storageOffset()},
                    (n, o, k) -> rowF32(op, x, (int) o[0], (int) k[0], y, (int) o[1], (int) k[1], z, (int) o[2], (int) k[2], (int) n));
            return true;
        }
        if (t == DType.FLOAT64) {
            double[] x = (double[]) ao, y = (double[]) bo, z = (double[]) oo;
            StridedLoop.run(out.shapeRef(), new long[][] {a.stridesRef(), b.stridesRef(), out.stridesRef()},
                    new long[] {a.storageOffset(), b.storageOffset(), out.storageOffset()},
                    (n, o, k) -> rowF64(op, x, (int) o[0], (int) k[0], y, (int) o[1], (int) k[1], z, (int) o[2], (int) k[2], (int) n));
            return true;
        }
        return false;
    }

    /**
     * 1 when {@code t} walks memory like the contiguous {@code out} (element i at offset + i), 0 when every
     * stride is 0 (one value broadcast), -1 otherwise. Either of the first two makes a flat loop possible.
     */
    static int flatStep(Tensor t, Tensor out) {
        long[] st = t.stridesRef(), shape = out.shapeRef();
        if (st.length != shape.length) return -1;
        boolean zero = true, same = true;
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            long d = shape[i];
            if (d == 1) continue;
            if (st[i] != 0) zero = false;
            if (st[i] != expected) same = false;
            expected *= d;
        }
        if (zero) return 0;
        if (!same) return -1;
        return Shapes.isContiguous(shape, out.stridesRef()) ? 1 : -1;
    }

    /** Elements per chunk when a row is split over threads: tensors of 256K elements and up use both cores. */
    static final int GRAIN = 1 << 17;

    private static void rowF32(BinaryOp op, float[] x, int xi, int xs, float[] y, int yi, int ys,
                               float[] z, int zi, int zs, int n) {
        if (n >= 2 * GRAIN) {
            Parallel.forRange(n, GRAIN, 64, (s, e) -> binaryF32(op, x, xi + (int) s * xs, xs, y, yi + (int) s * ys, ys,
                    z, zi + (int) s * zs, zs, (int) (e - s)));
        } else {
            binaryF32(op, x, xi, xs, y, yi, ys, z, zi, zs, n);
        }
    }

    private static void rowF64(BinaryOp op, double[] x, int xi, int xs, double[] y, int yi, int ys,
                               double[] z, int zi, int zs, int n) {
        if (n >= 2 * GRAIN) {
            Parallel.forRange(n, GRAIN, 64, (s, e) -> binaryF64(op, x, xi + (int) s * xs, xs, y, yi + (int) s * ys, ys,
                    z, zi + (int) s * zs, zs, (int) (e - s)));
        } else {
            binaryF64(op, x, xi, xs, y, yi, ys, z, zi, zs, n);
        }
    }

    private static void binaryF32(BinaryOp op, float[] x, int xi, int xs, float[] y, int yi, int ys,
                                  float[] z, int zi, int zs, int n) {
        if (Simd.useVector && zs == 1 && n >= 8) {
            if (xs == 1 && ys == 1) { VectorKernels.binaryF32(op, x, xi, y, yi, z, zi, n); return; }
            if (xs == 1 && ys == 0) { VectorKernels.binaryScalarF32(op, x, xi, y[yi], false, z, zi, n); return; }
            if (xs == 0 && ys == 1) { VectorKernels.binaryScalarF32(op, y, yi, x[xi], true, z, zi, n); return; }
        }
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
        if (Simd.useVector && zs == 1 && n >= 4) {
            if (xs == 1 && ys == 1) { VectorKernels.binaryF64(op, x, xi, y, yi, z, zi, n); return; }
            if (xs == 1 && ys == 0) { VectorKernels.binaryScalarF64(op, x, xi, y[yi], false, z, zi, n); return; }
            if (xs == 0 && ys == 1) { VectorKernels.binaryScalarF64(op, y, yi, x[xi], true, z, zi, n); return; }
        }
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
        } else if (xs == 0 && ys == 1 && zs == 1) {
            double c = x[xi];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zi + i] = c + y[yi + i]; }
                case SUB -> { for (int i = 0; i < n; i++) z[zi + i] = c - y[yi + i]; }
                case MUL -> { for (int i = 0; i < n; i++) z[zi + i] = c * y[yi + i]; }
                default -> { for (int i = 0; i < n; i++) z[zi + i] = c / y[yi + i]; }
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
        if (flatStep(x, out) == 1) {
            unaryFlat(op, t, xo, (int) x.storageOffset(), oo, (int) out.storageOffset(), (int) Shapes.numel(out.shapeRef()), p0, p1);
            return true;
        }
        StridedLoop.run(out.shapeRef(), new long[][] {x.stridesRef(), out.stridesRef()},
                new long[] {x.storageOffset(), out.storageOffset()}, (n, o, k) -> {
                    int xi = (int) o[0], xs = (int) k[0], zi = (int) o[1], zs = (int) k[1];
                    if (n >= 2 * GRAIN) {
                        Parallel.forRange(n, GRAIN, 64, (s, e) -> unaryRow(op, t, xo, xi + (int) s * xs, xs, oo,
                                zi + (int) s * zs, zs, (int) (e - s), p0, p1));
                    } else {
                        unaryRow(op, t, xo, xi, xs, oo, zi, zs, (int) n, p0, p1);
                    }
                });
        return true;
    }

    private static void unaryFlat(UnaryOp op, DType t, Object xo, int xi, Object oo, int zi, int n, double p0, double p1) {
        if (n >= 2 * GRAIN) {
            Parallel.forRange(n, GRAIN, 64, (s, e) -> unaryRow(op, t, xo, xi + (int) s, 1, oo, zi + (int) s, 1, (int) (e - s), p0, p1));
        } else {
            unaryRow(op, t, xo, xi, 1, oo, zi, 1, n, p0, p1);
        }
    }

    private static void unaryRow(UnaryOp op, DType t, Object xo, int xi, int xs, Object oo, int zi, int zs, int n,
                                 double p0, double p1) {
        if (Simd.useVector && xs == 1 && zs == 1 && n >= 8
                && (t == DType.FLOAT32 ? VectorKernels.supportsF32(op) : VectorKernels.supports(op))) {
            if (t == DType.FLOAT32) VectorKernels.unaryF32(op, (float[]) xo, xi, (float[]) oo, zi, n);
            else VectorKernels.unaryF64(op, (double[]) xo, xi, (double[]) oo, zi, n);
            return;
        }
        if (t == DType.FLOAT32) {
            float[] a = (float[]) xo, z = (float[]) oo;
            switch (op) {
                case NEG -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = -a[xi]; }
                case SQUARE -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = a[xi] * a[xi]; }
                case ABS -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = Math.abs(a[xi]); }
                case SQRT -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) Math.sqrt(a[xi]); }
                case EXP -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) Math.exp(a[xi]); }
                // tanh always comes here (see VectorKernels), log when strided: written out, the JIT inlines Math's intrinsics
                case LOG -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) Math.log(a[xi]); }
                case TANH -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) Math.tanh(a[xi]); }
                default -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = (float) op.apply(a[xi], p0, p1); }
            }
        } else {
            double[] a = (double[]) xo, z = (double[]) oo;
            switch (op) {
                case NEG -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = -a[xi]; }
                case SQUARE -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = a[xi] * a[xi]; }
                case LOG -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = Math.log(a[xi]); }
                case TANH -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = Math.tanh(a[xi]); }
                default -> { for (int i = 0; i < n; i++, xi += xs, zi += zs) z[zi] = op.apply(a[xi], p0, p1); }
            }
        }
    }

    /** float32 to/from float64 over one flat run (the Java scalars that ops wrap are float64). */
    private static boolean convertFloats(Tensor src, Object so, Tensor dst, Object d) {
        int step = flatStep(src, dst);
        if (step < 0) return false;
        int n = (int) Shapes.numel(dst.shapeRef()), si = (int) src.storageOffset(), di = (int) dst.storageOffset();
        if (so instanceof double[] x && d instanceof float[] z && src.dtype() == DType.FLOAT64 && dst.dtype() == DType.FLOAT32) {
            for (int i = 0; i < n; i++, si += step) z[di + i] = (float) x[si];
            return true;
        }
        if (so instanceof float[] x && d instanceof double[] z && src.dtype() == DType.FLOAT32 && dst.dtype() == DType.FLOAT64) {
            for (int i = 0; i < n; i++, si += step) z[di + i] = x[si];
            return true;
        }
        return false;
    }

    /** Same-dtype strided copy between heap storages. */
    static boolean copy(Tensor src, Tensor dst) {
        Object so = src.storage().array(), d = dst.storage().array();
        if (so == null || d == null) return false;
        if (src.dtype() != dst.dtype()) return convertFloats(src, so, dst, d);
        int step = flatStep(src, dst);
        if (step >= 0) {
            // one flat run (or one value broadcast): no loop set-up, which dominates for small tensors
            int n = (int) Shapes.numel(dst.shapeRef()), si = (int) src.storageOffset(), di = (int) dst.storageOffset();
            if (step == 1) System.arraycopy(so, si, d, di, n);
            else if (n == 1) System.arraycopy(so, si, d, di, 1);
            else return false;
            return true;
        }
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

    /** Partial block of a long reduction: the split is fixed, so results do not depend on the thread count. */
    private static final int PBLOCK = 1 << 16;

    /**
     * Blocks per chunk of a split reduction (256K elements, 1 MB of float32): runs of 512K elements and more
     * use both cores. One core reads a 1e6-element float32 run from L3 in 35-40 us; PyTorch splits it over
     * its 2 threads too. The partial sums are per fixed block and added in block order, so the result does
     * not depend on how many threads took part.
     */
    static final int REDUCE_GRAIN_BLOCKS = 4;

    /**
     * Blocks per chunk once a sum is split: 2 (128K elements), so a 1e6-element run makes 8 chunks that the
     * threads claim one by one: with 4 chunks of 4 blocks the thread that finished first idled for up to
     * half a chunk at the end. With sumF32 the 2-thread sum went from about 22.5 to 21 us (JMH medians).
     */
    static final int SUM_CHUNK_BLOCKS = 2;

    /**
     * float32 rows of at least this many elements (16 MB) are summed with {@link VectorKernels#sumF32Stream},
     * which reads memory faster than sumF32 once the row is past the last-level cache. The choice depends
     * only on the row length, so a row's sum still has the same bits for any thread count.
     */
    static final int STREAM_ELEMENTS = 1 << 22;

    /**
     * Partial block of a streamed sum (1 MB): each of its four streams then reads 256 KB. Threads claim whole
     * blocks; blocks of 64K elements (streams of 64 KB) were about 5% slower on one thread.
     */
    static final int STREAM_BLOCK = 1 << 18;

    /**
     * sum/max/min/argmax/argmin of float32/float64 heap tensors whose reduced dims form one contiguous run,
     * with the Vector API; other SUMs over one trailing dim take {@link #sumLastDim}. False otherwise.
     */
    static boolean reduce(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices) {
        DType t = x.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        boolean positional = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        boolean extreme = op == ReduceOp.MAX || op == ReduceOp.MIN;
        if (!Simd.useVector || !(op == ReduceOp.SUM || extreme || positional) || (!positional && out.dtype() != t)
                || (positional && out.dtype() != DType.INT64)) {
            return op == ReduceOp.SUM && reducedDims == 1 && sumLastDim(x, out);
        }
        Object xo = x.storage().array(), oo = out.storage().array();
        Object io = indices == null ? null : indices.storage().array();
        if (xo == null || oo == null || (indices != null && io == null)) return false;
        long[] shape = x.shapeRef(), st = x.stridesRef();
        int rank = shape.length, outRank = rank - reducedDims;
        long len = 1, expect = 1;
        for (int d = rank - 1; d >= outRank; d--) {
            if (shape[d] != 1 && st[d] != expect) {
                return op == ReduceOp.SUM && reducedDims == 1 && sumLastDim(x, out);
            }
            expect *= shape[d];
            len *= shape[d];
        }
        if (len == 0) return false;
        int n = (int) len;
        long[][] strides = indices == null ? new long[][] {java.util.Arrays.copyOf(st, outRank), out.stridesRef()}
                : new long[][] {java.util.Arrays.copyOf(st, outRank), out.stridesRef(), indices.stridesRef()};
        long[] offs = indices == null ? new long[] {x.storageOffset(), out.storageOffset()}
                : new long[] {x.storageOffset(), out.storageOffset(), indices.storageOffset()};
        boolean f32 = t == DType.FLOAT32, min = op == ReduceOp.MIN || op == ReduceOp.ARGMIN;
        StridedLoop.run(out.shapeRef(), strides, offs, (rows, o, k) -> {
            int xi = (int) o[0], zi = (int) o[1], ii = indices == null ? 0 : (int) o[2];
            for (long r = 0; r < rows; r++, xi += (int) k[0], zi += (int) k[1], ii += indices == null ? 0 : (int) k[2]) {
                if (op == ReduceOp.SUM) {
                    double v = sumRun(xo, f32, xi, n);
                    if (f32) ((float[]) oo)[zi] = (float) v; else ((double[]) oo)[zi] = v;
                    continue;
                }
                double v = extremeRun(xo, f32, xi, n, min);
                if (extreme) { if (f32) ((float[]) oo)[zi] = (float) v; else ((double[]) oo)[zi] = v; }
                if (positional || io != null) {
                    long pos = f32 ? VectorKernels.indexOfF32((float[]) xo, xi, n, (float) v) : VectorKernels.indexOfF64((double[]) xo, xi, n, v);
                    if (positional) ((long[]) oo)[zi] = pos;
                    if (io != null) ((long[]) io)[ii] = pos;
                }
            }
        });
        return true;
    }

    static double sumRun(Object xo, boolean f32, int xi, int n) {
        if (n > PBLOCK) return sumBlocks(xo, f32, xi, n);
        return f32 ? VectorKernels.sumF32((float[]) xo, xi, n) : VectorKernels.sumF64((double[]) xo, xi, n);
    }

    /**
     * {@link #sumRun} of float32 with the caller's scratch for the short-run kernel (see
     * {@link VectorKernels#sumF32(float[], int, int, float[], double[])}), for callers that sum many rows.
     */
    static double sumRunF32(float[] x, int xi, int n, float[] block32, double[] lanes) {
        return n <= PBLOCK ? VectorKernels.sumF32(x, xi, n, block32, lanes) : sumBlocks(x, true, xi, n);
    }

    /** A run longer than one partial block: fixed blocks summed over the pool, added in block order. */
    private static double sumBlocks(Object xo, boolean f32, int xi, int n) {
        boolean stream = f32 && n >= STREAM_ELEMENTS;
        int bs = stream ? STREAM_BLOCK : PBLOCK, blocks = (n + bs - 1) / bs;
        double[] part = new double[blocks];
        // the split starts at 2 * REDUCE_GRAIN_BLOCKS blocks, as before; the chunks are then smaller
        int grain = stream ? 1 : blocks < 2 * REDUCE_GRAIN_BLOCKS ? blocks : SUM_CHUNK_BLOCKS;
        Parallel.forRange(blocks, grain, 1, (s, e) -> {
            for (int b = (int) s; b < e; b++) {
                int from = xi + b * bs, m = Math.min(bs, n - b * bs);
                part[b] = !f32 ? VectorKernels.sumF64((double[]) xo, from, m)
                        : stream ? VectorKernels.sumF32Stream((float[]) xo, from, m) : VectorKernels.sumF32((float[]) xo, from, m);
            }
        });
        double total = 0;
        for (double p : part) total += p;
        return total;
    }

    private static double extremeRun(Object xo, boolean f32, int xi, int n, boolean min) {
        if (n <= PBLOCK) return f32 ? VectorKernels.maxF32((float[]) xo, xi, n, min) : VectorKernels.maxF64((double[]) xo, xi, n, min);
        int blocks = (n + PBLOCK - 1) / PBLOCK;
        double[] part = new double[blocks];
        Parallel.forRange(blocks, REDUCE_GRAIN_BLOCKS, 1, (s, e) -> {
            for (int b = (int) s; b < e; b++) {
                int from = xi + b * PBLOCK, m = Math.min(PBLOCK, n - b * PBLOCK);
                part[b] = f32 ? VectorKernels.maxF32((float[]) xo, from, m, min) : VectorKernels.maxF64((double[]) xo, from, m, min);
            }
        });
        double r = part[0];
        for (double p : part) r = min ? Math.min(r, p) : Math.max(r, p);
        return r;
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
