package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.internal.Shapes;

import java.util.Arrays;

/** Reductions: dim handling with {@code keepdim}, dtype rules and gradients; kernels in the backend. */
public final class Reductions {
    private Reductions() {}

    /** Wrapped, sorted, de-duplicated dims; null or empty means all dims. */
    static int[] dims(Tensor x, long[] dims) {
        int r = x.dim();
        if (dims == null || dims.length == 0) {
            int[] all = new int[r];
            for (int i = 0; i < r; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[Math.max(r, 1)];
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.wrapDim(dims[i], r);
            if (seen[d]) throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            seen[d] = true;
            out[i] = d;
        }
        if (r == 0) return new int[0];
        Arrays.sort(out);
        return out;
    }

    /** The result shape: reduced dims removed, or kept with size 1. */
    static long[] reducedShape(long[] shape, int[] dims, boolean keepdim) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        long[] out = new long[keepdim ? shape.length : shape.length - dims.length];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!red[i]) out[j++] = shape[i];
            else if (keepdim) out[j++] = 1;
        }
        return out;
    }

    /**
     * Runs a backend reduction over {@code dims} (no autograd): the reduced dims are permuted to the end,
     * as the kernel contract asks. {@code indices} receives positions for max/min-like ops when non-null.
     */
    public static Tensor reduceRaw(ReduceOp op, Tensor x, int[] dims, boolean keepdim, DType outType, Tensor[] indices) {
        int r = x.dim();
        boolean[] red = new boolean[r];
        for (int d : dims) red[d] = true;
        long[] perm = new long[r];
        int j = 0;
        for (int i = 0; i < r; i++) if (!red[i]) perm[j++] = i;
        for (int d : dims) perm[j++] = d;
        Tensor in = x;
        if (r > 0) {
            long[] shape = new long[r], strides = new long[r];
            for (int i = 0; i < r; i++) {
                shape[i] = x.shapeRef()[(int) perm[i]];
                strides[i] = x.stridesRef()[(int) perm[i]];
            }
            in = new Tensor(x.storage(), shape, strides, x.storageOffset(), x.dtype());
        }
        long[] flatShape = reducedShape(x.shapeRef(), dims, false);
        Tensor out = Tensor.allocate(flatShape, outType, x.device());
        Tensor idx = indices == null ? null : Tensor.allocate(flatShape, DType.INT64, x.device());
        Elementwise.backend(x).reduce(op, in, dims.length, out, idx);
        if (keepdim) {
            long[] kept = reducedShape(x.shapeRef(), dims, true);
            out = new Tensor(out.storage(), kept, Shapes.contiguousStrides(kept), 0, outType);
            if (idx != null) idx = new Tensor(idx.storage(), kept, Shapes.contiguousStrides(kept), 0, DType.INT64);
        }
        if (indices != null) indices[0] = idx;
        return out;
    }

    /** Unsqueezes a reduced gradient back at the reduced dims and expands it to the input shape. */
    static Tensor expandBack(Tensor g, long[] inputShape, int[] dims, boolean keepdim) {
        Tensor r = g;
        if (!keepdim) {
            for (int d : dims) r = r.unsqueeze(d);
        }
        return r.expand(inputShape);
    }

    public static Tensor sum(Tensor x, long[] dimList, boolean keepdim, DType dtype) {
        int[] dims = dims(x, dimList);
        DType outType = dtype != null ? dtype : (x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64);
        Tensor in = x.dtype() == outType || !outType.isFloatingPoint() ? x : Elementwise.castRaw(x, outType);
        Tensor out = reduceRaw(ReduceOp.SUM, in, dims, keepdim, outType, null);
        if (Graph.needsGrad(x)) {
            long[] shape = x.shapeRef();
            Graph.record("SumBackward" + (dimList == null ? "0" : "1"), out, new Tensor[] {x}, null,
                    g -> new Tensor[] {expandBack(g[0], shape, dims, keepdim)});
        }
        return out;
    }

    public static Tensor mean(Tensor x, long[] dimList, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating "
                    + "point or complex dtype. Got: " + InPlace.scalarTypeName(x.dtype()));
        }
        int[] dims = dims(x, dimList);
        long count = 1;
        for (int d : dims) count *= x.shapeRef()[d];
        Tensor out;
        try (var ng = GradMode.set(false)) {
            out = reduceRaw(ReduceOp.SUM, x, dims, keepdim, x.dtype(), null).div((double) count);
        }
        if (Graph.needsGrad(x)) {
            long[] shape = x.shapeRef();
            long n = count;
            Graph.record("MeanBackward" + (dimList == null ? "0" : "1"), out, new Tensor[] {x}, null,
                    g -> new Tensor[] {expandBack(g[0], shape, dims, keepdim).div((double) n)});
        }
        return out;
    }

    /** {@code torch.dist(a, b, p)}: the p-norm of {@code a - b}, broadcast. */
    public static Tensor dist(Tensor a, Tensor b, double p) {
        DType t = Elementwise.resultType(a, b);
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("dist only supports floating-point dtypes, got: " + InPlace.scalarTypeName(t));
        }
        Tensor d, out;
        try (var ng = GradMode.set(false)) {
            d = a.sub(b);
            Tensor ad = p == 2.0 ? null : d.abs();
            int[] all = dims(d, null);
            if (p == 2.0) out = reduceRaw(ReduceOp.SUM, d.square(), all, false, t, null).sqrt();
            else if (p == Double.POSITIVE_INFINITY) out = d.numel() == 0 ? Torch.zeros(new long[0], t, d.device()) : reduceRaw(ReduceOp.MAX, ad, all, false, t, null);
            else if (p == Double.NEGATIVE_INFINITY) out = d.numel() == 0 ? Torch.zeros(new long[0], t, d.device()) : reduceRaw(ReduceOp.MIN, ad, all, false, t, null);
            else if (p == 0.0) out = reduceRaw(ReduceOp.SUM, ad.ne(Torch.scalarTensor(0.0, ad)).to(t), all, false, t, null);
            else out = reduceRaw(ReduceOp.SUM, ad.pow(p), all, false, t, null).pow(1.0 / p);
        }
        if (Graph.needsGrad(a, b)) {
            Tensor diff = d, norm = out.detach();
            boolean needA = a.requiresGrad(), needB = b.requiresGrad();
            // under create_graph the formula is rebuilt from a, b and the output so it is differentiable again
            Graph.record("DistBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b, out}, g -> {
                boolean differentiable = GradMode.isEnabled();
                Tensor ga = normGrad(differentiable ? a.sub(b) : diff, differentiable ? out : norm, p).mul(g[0]);
                return new Tensor[] {needA ? Views.sumToSize(ga, a.shapeRef()) : null,
                        needB ? Views.sumToSize(ga.neg(), b.shapeRef()) : null};
            });
        }
        return out;
    }

    /** d‖x‖_p / dx, with PyTorch's conventions (zero where the norm is zero). */
    static Tensor normGrad(Tensor x, Tensor norm, double p) {
        if (p == 0.0) return Torch.zerosLike(x);
        Tensor zero = Torch.scalarTensor(0.0, norm);
        if (p == 2.0) {
            Tensor scaled = x.div(norm);
            // the zero-norm mask only matters when the norm is zero; skipping it saves two full-size passes
            if (norm.numel() == 1) {
                // a graph capture cannot branch on the norm's value: it keeps the mask, broadcast from a 0-d zero
                if (dev.jtorch.graphs.Capture.isCapturing()) return Torch.where(norm.eq(zero), zero, scaled);
                if (norm.itemDouble() != 0.0) return scaled;
            }
            return Torch.where(norm.eq(zero), Torch.zerosLike(x), scaled);
        }
        if (Double.isInfinite(p)) {
            Tensor ax = x.abs();
            Tensor hit = ax.eq(norm).to(x.dtype());
            Tensor count = hit.sum();
            return MathOps.sign(x).mul(hit).div(count);
        }
        if (p == 1.0) return MathOps.sign(x);
        Tensor num = MathOps.sign(x).mul(x.abs().pow(p - 1));
        Tensor scaled = num.div(norm.pow(p - 1));
        return Torch.where(norm.eq(zero), Torch.zerosLike(x), scaled);
    }
}
