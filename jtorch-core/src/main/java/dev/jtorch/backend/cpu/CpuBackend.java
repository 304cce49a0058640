package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Shapes;

import java.lang.foreign.MemorySegment;

/**
 * The CPU kernels: plain loops over {@link MemorySegment}s, with float32/float64 fast paths and a
 * general path through {@link Mem} for the other dtypes.
 */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Storage allocate(DType dtype, long numel) {
        return Storage.allocate(dtype, numel);
    }

    private static long[][] strides(Tensor... ts) {
        long[][] s = new long[ts.length][];
        for (int i = 0; i < ts.length; i++) s[i] = ts[i].stridesRef();
        return s;
    }

    private static long[] offsets(Tensor... ts) {
        long[] o = new long[ts.length];
        for (int i = 0; i < ts.length; i++) o[i] = ts[i].storageOffset();
        return o;
    }

    // ------------------------------------------------------------------ copy and fill

    @Override public void copy(Tensor src, Tensor dst) {
        DType st = src.dtype(), dt = dst.dtype();
        // an empty view may sit at an offset past the end of its (empty) storage: nothing to touch
        if (dst.numel() == 0) return;
        if (st == dt && src.storage().array() == null && src.isContiguous() && dst.isContiguous()
                && java.util.Arrays.equals(src.shapeRef(), dst.shapeRef())) {
            MemorySegment s = src.segment(), d = dst.segment();
            long size = st.itemSize();
            MemorySegment.copy(s, src.storageOffset() * size, d, dst.storageOffset() * size, dst.numel() * size);
            return;
        }
        if (ArrayKernels.copy(src, dst)) return;
        MemorySegment s = src.segment(), d = dst.segment();
        StridedLoop.run(dst.shapeRef(), strides(src, dst), offsets(src, dst), (n, o, k) -> {
            long si = o[0], di = o[1];
            if (st == dt) {
                switch (st) {
                    case FLOAT32 -> { for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.setAtIndex(Mem.F32, di, s.getAtIndex(Mem.F32, si)); }
                    case FLOAT64 -> { for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.setAtIndex(Mem.F64, di, s.getAtIndex(Mem.F64, si)); }
                    case INT64 -> { for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.setAtIndex(Mem.I64, di, s.getAtIndex(Mem.I64, si)); }
                    case INT32 -> { for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.setAtIndex(Mem.I32, di, s.getAtIndex(Mem.I32, si)); }
                    case INT16, FLOAT16, BFLOAT16 -> { for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.setAtIndex(Mem.I16, di, s.getAtIndex(Mem.I16, si)); }
                    default -> { for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.set(Mem.I8, di, s.get(Mem.I8, si)); }
                }
            } else if (dt.isFloatingPoint() && st.isFloatingPoint()) {
                for (long i = 0; i < n; i++, si += k[0], di += k[1]) Mem.setDouble(d, dt, di, Mem.getDouble(s, st, si));
            } else if (dt == DType.BOOL) {
                for (long i = 0; i < n; i++, si += k[0], di += k[1]) d.set(Mem.I8, di, (byte) (Mem.getBool(s, st, si) ? 1 : 0));
            } else {
                // int to anything, or float to int: through long (truncation toward zero, C-style wrap)
                for (long i = 0; i < n; i++, si += k[0], di += k[1]) Mem.setLong(d, dt, di, Mem.getLong(s, st, si));
            }
        });
    }

    @Override public void fill(Tensor dst, double value) {
        DType dt = dst.dtype();
        // contiguous float arrays (optimizer.zeroGrad every step): one Arrays.fill, not a segment store per element
        // (not while a graph is captured, and only inside the array: the strided path reports the rest)
        if ((dt == DType.FLOAT32 || dt == DType.FLOAT64) && dst.isContiguous() && !dev.jtorch.graphs.Capture.isCapturing()) {
            Object arr = dst.storage().array();
            long from = dst.storageOffset(), to = from + dst.numel();
            if (arr instanceof float[] a && dt == DType.FLOAT32 && from >= 0 && to <= a.length) {
                java.util.Arrays.fill(a, (int) from, (int) to, (float) value);
                return;
            }
            if (arr instanceof double[] a && dt == DType.FLOAT64 && from >= 0 && to <= a.length) {
                java.util.Arrays.fill(a, (int) from, (int) to, value);
                return;
            }
        }
        MemorySegment d = dst.segment();
        StridedLoop.run(dst.shapeRef(), strides(dst), offsets(dst), (n, o, k) -> {
            long di = o[0];
            if (dt == DType.FLOAT32) {
                float v = (float) value;
                for (long i = 0; i < n; i++, di += k[0]) d.setAtIndex(Mem.F32, di, v);
            } else if (dt.isFloatingPoint() || dt == DType.BOOL) {
                for (long i = 0; i < n; i++, di += k[0]) Mem.setDouble(d, dt, di, value);
            } else {
                long v = Mem.doubleToLong(value);
                for (long i = 0; i < n; i++, di += k[0]) Mem.setLong(d, dt, di, v);
            }
        });
    }

    // ------------------------------------------------------------------ elementwise

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1) {
        if (ArrayKernels.unary(op, x, out, p0, p1)) return;
        DType xt = x.dtype(), ot = out.dtype();
        MemorySegment xs = x.segment(), os = out.segment();
        boolean floating = xt.isFloatingPoint();
        long lp0 = (long) p0, lp1 = (long) p1;
        StridedLoop.run(out.shapeRef(), strides(x, out), offsets(x, out), (n, o, k) -> {
            long xi = o[0], oi = o[1];
            if (xt == DType.FLOAT32 && ot == DType.FLOAT32) {
                for (long i = 0; i < n; i++, xi += k[0], oi += k[1]) {
                    os.setAtIndex(Mem.F32, oi, (float) op.apply(xs.getAtIndex(Mem.F32, xi), p0, p1));
                }
            } else if (xt == DType.FLOAT64 && ot == DType.FLOAT64) {
                for (long i = 0; i < n; i++, xi += k[0], oi += k[1]) {
                    os.setAtIndex(Mem.F64, oi, op.apply(xs.getAtIndex(Mem.F64, xi), p0, p1));
                }
            } else if (floating) {
                for (long i = 0; i < n; i++, xi += k[0], oi += k[1]) {
                    Mem.setDouble(os, ot, oi, op.apply(Mem.getDouble(xs, xt, xi), p0, p1));
                }
            } else {
                for (long i = 0; i < n; i++, xi += k[0], oi += k[1]) {
                    Mem.setLong(os, ot, oi, op.applyLong(Mem.getLong(xs, xt, xi), lp0, lp1));
                }
            }
        });
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (ArrayKernels.binary(op, a, b, out)) return;
        DType ct = a.dtype(), ot = out.dtype();
        MemorySegment as = a.segment(), bs = b.segment(), os = out.segment();
        boolean floating = ct.isFloatingPoint();
        boolean checkZero = !floating && (op == BinaryOp.DIV);
        StridedLoop.run(out.shapeRef(), strides(a, b, out), offsets(a, b, out), (n, o, k) -> {
            long ai = o[0], bi = o[1], oi = o[2];
            if (ct == DType.FLOAT32 && ot == DType.FLOAT32) {
                switch (op) {
                    case ADD -> { for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) os.setAtIndex(Mem.F32, oi, as.getAtIndex(Mem.F32, ai) + bs.getAtIndex(Mem.F32, bi)); }
                    case SUB -> { for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) os.setAtIndex(Mem.F32, oi, as.getAtIndex(Mem.F32, ai) - bs.getAtIndex(Mem.F32, bi)); }
                    case MUL -> { for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) os.setAtIndex(Mem.F32, oi, as.getAtIndex(Mem.F32, ai) * bs.getAtIndex(Mem.F32, bi)); }
                    case DIV -> { for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) os.setAtIndex(Mem.F32, oi, as.getAtIndex(Mem.F32, ai) / bs.getAtIndex(Mem.F32, bi)); }
                    default -> { for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) os.setAtIndex(Mem.F32, oi, (float) op.apply(as.getAtIndex(Mem.F32, ai), bs.getAtIndex(Mem.F32, bi))); }
                }
            } else if (ct == DType.FLOAT64 && ot == DType.FLOAT64) {
                for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) {
                    os.setAtIndex(Mem.F64, oi, op.apply(as.getAtIndex(Mem.F64, ai), bs.getAtIndex(Mem.F64, bi)));
                }
            } else if (floating) {
                for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) {
                    Mem.setDouble(os, ot, oi, op.apply(Mem.getDouble(as, ct, ai), Mem.getDouble(bs, ct, bi)));
                }
            } else {
                for (long i = 0; i < n; i++, ai += k[0], bi += k[1], oi += k[2]) {
                    long y = Mem.getLong(bs, ct, bi);
                    if (checkZero && y == 0) throw new ArithmeticException("ZeroDivisionError");
                    Mem.setLong(os, ot, oi, op.applyLong(Mem.getLong(as, ct, ai), y));
                }
            }
        });
    }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        DType t = out.dtype();
        MemorySegment cs = cond.segment(), as = a.segment(), bs = b.segment(), os = out.segment();
        StridedLoop.run(out.shapeRef(), strides(cond, a, b, out), offsets(cond, a, b, out), (n, o, k) -> {
            long ci = o[0], ai = o[1], bi = o[2], oi = o[3];
            for (long i = 0; i < n; i++, ci += k[0], ai += k[1], bi += k[2], oi += k[3]) {
                boolean c = cs.get(Mem.I8, ci) != 0;
                if (t.isFloatingPoint()) Mem.setDouble(os, t, oi, c ? Mem.getDouble(as, t, ai) : Mem.getDouble(bs, t, bi));
                else Mem.setLong(os, t, oi, c ? Mem.getLong(as, t, ai) : Mem.getLong(bs, t, bi));
            }
        });
    }

    // ------------------------------------------------------------------ reductions

    @Override public void reduce(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices) {
        if (ArrayKernels.reduce(op, x, reducedDims, out, indices)) return;
        long[] xs = x.shapeRef(), xst = x.stridesRef();
        int outRank = xs.length - reducedDims;
        long[] innerShape = java.util.Arrays.copyOfRange(xs, outRank, xs.length);
        long[] innerStrides = java.util.Arrays.copyOfRange(xst, outRank, xs.length);
        long innerN = Shapes.numel(innerShape);
        long[] outerXStrides = java.util.Arrays.copyOf(xst, outRank);
        DType xt = x.dtype(), ot = out.dtype();
        MemorySegment seg = x.segment(), os = out.segment();
        MemorySegment is = indices == null ? null : indices.segment();
        boolean floating = xt.isFloatingPoint();
        long[][] st = indices == null ? new long[][] {outerXStrides, out.stridesRef()}
                : new long[][] {outerXStrides, out.stridesRef(), indices.stridesRef()};
        long[] off = indices == null ? new long[] {x.storageOffset(), out.storageOffset()}
                : new long[] {x.storageOffset(), out.storageOffset(), indices.storageOffset()};
        if (innerN == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN || op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN)) {
            if (Shapes.numel(out.shapeRef()) == 0) return;
            throw new IllegalArgumentException("Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        }
        long[] counter = new long[innerShape.length];
        StridedLoop.run(out.shapeRef(), st, off, (n, o, k) -> {
            long base = o[0], oi = o[1], ii = indices == null ? 0 : o[2];
            for (long r = 0; r < n; r++, base += k[0], oi += k[1], ii += (indices == null ? 0 : k[2])) {
                // walk the reduced dims of this output element
                java.util.Arrays.fill(counter, 0);
                long p = base;
                double acc = switch (op) { case PROD, ALL -> 1; case MAX, ARGMAX -> Double.NEGATIVE_INFINITY;
                    case MIN, ARGMIN -> Double.POSITIVE_INFINITY; default -> 0; };
                long lacc = switch (op) { case PROD, ALL -> 1; case MAX, ARGMAX -> Long.MIN_VALUE;
                    case MIN, ARGMIN -> Long.MAX_VALUE; default -> 0; };
                long best = 0;
                boolean nan = false;
                for (long j = 0; j < innerN; j++) {
                    if (floating) {
                        double v = Mem.getDouble(seg, xt, p);
                        switch (op) {
                            case SUM -> acc += v;
                            case PROD -> acc *= v;
                            case ALL -> { if (v == 0) acc = 0; }
                            case ANY -> { if (v != 0) acc = 1; }
                            case MAX, ARGMAX -> { if (!nan && (v > acc || Double.isNaN(v) || j == 0)) { acc = v; best = j; nan = Double.isNaN(v); } }
                            case MIN, ARGMIN -> { if (!nan && (v < acc || Double.isNaN(v) || j == 0)) { acc = v; best = j; nan = Double.isNaN(v); } }
                        }
                    } else {
                        long v = Mem.getLong(seg, xt, p);
                        switch (op) {
                            case SUM -> lacc += v;
                            case PROD -> lacc *= v;
                            case ALL -> { if (v == 0) lacc = 0; }
                            case ANY -> { if (v != 0) lacc = 1; }
                            case MAX, ARGMAX -> { if (v > lacc || j == 0) { lacc = v; best = j; } }
                            case MIN, ARGMIN -> { if (v < lacc || j == 0) { lacc = v; best = j; } }
                        }
                    }
                    // advance the counter over the reduced dims
                    for (int d = counter.length - 1; d >= 0; d--) {
                        counter[d]++;
                        p += innerStrides[d];
                        if (counter[d] < innerShape[d]) break;
                        p -= innerStrides[d] * innerShape[d];
                        counter[d] = 0;
                    }
                }
                if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
                    Mem.setLong(os, ot, oi, best);
                } else if (floating || ot.isFloatingPoint()) {
                    Mem.setDouble(os, ot, oi, floating ? acc : lacc);
                } else {
                    Mem.setLong(os, ot, oi, lacc);
                }
                if (is != null) is.setAtIndex(Mem.I64, ii, best);
            }
        });
    }

    // ------------------------------------------------------------------ matmul and indexing

    @Override public void matmul(Tensor a, Tensor b, Tensor out) {
        if (Gemm.matmul(a, b, out)) return;
        long batch = a.shapeRef()[0], m = a.shapeRef()[1], kk = a.shapeRef()[2], nn = b.shapeRef()[2];
        DType t = out.dtype();
        MemorySegment as = a.segment(), bs = b.segment(), os = out.segment();
        long[] sa = a.stridesRef(), sb = b.stridesRef(), so = out.stridesRef();
        for (long bt = 0; bt < batch; bt++) {
            for (long i = 0; i < m; i++) {
                for (long j = 0; j < nn; j++) {
                    long ai = a.storageOffset() + bt * sa[0] + i * sa[1];
                    long bi = b.storageOffset() + bt * sb[0] + j * sb[2];
                    long oi = out.storageOffset() + bt * so[0] + i * so[1] + j * so[2];
                    if (t == DType.FLOAT32) {
                        float acc = 0;
                        for (long p = 0; p < kk; p++) acc += as.getAtIndex(Mem.F32, ai + p * sa[2]) * bs.getAtIndex(Mem.F32, bi + p * sb[1]);
                        os.setAtIndex(Mem.F32, oi, acc);
                    } else if (t.isFloatingPoint()) {
                        double acc = 0;
                        for (long p = 0; p < kk; p++) acc += Mem.getDouble(as, t, ai + p * sa[2]) * Mem.getDouble(bs, t, bi + p * sb[1]);
                        Mem.setDouble(os, t, oi, acc);
                    } else {
                        long acc = 0;
                        for (long p = 0; p < kk; p++) acc += Mem.getLong(as, t, ai + p * sa[2]) * Mem.getLong(bs, t, bi + p * sb[1]);
                        Mem.setLong(os, t, oi, acc);
                    }
                }
            }
        }
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        long n = index.numel();
        long size = x.shapeRef()[dim];
        for (long i = 0; i < n; i++) {
            long idx = index.getLong(i);
            if (idx < -size || idx >= size) {
                throw new IndexOutOfBoundsException("index " + idx + " is out of bounds for dimension " + dim + " with size " + size);
            }
            if (idx < 0) idx += size;
            copy(x.select(dim, idx).detach(), out.select(dim, i).detach());
        }
    }

    @Override public void indexAdd(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate) {
        long n = index.numel();
        long size = x.shapeRef()[dim];
        for (long i = 0; i < n; i++) {
            long idx = index.getLong(i);
            if (idx < -size || idx >= size) {
                throw new IndexOutOfBoundsException("index " + idx + " is out of bounds for dimension " + dim + " with size " + size);
            }
            if (idx < 0) idx += size;
            Tensor dst = x.select(dim, idx).detach();
            Tensor s = src.select(dim, i).detach();
            if (accumulate) binary(BinaryOp.ADD, dst, s, dst);
            else copy(s, dst);
        }
    }

    // ================================================================== section: math kernels

    @Override public void scan(dev.jtorch.backend.ScanOp op, Tensor x, Tensor out, Tensor indices) {
        MathKernels.scan(op, x, out, indices);
    }

    @Override public void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending) {
        MathKernels.sortRows(x, values, indices, descending);
    }

    @Override public boolean hasSoftmaxLastDim(Tensor x) {
        // SoftmaxKernels holds vector species: never load it without the Vector API module
        return Simd.useVector && SoftmaxKernels.supports(x);
    }

    @Override public void softmaxLastDim(dev.jtorch.backend.SoftmaxOp op, Tensor x, Tensor out) {
        SoftmaxKernels.run(op, x, out);
    }

    // ---- end of section: math kernels ----

    // ================================================================== section: indexing kernels

    @Override public void advancedIndex(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor out) {
        indexLoop(x, indices, indexedSizes, indexedStrides, out, false, false);
    }

    @Override public void advancedIndexPut(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides,
                                           Tensor values, boolean accumulate) {
        indexLoop(x, indices, indexedSizes, indexedStrides, values, true, accumulate);
    }

    /** One walk for gather and scatter: operand 0 is x (restrided), 1 the dense side, then the index tensors. */
    private static void indexLoop(Tensor x, Tensor[] indices, long[] sizes, long[] steps, Tensor other, boolean put,
                                  boolean accumulate) {
        int k = indices.length;
        Tensor[] ops = new Tensor[k + 2];
        ops[0] = x;
        ops[1] = other;
        System.arraycopy(indices, 0, ops, 2, k);
        MemorySegment xs = x.segment(), os = other.segment();
        MemorySegment[] is = new MemorySegment[k];
        for (int j = 0; j < k; j++) is[j] = indices[j].segment();
        DType t = x.dtype();
        int item = t.itemSize();
        StridedLoop.run(other.shapeRef(), strides(ops), offsets(ops), (n, o, st) -> {
            for (long i = 0; i < n; i++) {
                long xi = o[0] + i * st[0], oi = o[1] + i * st[1];
                for (int j = 0; j < k; j++) {
                    long v = is[j].getAtIndex(Mem.I64, o[2 + j] + i * st[2 + j]);
                    long size = sizes[j];
                    if (v < -size || v >= size) {
                        throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + j + " with size " + size);
                    }
                    xi += (v < 0 ? v + size : v) * steps[j];
                }
                if (!put) copyElement(xs, xi, os, oi, item);
                else if (!accumulate) copyElement(os, oi, xs, xi, item);
                else addElement(t, os, oi, xs, xi);
            }
        });
    }

    /** Copies one element's bits: gathers and scatters move values without converting them. */
    private static void copyElement(MemorySegment src, long si, MemorySegment dst, long di, int itemSize) {
        switch (itemSize) {
            case 8 -> dst.setAtIndex(Mem.I64, di, src.getAtIndex(Mem.I64, si));
            case 4 -> dst.setAtIndex(Mem.I32, di, src.getAtIndex(Mem.I32, si));
            case 2 -> dst.setAtIndex(Mem.I16, di, src.getAtIndex(Mem.I16, si));
            default -> dst.set(Mem.I8, di, src.get(Mem.I8, si));
        }
    }

    private static void addElement(DType t, MemorySegment src, long si, MemorySegment dst, long di) {
        switch (t) {
            case FLOAT64 -> dst.setAtIndex(Mem.F64, di, dst.getAtIndex(Mem.F64, di) + src.getAtIndex(Mem.F64, si));
            case FLOAT32 -> dst.setAtIndex(Mem.F32, di, dst.getAtIndex(Mem.F32, di) + src.getAtIndex(Mem.F32, si));
            case FLOAT16, BFLOAT16 -> Mem.setDouble(dst, t, di, (float) (Mem.getDouble(dst, t, di) + Mem.getDouble(src, t, si)));
            case BOOL -> dst.set(Mem.I8, di, (byte) (Mem.getBool(dst, t, di) || Mem.getBool(src, t, si) ? 1 : 0));
            default -> Mem.setLong(dst, t, di, Mem.getLong(dst, t, di) + Mem.getLong(src, t, si));
        }
    }

    @Override public Tensor maskIndices(Tensor mask) {
        long[] shape = mask.shapeRef(), st = mask.stridesRef();
        int r = shape.length;
        long numel = Shapes.numel(shape);
        DType t = mask.dtype();
        MemorySegment ms = mask.segment();
        long count = 0;
        long[] counter = new long[r];
        long p = mask.storageOffset();
        for (long i = 0; i < numel; i++) {
            if (Mem.getBool(ms, t, p)) count++;
            p = advance(counter, shape, st, p);
        }
        Tensor out = Tensor.allocate(new long[] {count, r}, DType.INT64, mask.device());
        MemorySegment os = out.segment();
        java.util.Arrays.fill(counter, 0);
        p = mask.storageOffset();
        long w = 0;
        for (long i = 0; i < numel; i++) {
            if (Mem.getBool(ms, t, p)) {
                for (int d = 0; d < r; d++) os.setAtIndex(Mem.I64, w++, counter[d]);
            }
            p = advance(counter, shape, st, p);
        }
        return out;
    }

    /** Steps a row-major counter over {@code shape}, returning the next storage position. */
    private static long advance(long[] counter, long[] shape, long[] strides, long p) {
        for (int d = counter.length - 1; d >= 0; d--) {
            counter[d]++;
            p += strides[d];
            if (counter[d] < shape[d]) return p;
            p -= strides[d] * shape[d];
            counter[d] = 0;
        }
        return p;
    }

    // ---- end of section: indexing kernels ----
}
