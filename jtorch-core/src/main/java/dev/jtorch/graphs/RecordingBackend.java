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

    @Override public void copy(Tensor src, Tensor dst) {
        s.beforeKernel(outs(dst), src);
        s.record(new Call.Copy(src, dst));
    }

    @Override public void fill(Tensor dst, double value) {
        s.beforeKernel(outs(dst));
        s.record(new Call.Fill(dst, value));
    }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1) {
        s.beforeKernel(outs(out), x);
        s.record(new Call.Unary(op, x, out, p0, p1));
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        s.beforeKernel(outs(out), a, b);
        s.record(new Call.Binary(op, a, b, out));
    }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        s.beforeKernel(outs(out), cond, a, b);
        s.record(new Call.Opaque(() -> CPU.where(cond, a, b, out), out));
    }

    @Override public void reduce(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices) {
        s.beforeKernel(outs(out, indices), x);
        s.record(new Call.Opaque(() -> CPU.reduce(op, x, reducedDims, out, indices), out, indices));
    }

    @Override public void matmul(Tensor a, Tensor bm, Tensor out) {
        s.beforeKernel(outs(out), a, bm);
        s.record(new Call.Opaque(() -> CPU.matmul(a, bm, out), out));
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        s.beforeKernel(outs(out), x, index);
        s.record(new Call.Opaque(() -> CPU.indexSelect(x, dim, index, out), out));
    }

    @Override public void indexAdd(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate) {
        s.beforeKernel(NONE, x, index, src);
        s.record(new Call.Opaque(() -> CPU.indexAdd(x, dim, index, src, accumulate), x));
    }

    @Override public void scan(ScanOp op, Tensor x, Tensor out, Tensor indices) {
        s.beforeKernel(outs(out, indices), x);
        s.record(new Call.Opaque(() -> CPU.scan(op, x, out, indices), out, indices));
    }

    @Override public void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending) {
        s.beforeKernel(outs(values, indices), x);
        s.record(new Call.Opaque(() -> CPU.sortRows(x, values, indices, descending), values, indices));
    }

    @Override public void advancedIndex(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor out) {
        Tensor[] in = new Tensor[indices.length + 1];
        in[0] = x;
        System.arraycopy(indices, 0, in, 1, indices.length);
        s.beforeKernel(outs(out), in);
        Tensor[] idx = indices.clone();
        long[] sizes = indexedSizes.clone(), strides = indexedStrides.clone();
        s.record(new Call.Opaque(() -> CPU.advancedIndex(x, idx, sizes, strides, out), out));
    }

    @Override public void advancedIndexPut(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides,
                                           Tensor values, boolean accumulate) {
        Tensor[] in = new Tensor[indices.length + 2];
        in[0] = x;
        in[1] = values;
        System.arraycopy(indices, 0, in, 2, indices.length);
        s.beforeKernel(NONE, in);
        Tensor[] idx = indices.clone();
        long[] sizes = indexedSizes.clone(), strides = indexedStrides.clone();
        s.record(new Call.Opaque(() -> CPU.advancedIndexPut(x, idx, sizes, strides, values, accumulate), x));
    }

    @Override public Tensor maskIndices(Tensor mask) {
        Capture.checkDataDependentShape("nonzero (or indexing with a boolean mask)");
        return CPU.maskIndices(mask);
    }
}
