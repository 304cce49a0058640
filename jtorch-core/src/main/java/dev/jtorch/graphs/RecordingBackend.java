package dev.jtorch.graphs;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.ScanOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.backend.cpu.CpuBackend;

/**
 * The CPU backend seen by the capturing thread: every call runs on {@link CpuBackend} at once (the capture
 * computes the same values as eager execution) and is appended to the graph's tape for replay. Storages
 * allocated during capture join the graph's pool.
 */
final class RecordingBackend implements Backend {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private static final Tensor[] NONE = new Tensor[0];
    private final Session s;

    RecordingBackend(Session s) { this.s = s; }

    private static Tensor[] outs(Tensor... t) { return t; }

    @Override public Storage allocate(DType dtype, long numel) {
        Storage st = CPU.allocate(dtype, numel);
        s.allocated(st);
        return st;
    }

    private static Tensor[] ts(Tensor... t) { return t; }

    private static boolean[] mask(int n, int... written) {
        boolean[] w = new boolean[n];
        for (int i : written) w[i] = true;
        return w;
    }

    @Override public void copy(Tensor src, Tensor dst) {
        s.beforeKernel(outs(dst), src);
        s.record(new Call.Copy(ts(src, dst)));
    }

    @Override public void fill(Tensor dst, double value) {
        s.beforeKernel(outs(dst));
        s.record(new Call.Fill(ts(dst), value));
    }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1) {
        s.beforeKernel(outs(out), x);
        s.record(new Call.Unary(op, ts(x, out), p0, p1));
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        s.beforeKernel(outs(out), a, b);
        s.record(new Call.Binary(op, ts(a, b, out)));
    }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        s.beforeKernel(outs(out), cond, a, b);
        boolean scalarCond = true;
        for (long st : cond.stridesRef()) scalarCond &= st == 0;
        if (scalarCond && out.numel() > 0) {
            s.record(new Call.WhereScalar(ts(cond, a, b, out)));
        } else {
            s.record(new Call.Opaque(t -> CPU.where(t[0], t[1], t[2], t[3]), ts(cond, a, b, out), mask(4, 3)));
        }
    }

    @Override public boolean hasSoftmaxLastDim(Tensor x) { return CPU.hasSoftmaxLastDim(x); }

    @Override public void softmaxLastDim(dev.jtorch.backend.SoftmaxOp op, Tensor x, Tensor out) {
        s.beforeKernel(outs(out), x);
        s.record(new Call.Opaque(t -> CPU.softmaxLastDim(op, t[0], t[1]), ts(x, out), mask(2, 1)));
    }

    @Override public void reduce(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices) {
        s.beforeKernel(outs(out, indices), x);
        if (indices == null) {
            s.record(new Call.Opaque(t -> CPU.reduce(op, t[0], reducedDims, t[1], null), ts(x, out), mask(2, 1)));
        } else {
            s.record(new Call.Opaque(t -> CPU.reduce(op, t[0], reducedDims, t[1], t[2]), ts(x, out, indices), mask(3, 1, 2)));
        }
    }

    @Override public void matmul(Tensor a, Tensor bm, Tensor out) {
        s.beforeKernel(outs(out), a, bm);
        s.record(new Call.Opaque(t -> CPU.matmul(t[0], t[1], t[2]), ts(a, bm, out), mask(3, 2)));
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        s.beforeKernel(outs(out), x, index);
        s.record(new Call.Opaque(t -> CPU.indexSelect(t[0], dim, t[1], t[2]), ts(x, index, out), mask(3, 2)));
    }

    @Override public void indexAdd(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate) {
        s.beforeKernel(NONE, x, index, src);
        s.record(new Call.Opaque(t -> CPU.indexAdd(t[0], dim, t[1], t[2], accumulate), ts(x, index, src), mask(3, 0)));
    }

    @Override public void scan(ScanOp op, Tensor x, Tensor out, Tensor indices) {
        s.beforeKernel(outs(out, indices), x);
        if (indices == null) {
            s.record(new Call.Opaque(t -> CPU.scan(op, t[0], t[1], null), ts(x, out), mask(2, 1)));
        } else {
            s.record(new Call.Opaque(t -> CPU.scan(op, t[0], t[1], t[2]), ts(x, out, indices), mask(3, 1, 2)));
        }
    }

    @Override public void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending) {
        s.beforeKernel(outs(values, indices), x);
        s.record(new Call.Opaque(t -> CPU.sortRows(t[0], t[1], t[2], descending), ts(x, values, indices), mask(3, 1, 2)));
    }

    // the index tensors travel in the operand array after the fixed operands
    @Override public void advancedIndex(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor out) {
        int k = indices.length;
        Tensor[] all = new Tensor[k + 2];
        all[0] = x;
        all[1] = out;
        System.arraycopy(indices, 0, all, 2, k);
        Tensor[] in = all.clone();
        in[1] = null;
        s.beforeKernel(outs(out), in);
        long[] sizes = indexedSizes.clone(), strides = indexedStrides.clone();
        s.record(new Call.Opaque(t -> CPU.advancedIndex(t[0], java.util.Arrays.copyOfRange(t, 2, 2 + k), sizes, strides, t[1]),
                all, mask(k + 2, 1)));
    }

    @Override public void advancedIndexPut(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides,
                                           Tensor values, boolean accumulate) {
        int k = indices.length;
        Tensor[] all = new Tensor[k + 2];
        all[0] = x;
        all[1] = values;
        System.arraycopy(indices, 0, all, 2, k);
        s.beforeKernel(NONE, all);
        long[] sizes = indexedSizes.clone(), strides = indexedStrides.clone();
        s.record(new Call.Opaque(t -> CPU.advancedIndexPut(t[0], java.util.Arrays.copyOfRange(t, 2, 2 + k), sizes, strides,
                t[1], accumulate), all, mask(k + 2, 0)));
    }

    @Override public Tensor maskIndices(Tensor mask) {
        Capture.checkDataDependentShape("nonzero (or indexing with a boolean mask)");
        return CPU.maskIndices(mask);
    }
}
