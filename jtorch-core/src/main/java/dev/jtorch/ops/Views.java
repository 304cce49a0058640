package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.Backend;
import dev.jtorch.autograd.Graph;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.internal.Shapes;

import java.util.Arrays;

/**
 * Ops that return a view: a new shape, strides and offset over the same storage, no data moved. Each
 * records its PyTorch backward node; the gradients are written with differentiable ops.
 */
public final class Views {
    private Views() {}

    private static Tensor make(Tensor x, long[] shape, long[] strides, long offset) {
        return new Tensor(x.storage(), shape, strides, offset, x.dtype()).asViewOf(x);
    }

    // ------------------------------------------------------------------ reshaping

    public static Tensor view(Tensor x, long... requested) {
        return view(x, "ViewBackward0", requested);
    }

    /** {@code nodeName}: a reshape that can view is PyTorch 1.13's _reshape_alias, recorded as ReshapeAliasBackward0. */
    private static Tensor view(Tensor x, String nodeName, long... requested) {
        long[] shape = Shapes.inferSize(requested, x.numel());
        long[] strides = Shapes.viewStrides(x.shapeRef(), x.stridesRef(), shape);
        if (strides == null) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least one"
                    + " dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        }
        Tensor out = make(x, shape, strides, x.storageOffset());
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            Graph.record(nodeName, out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].reshape(in)});
        }
        return out;
    }

    /** A view when the strides allow one, else a contiguous copy reshaped. */
    public static Tensor reshape(Tensor x, long... requested) {
        long[] shape = Shapes.inferSize(requested, x.numel());
        if (Shapes.viewStrides(x.shapeRef(), x.stridesRef(), shape) != null) return view(x, "ReshapeAliasBackward0", shape);
        Tensor copy = contiguousCopy(x);
        Tensor out = new Tensor(copy.storage(), shape, Shapes.contiguousStrides(shape), 0, x.dtype());
        if (Graph.needsGrad(copy)) {
            long[] in = copy.shapeRef();
            Graph.record("UnsafeViewBackward0", out, new Tensor[] {copy}, null, g -> new Tensor[] {g[0].reshape(in)});
        }
        return out;
    }

    public static Tensor flatten(Tensor x, long startDim, long endDim) {
        int rank = x.dim();
        if (rank == 0) return reshape(x, 1);
        int s = Shapes.wrapDim(startDim, rank), e = Shapes.wrapDim(endDim, rank);
        if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (s == e) return x;
        long[] xs = x.shapeRef();
        long[] shape = new long[rank - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) shape[j++] = xs[i];
        long prod = 1;
        for (int i = s; i <= e; i++) prod *= xs[i];
        shape[j++] = prod;
        for (int i = e + 1; i < rank; i++) shape[j++] = xs[i];
        return reshape(x, shape);
    }

    public static Tensor unflatten(Tensor x, long dim, long... sizes) {
        int d = Shapes.wrapDim(dim, x.dim());
        long[] xs = x.shapeRef();
        long[] inferred;
        try {
            inferred = Shapes.inferSize(sizes, xs[d]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unflatten: Provided sizes " + Shapes.str(sizes)
                    + " don't multiply up to the size of dim " + dim + " (" + xs[d] + ") in the input tensor");
        }
        long[] shape = new long[xs.length - 1 + inferred.length];
        int j = 0;
        for (int i = 0; i < d; i++) shape[j++] = xs[i];
        for (long v : inferred) shape[j++] = v;
        for (int i = d + 1; i < xs.length; i++) shape[j++] = xs[i];
        return view(x, shape);
    }

    public static Tensor squeeze(Tensor x) {
        long[] xs = x.shapeRef(), st = x.stridesRef();
        int n = 0;
        for (long v : xs) if (v != 1) n++;
        long[] shape = new long[n], strides = new long[n];
        int j = 0;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] != 1) { shape[j] = xs[i]; strides[j++] = st[i]; }
        }
        Tensor out = make(x, shape, strides, x.storageOffset());
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            Graph.record("SqueezeBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].reshape(in)});
        }
        return out;
    }

    public static Tensor squeeze(Tensor x, long dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() == 0 || x.shapeRef()[d] != 1) {
            Tensor out = make(x, x.shapeRef(), x.stridesRef(), x.storageOffset());
            if (Graph.needsGrad(x)) Graph.record("SqueezeBackward1", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0]});
            return out;
        }
        Tensor out = make(x, remove(x.shapeRef(), d), remove(x.stridesRef(), d), x.storageOffset());
        if (Graph.needsGrad(x)) {
            Graph.record("SqueezeBackward1", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].unsqueeze(d)});
        }
        return out;
    }

    public static Tensor unsqueeze(Tensor x, long dim) {
        int d = Shapes.wrapDim(dim, x.dim() + 1);
        long[] xs = x.shapeRef(), st = x.stridesRef();
        long newStride = d < xs.length ? xs[d] * st[d] : 1;
        Tensor out = make(x, insert(xs, d, 1), insert(st, d, newStride), x.storageOffset());
        if (Graph.needsGrad(x)) {
            Graph.record("UnsqueezeBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].squeeze(d)});
        }
        return out;
    }

    // ------------------------------------------------------------------ reordering dims

    public static Tensor transpose(Tensor x, long dim0, long dim1) {
        int r = x.dim();
        int a = Shapes.wrapDim(dim0, r), b = Shapes.wrapDim(dim1, r);
        long[] shape = x.shape(), strides = x.stride();
        if (r > 0) {
            swap(shape, a, b);
            swap(strides, a, b);
        }
        Tensor out = make(x, shape, strides, x.storageOffset());
        if (Graph.needsGrad(x)) {
            Graph.record("TransposeBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].transpose(a, b)});
        }
        return out;
    }

    public static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + x.dim() + "D");
        }
        Tensor out = x.dim() < 2 ? make(x, x.shapeRef(), x.stridesRef(), x.storageOffset())
                : make(x, new long[] {x.shapeRef()[1], x.shapeRef()[0]}, new long[] {x.stridesRef()[1], x.stridesRef()[0]},
                        x.storageOffset());
        if (Graph.needsGrad(x)) Graph.record("TBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].t()});
        return out;
    }

    public static Tensor permute(Tensor x, long... dims) {
        int r = x.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not match "
                    + "the length of the desired ordering of dimensions i.e. input.dim() = " + r
                    + " is not equal to len(dims) = " + dims.length);
        }
        long[] shape = new long[r], strides = new long[r];
        long[] inverse = new long[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int d = Shapes.wrapDim(dims[i], r);
            if (seen[d]) throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            seen[d] = true;
            shape[i] = x.shapeRef()[d];
            strides[i] = x.stridesRef()[d];
            inverse[d] = i;
        }
        Tensor out = make(x, shape, strides, x.storageOffset());
        if (Graph.needsGrad(x)) Graph.record("PermuteBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0].permute(inverse)});
        return out;
    }

    // ------------------------------------------------------------------ broadcasting

    public static Tensor expand(Tensor x, long... sizes) {
        long[] xs = x.shapeRef();
        if (sizes.length < xs.length) {
            throw new IllegalArgumentException("expand(" + typeDesc(x) + "{" + Shapes.str(xs) + "}, size=" + Shapes.str(sizes)
                    + "): the number of sizes provided (" + sizes.length + ") must be greater or equal to the number of "
                    + "dimensions in the tensor (" + xs.length + ")");
        }
        long[] shape = sizes.clone();
        int lead = sizes.length - xs.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (i < lead) throw new IllegalArgumentException("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension " + i);
                shape[i] = xs[i - lead];
            }
        }
        Tensor raw = Elementwise.expandRaw(x, shape);
        Tensor out = make(x, raw.shapeRef(), raw.stridesRef(), raw.storageOffset());
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            Graph.record("ExpandBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {sumToSize(g[0], in)});
        }
        return out;
    }

    /** Sums a broadcast gradient back to {@code shape} (PyTorch's {@code sum_to_size}). */
    public static Tensor sumToSize(Tensor g, long[] shape) {
        long[] gs = g.shapeRef();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        long[] dims = new long[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[n++] = i;
        }
        Tensor r = g;
        if (n > 0) r = Reductions.sum(g, Arrays.copyOf(dims, n), true, null);
        if (lead > 0 || !Arrays.equals(r.shapeRef(), shape)) r = r.view(shape);
        return r;
    }

    // ------------------------------------------------------------------ selecting

    public static Tensor narrow(Tensor x, long dim, long start, long length) {
        if (x.dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        long size = x.shapeRef()[d];
        if (start != size) start = Shapes.wrapIndex(start, size);
        if (length < 0 || start > size - length) {
            throw new IllegalArgumentException("start (" + start + ") + length (" + length + ") exceeds dimension size (" + size + ").");
        }
        return slice(x, d, start, start + length, 1);
    }

    public static Tensor slice(Tensor x, long dim, long start, long end, long step) {
        if (x.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive");
        int d = Shapes.wrapDim(dim, x.dim());
        long size = x.shapeRef()[d];
        if (start < 0) start += size;
        if (end < 0) end += size;
        start = Math.min(Math.max(start, 0), size);
        end = Math.min(Math.max(end, start), size);
        long len = (end - start + step - 1) / step;
        long[] shape = x.shape(), strides = x.stride();
        shape[d] = len;
        strides[d] = strides[d] * step;
        Tensor out = make(x, shape, strides, x.storageOffset() + start * x.stridesRef()[d]);
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            long s0 = start;
            long[] cs = Shapes.contiguousStrides(in);
            long[] vStrides = cs.clone();
            vStrides[d] = cs[d] * step;
            Graph.record("SliceBackward0", out, new Tensor[] {x}, null,
                    g -> new Tensor[] {viewScatter(g[0], in, shape, vStrides, s0 * cs[d], "SliceBackwardBackward0")});
        }
        return out;
    }

    public static Tensor select(Tensor x, long dim, long index) {
        if (x.dim() == 0) throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        long size = x.shapeRef()[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
                    + Shapes.str(x.shapeRef()) + " at dimension " + d);
        }
        long i = index < 0 ? index + size : index;
        Tensor out = make(x, remove(x.shapeRef(), d), remove(x.stridesRef(), d), x.storageOffset() + i * x.stridesRef()[d]);
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            long[] cs = Shapes.contiguousStrides(in);
            long[] outShape = out.shapeRef();
            Graph.record("SelectBackward0", out, new Tensor[] {x}, null,
                    g -> new Tensor[] {viewScatter(g[0], in, outShape, remove(cs, d), i * cs[d], "SelectBackwardBackward0")});
        }
        return out;
    }

    public static Tensor unfold(Tensor x, long dim, long size, long step) {
        int d = x.dim() == 0 ? 0 : Shapes.wrapDim(dim, x.dim());
        long dimSize = x.dim() == 0 ? 1 : x.shapeRef()[d];
        if (size > dimSize) {
            throw new IllegalArgumentException("maximum size for tensor at dimension " + d + " is " + dimSize + " but size is " + size);
        }
        if (step <= 0) throw new IllegalArgumentException("step is " + step + " but must be > 0");
        long[] xs = x.shapeRef(), st = x.stridesRef();
        long[] shape = Arrays.copyOf(xs, xs.length + 1), strides = Arrays.copyOf(st, st.length + 1);
        if (x.dim() == 0) {
            shape = new long[] {size};
            strides = new long[] {1};
        } else {
            shape[d] = (dimSize - size) / step + 1;
            strides[d] = st[d] * step;
            shape[xs.length] = size;
            strides[xs.length] = st[d];
        }
        Tensor out = make(x, shape, strides, x.storageOffset());
        if (Graph.needsGrad(x)) {
            long[] in = x.shapeRef();
            long[] cs = Shapes.contiguousStrides(in);
            long[] vShape = shape;
            long[] vStrides = Arrays.copyOf(cs, cs.length + 1);
            if (x.dim() > 0) {
                vStrides[d] = cs[d] * step;
                vStrides[cs.length] = cs[d];
            } else {
                vStrides = new long[] {0};
            }
            long[] fvs = vStrides;
            Graph.record("UnfoldBackward0", out, new Tensor[] {x}, null,
                    g -> new Tensor[] {viewScatter(g[0], in, vShape, fvs, 0, "UnfoldBackwardBackward0")});
        }
        return out;
    }

    public static Tensor asStrided(Tensor x, long[] size, long[] stride, long storageOffset) {
        if (size.length != stride.length) {
            throw new IllegalArgumentException("mismatch in length of strides and shape");
        }
        long maxIndex = storageOffset;
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || stride[i] < 0) throw new IllegalArgumentException("as_strided: Negative strides are not supported at the moment, got strides: " + Shapes.str(stride));
            if (size[i] == 0) { maxIndex = -1; break; }
            maxIndex += (size[i] - 1) * stride[i];
        }
        long capacity = x.storage().byteSize() / x.dtype().itemSize();
        if (maxIndex >= capacity) {
            throw new IllegalArgumentException("setStorage: sizes " + Shapes.str(size) + ", strides " + Shapes.str(stride)
                    + ", storage offset " + storageOffset + ", and itemsize " + x.dtype().itemSize() + " requiring a storage size of "
                    + (maxIndex + 1) * x.dtype().itemSize() + " are out of bounds for storage of size " + x.storage().byteSize());
        }
        Tensor out = make(x, size.clone(), stride.clone(), storageOffset);
        if (Graph.needsGrad(x)) {
            if (!x.isContiguous()) {
                throw new UnsupportedOperationException("as_strided backward is supported only for contiguous inputs");
            }
            long[] in = x.shapeRef();
            long rel = storageOffset - x.storageOffset();
            long[] sz = size.clone(), sd = stride.clone();
            Graph.record("AsStridedBackward0", out, new Tensor[] {x}, null,
                    g -> new Tensor[] {viewScatter(g[0], in, sz, sd, rel, "AsStridedBackwardBackward0")});
        }
        return out;
    }

    /**
     * The gradient of a view: zeros of the base's shape with {@code g} added into the region the view
     * covered (given as size/strides/offset on a contiguous base). Overlapping windows accumulate. Its own
     * gradient is the same view of the incoming gradient, so double backward works.
     */
    static Tensor viewScatter(Tensor g, long[] baseShape, long[] size, long[] strides, long offset, String name) {
        Tensor base = Tensor.allocate(baseShape, g.dtype(), g.device());
        Tensor region = new Tensor(base.storage(), size, strides, offset, g.dtype());
        Tensor src = g.isContiguous() ? g.detach() : contiguousCopy(g.detach());
        Elementwise.backend(g).binary(BinaryOp.ADD, region, src, region);
        if (Graph.needsGrad(g)) {
            Graph.record(name, base, new Tensor[] {g}, null,
                    gg -> {
                        Tensor c = gg[0].contiguous();
                        return new Tensor[] {c.asStrided(size, strides, c.storageOffset() + offset)};
                    });
        }
        return base;
    }

    // ------------------------------------------------------------------ copies

    /** A new zero-filled tensor laid out like {@code x} ({@code empty_like} with memory_format=preserve). */
    public static Tensor emptyLike(Tensor x, DType dtype) {
        long[] strides = Shapes.preservedStrides(x.shapeRef(), x.stridesRef());
        Storage s = Backend.of(x.device()).allocate(dtype, Shapes.storageSize(x.shapeRef(), strides));
        return new Tensor(s, x.shape(), strides, 0, dtype);
    }

    /** {@code clone()}: a copy that keeps x's dim order (memory_format=preserve); CloneBackward0. */
    public static Tensor clone(Tensor x) {
        Tensor out = emptyLike(x, x.dtype());
        Elementwise.backend(x).copy(x, out);
        if (Graph.needsGrad(x)) Graph.record("CloneBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0]});
        return out;
    }

    /** A contiguous copy ({@code contiguous()}); CloneBackward0 passes the gradient through. */
    public static Tensor contiguousCopy(Tensor x) {
        Tensor out = Tensor.allocate(x.shapeRef(), x.dtype(), x.device());
        Elementwise.backend(x).copy(x, out);
        if (Graph.needsGrad(x)) Graph.record("CloneBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0]});
        return out;
    }

    // ------------------------------------------------------------------ helpers

    static long[] remove(long[] a, int i) {
        long[] r = new long[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    static long[] insert(long[] a, int i, long v) {
        long[] r = new long[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = v;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    static String typeDesc(Tensor x) {
        return switch (x.dtype()) {
            case FLOAT32 -> "torch.FloatTensor";
            case FLOAT64 -> "torch.DoubleTensor";
            case FLOAT16 -> "torch.HalfTensor";
            case BFLOAT16 -> "CPUBFloat16Type";
            case INT64 -> "torch.LongTensor";
            case INT32 -> "torch.IntTensor";
            case INT16 -> "torch.ShortTensor";
            case INT8 -> "torch.CharTensor";
            case UINT8 -> "torch.ByteTensor";
            case BOOL -> "CPUBoolType";
        };
    }
}
