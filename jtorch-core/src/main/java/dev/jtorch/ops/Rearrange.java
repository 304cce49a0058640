package dev.jtorch.ops;

import dev.jtorch.Tensor;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.List;

/** Ops that copy elements into a new arrangement: flip, roll, repeat, tile, hstack, vstack. */
public final class Rearrange {
    private Rearrange() {}

    private static Tensor raw(Tensor t, long[] shape, long[] strides, long offset) {
        return new Tensor(t.storage(), shape, strides, offset, t.dtype());
    }

    private static Tensor copyOf(Tensor view, long[] shape) {
        Tensor out = Tensor.allocate(shape, view.dtype(), view.device());
        Elementwise.backend(view).copy(view, out);
        return out;
    }

    // ------------------------------------------------------------------ flip

    public static Tensor flip(Tensor x, long... dims) {
        int rank = x.dim();
        boolean[] seen = new boolean[Math.max(rank, 1)];
        long[] shape = x.shapeRef(), strides = x.stride();
        long offset = x.storageOffset();
        for (long dim : dims) {
            int d = Shapes.wrapDim(dim, rank);
            if (seen[d]) throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            seen[d] = true;
            if (rank == 0 || shape[d] == 0) continue;
            // a negative-stride view read front to back is the flipped tensor
            offset += (shape[d] - 1) * strides[d];
            strides[d] = -strides[d];
        }
        Tensor out = copyOf(raw(x, shape, strides, offset), shape);
        if (Graph.needsGrad(x)) {
            long[] ds = dims.clone();
            Graph.record("FlipBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {flip(g[0], ds)});
        }
        return out;
    }

    // ------------------------------------------------------------------ roll

    /** {@code torch.roll(x, shifts, dims)}; with no dims the tensor rolls as if flattened and keeps its shape. */
    public static Tensor roll(Tensor x, long[] shifts, long[] dims) {
        if (shifts.length == 0) throw new IllegalArgumentException("`shifts` required");
        if (x.dim() == 0 && dims.length > 0) {
            throw new IndexOutOfBoundsException("Dimension specified as " + dims[0] + " but tensor has no dimensions");
        }
        boolean flat = dims.length == 0 && shifts.length == 1;
        if (!flat && shifts.length != dims.length) {
            throw new IllegalArgumentException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        }
        Tensor out;
        if (flat) {
            Tensor c = copyOf(x, x.shapeRef());
            Tensor r = rollOne(raw(c, new long[] {c.numel()}, new long[] {1}, 0), shifts[0], 0);
            out = raw(r, x.shape(), Shapes.contiguousStrides(x.shapeRef()), 0);
        } else {
            Tensor cur = x;
            for (int i = 0; i < dims.length; i++) cur = rollOne(cur, shifts[i], Shapes.wrapDim(dims[i], x.dim()));
            out = cur == x ? copyOf(x, x.shapeRef()) : cur;
        }
        if (Graph.needsGrad(x)) {
            long[] back = new long[shifts.length];
            for (int i = 0; i < back.length; i++) back[i] = -shifts[i];
            long[] ds = dims.clone();
            Graph.record("RollBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {roll(g[0], back, ds)});
        }
        return out;
    }

    private static Tensor rollOne(Tensor t, long shift, int d) {
        long[] shape = t.shapeRef();
        Tensor out = Tensor.allocate(shape, t.dtype(), t.device());
        long size = t.dim() == 0 ? 1 : shape[d];
        if (size == 0 || t.dim() == 0) {
            Elementwise.backend(t).copy(t, out);
            return out;
        }
        long s = ((shift % size) + size) % size;
        var be = Elementwise.backend(t);
        be.copy(narrowRaw(t, d, 0, size - s), narrowRaw(out, d, s, size - s));
        be.copy(narrowRaw(t, d, size - s, s), narrowRaw(out, d, 0, s));
        return out;
    }

    private static Tensor narrowRaw(Tensor t, int d, long start, long len) {
        long[] shape = t.shape();
        shape[d] = len;
        return raw(t, shape, t.stridesRef(), t.storageOffset() + start * t.stridesRef()[d]);
    }

    // ------------------------------------------------------------------ repeat, tile

    public static Tensor repeat(Tensor x, long... sizes) {
        int rank = x.dim();
        if (sizes.length < rank) {
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        }
        int n = sizes.length, pad = n - rank;
        long[] padded = new long[n], padStrides = new long[n], outShape = new long[n];
        for (int i = 0; i < n; i++) {
            padded[i] = i < pad ? 1 : x.shapeRef()[i - pad];
            padStrides[i] = i < pad ? 0 : x.stridesRef()[i - pad];
            outShape[i] = padded[i] * sizes[i];
        }
        Tensor out = Tensor.allocate(outShape, x.dtype(), x.device());
        // out seen as [r0, s0, r1, s1, ...] is x broadcast along the r dims
        long[] inter = new long[2 * n], interStrides = new long[2 * n];
        for (int i = 0; i < n; i++) {
            inter[2 * i] = sizes[i];
            inter[2 * i + 1] = padded[i];
            interStrides[2 * i + 1] = padStrides[i];
        }
        Elementwise.backend(x).copy(raw(x, inter, interStrides, x.storageOffset()),
                raw(out, inter, Shapes.contiguousStrides(inter), 0));
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            long[] rDims = new long[n];
            for (int i = 0; i < n; i++) rDims[i] = 2L * i;
            Graph.record("RepeatBackward0", out, new Tensor[] {x}, null,
                    g -> new Tensor[] {n == 0 ? g[0] : g[0].reshape(inter).sum(rDims, false).reshape(in)});
        }
        return out;
    }

    /** {@code torch.tile}: like repeat, with missing leading repetitions taken as 1. */
    public static Tensor tile(Tensor x, long... dims) {
        int rank = x.dim();
        if (dims.length >= rank) return repeat(x, dims);
        long[] full = new long[rank];
        java.util.Arrays.fill(full, 1);
        System.arraycopy(dims, 0, full, rank - dims.length, dims.length);
        return repeat(x, full);
    }

    // ------------------------------------------------------------------ hstack, vstack

    public static Tensor hstack(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("hstack expects a non-empty TensorList");
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : tensors) parts.add(t.dim() == 0 ? t.reshape(1) : t);
        return Joins.cat(parts, parts.get(0).dim() == 1 ? 0 : 1);
    }

    public static Tensor vstack(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("vstack expects a non-empty TensorList");
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : tensors) parts.add(t.dim() == 0 ? t.reshape(1, 1) : t.dim() == 1 ? t.unsqueeze(0) : t);
        return Joins.cat(parts, 0);
    }
}
