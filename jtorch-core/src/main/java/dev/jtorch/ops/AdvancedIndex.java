package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Indexing with tensors: {@code x[idx]} (gather), {@code x[idx] = v} ({@code index_put_}),
 * {@code index_select} and {@code masked_select}, with their gradients. Masks become the coordinates of
 * their true elements; the index tensors broadcast together, and the result's dims follow PyTorch: the
 * broadcast index shape replaces the indexed dims where they are adjacent, else it comes first.
 */
public final class AdvancedIndex {
    private AdvancedIndex() {}

    /** An indexing problem laid out for the backend: see {@code Backend.advancedIndex}. */
    private record Plan(Tensor src, Tensor[] indices, long[] sizes, long[] strides, long[] outShape) {}

    /** Masks replaced by int64 coordinate tensors, one per dim the mask covers; null entries kept. */
    static List<Tensor> expandMasks(Tensor self, List<Tensor> indices) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : indices) {
            if (t == null) {
                out.add(null);
            } else if (t.dtype() == DType.BOOL || t.dtype() == DType.UINT8) {
                long[] ms = t.shapeRef();
                for (int j = 0; j < ms.length; j++) {
                    int src = out.size() + j;
                    if (src >= self.dim() || ms[j] != self.shapeRef()[src]) {
                        throw new IndexOutOfBoundsException("The shape of the mask " + Shapes.str(ms) + " at index " + j
                                + " does not match the shape of the indexed tensor " + Shapes.str(self.shapeRef())
                                + " at index " + src);
                    }
                }
                Tensor coords = Elementwise.backend(t).maskIndices(t);
                long n = coords.shapeRef()[0];
                for (int j = 0; j < ms.length; j++) {
                    out.add(new Tensor(coords.storage(), new long[] {n}, new long[] {ms.length}, j, DType.INT64));
                }
            } else if (t.dtype() == DType.INT64) {
                out.add(t);
            } else {
                throw new IndexOutOfBoundsException("tensors used as indices must be long, byte or bool tensors");
            }
        }
        return out;
    }

    private static Plan plan(Tensor self, List<Tensor> list) {
        int rank = self.dim();
        if (list.size() > rank) {
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + rank + " (got " + list.size() + ")");
        }
        long[] b = null;
        try {
            for (Tensor t : list) if (t != null) b = b == null ? t.shapeRef() : Shapes.broadcast(b, t.shapeRef());
        } catch (IllegalArgumentException e) {
            StringBuilder sb = new StringBuilder();
            for (Tensor t : list) {
                if (t == null) continue;
                if (sb.length() > 0) sb.append(", ");
                sb.append(Shapes.str(t.shapeRef()));
            }
            throw new IndexOutOfBoundsException("shape mismatch: indexing tensors could not be broadcast together with shapes " + sb);
        }
        Tensor[] per = new Tensor[rank];
        for (int i = 0; i < list.size(); i++) per[i] = list.get(i);
        int first = -1, last = -1, k = 0;
        for (int i = 0; i < rank; i++) {
            if (per[i] == null) continue;
            if (first < 0) first = i;
            last = i;
            k++;
        }
        Tensor src = self;
        if (last - first + 1 != k) {
            // indexed dims apart from each other: move them to the front, so the index shape leads the result
            long[] perm = new long[rank];
            Tensor[] moved = new Tensor[rank];
            int j = 0;
            for (int i = 0; i < rank; i++) if (per[i] != null) { moved[j] = per[i]; perm[j++] = i; }
            for (int i = 0; i < rank; i++) if (per[i] == null) perm[j++] = i;
            long[] ss = new long[rank], st = new long[rank];
            for (int i = 0; i < rank; i++) {
                ss[i] = self.shapeRef()[(int) perm[i]];
                st[i] = self.stridesRef()[(int) perm[i]];
            }
            src = new Tensor(self.storage(), ss, st, self.storageOffset(), self.dtype());
            per = moved;
            first = 0;
            last = k - 1;
        }
        long[] ss = src.shapeRef(), st = src.stridesRef();
        int before = first, after = rank - last - 1;
        long[] outShape = new long[before + b.length + after];
        long[] srcStrides = new long[outShape.length];
        for (int i = 0; i < before; i++) { outShape[i] = ss[i]; srcStrides[i] = st[i]; }
        for (int i = 0; i < b.length; i++) outShape[before + i] = b[i];
        for (int i = 0; i < after; i++) { outShape[before + b.length + i] = ss[last + 1 + i]; srcStrides[before + b.length + i] = st[last + 1 + i]; }
        long[] sizes = new long[k], strides = new long[k];
        Tensor[] idx = new Tensor[k];
        for (int j = 0; j < k; j++) {
            sizes[j] = ss[first + j];
            strides[j] = st[first + j];
            Tensor e = Elementwise.expandRaw(per[first + j], b);
            long[] is = new long[outShape.length];
            System.arraycopy(e.stridesRef(), 0, is, before, b.length);
            idx[j] = new Tensor(e.storage(), outShape, is, e.storageOffset(), DType.INT64);
        }
        Tensor restrided = new Tensor(src.storage(), outShape, srcStrides, src.storageOffset(), src.dtype());
        return new Plan(restrided, idx, sizes, strides, outShape);
    }

    // ------------------------------------------------------------------ x[indices]

    /** {@code self[indices]} where {@code indices} holds an index tensor (or null) per leading dim. */
    public static Tensor index(Tensor self, List<Tensor> indices) {
        List<Tensor> list = expandMasks(self, indices);
        Plan p = plan(self, list);
        Tensor out = Tensor.allocate(p.outShape(), self.dtype(), self.device());
        Elementwise.backend(self).advancedIndex(p.src(), p.indices(), p.sizes(), p.strides(), out);
        if (Graph.needsGrad(self)) {
            long[] shape = self.shapeRef();
            Graph.record("IndexBackward0", out, new Tensor[] {self}, null,
                    g -> new Tensor[] {indexPut(Torch.zeros(shape, g[0].dtype(), g[0].device()), list, g[0], true)});
        }
        return out;
    }

    // ------------------------------------------------------------------ index_put

    /** {@code torch.index_put(self, indices, values, accumulate)}: a copy of self with the values put. */
    public static Tensor indexPut(Tensor self, List<Tensor> indices, Tensor values, boolean accumulate) {
        if (values.dtype() != self.dtype()) {
            throw new IllegalArgumentException("Index put requires the source and destination dtypes match, got "
                    + InPlace.scalarTypeName(self.dtype()) + " for the destination and " + InPlace.scalarTypeName(values.dtype())
                    + " for the source.");
        }
        List<Tensor> list = expandMasks(self, indices);
        Tensor out = Tensor.allocate(self.shapeRef(), self.dtype(), self.device());
        Elementwise.backend(self).copy(self, out);
        Plan p = plan(out, list);
        if (!expandable(values.shapeRef(), p.outShape())) {
            throw new IllegalArgumentException("shape mismatch: value tensor of shape " + Shapes.str(values.shapeRef())
                    + " cannot be broadcast to indexing result of shape " + Shapes.str(p.outShape()));
        }
        Tensor v = Elementwise.expandRaw(values, p.outShape());
        Elementwise.backend(self).advancedIndexPut(p.src(), p.indices(), p.sizes(), p.strides(), v, accumulate);
        if (Graph.needsGrad(self, values)) {
            long[] vShape = values.shapeRef();
            Graph.record("IndexPutBackward0", out, new Tensor[] {self, values}, null, g -> new Tensor[] {
                    accumulate ? g[0] : indexPut(g[0], list, Torch.zeros(Shapes.SCALAR, g[0].dtype(), g[0].device()), false),
                    Views.sumToSize(index(g[0], list), vShape)});
        }
        return out;
    }

    /** {@code self.index_put_(indices, values, accumulate)}, through the in-place machinery (views included). */
    public static Tensor indexPutInPlace(Tensor self, List<Tensor> indices, Tensor values, boolean accumulate) {
        InPlace.checkWritable(self);
        return InPlace.assign(self, indexPut(self, indices, values, accumulate));
    }

    private static boolean expandable(long[] shape, long[] target) {
        if (shape.length > target.length) return false;
        for (int i = 0; i < shape.length; i++) {
            long s = shape[shape.length - 1 - i], t = target[target.length - 1 - i];
            if (s != t && s != 1) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ index_select, masked_select

    public static Tensor indexSelect(Tensor self, long dim, Tensor index) {
        if (index.dim() > 1) throw new IndexOutOfBoundsException("index_select(): Index is supposed to be a vector");
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException("index_select(): Expected dtype int32 or int64 for index");
        }
        int d = Shapes.wrapDim(dim, self.dim());
        Tensor idx = index.dtype() == DType.INT64 && index.dim() == 1 ? index : Elementwise.castRaw(index, DType.INT64).reshape(-1);
        long size = self.dim() == 0 ? 1 : self.shapeRef()[d];
        long[] onHost = idx.isCuda() ? idx.toLongArray() : null;   // one transfer, not one per element
        for (long i = 0; i < idx.numel(); i++) {
            long v = onHost != null ? onHost[(int) i] : idx.getLong(i);
            if (v < 0 || v >= size) throw new IndexOutOfBoundsException("index out of range in self");
        }
        if (self.dim() == 0) {
            // PyTorch gives a 0-d copy of self whatever the (in-range) index holds
            Tensor out = Views.contiguousCopy(self.detach());
            if (Graph.needsGrad(self)) Graph.record("IndexSelectBackward0", out, new Tensor[] {self}, null, g -> new Tensor[] {g[0]});
            return out;
        }
        long[] shape = self.shape();
        shape[d] = idx.numel();
        Tensor out = Tensor.allocate(shape, self.dtype(), self.device());
        Elementwise.backend(self).indexSelect(self.detach(), d, idx, out);
        if (Graph.needsGrad(self)) {
            long[] in = self.shapeRef();
            Graph.record("IndexSelectBackward0", out, new Tensor[] {self}, null,
                    g -> new Tensor[] {indexAdd(Torch.zeros(in, g[0].dtype(), g[0].device()), d, idx, g[0])});
        }
        return out;
    }

    /** Out of place {@code base.index_add(dim, index, source)}: the gradient of index_select. */
    static Tensor indexAdd(Tensor base, int dim, Tensor index, Tensor source) {
        Tensor out = Views.contiguousCopy(base.detach());
        Elementwise.backend(base).indexAdd(out, dim, index, source.detach().contiguous(), true);
        if (Graph.needsGrad(base, source)) {
            Graph.record("IndexAddBackward0", out, new Tensor[] {base, source}, null,
                    g -> new Tensor[] {g[0], indexSelect(g[0], dim, index)});
        }
        return out;
    }

    public static Tensor maskedSelect(Tensor self, Tensor mask) {
        if (mask.dtype() != DType.BOOL && mask.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("masked_select: expected BoolTensor or ByteTensor for mask");
        }
        long[] shape = Shapes.broadcast(mask.shapeRef(), self.shapeRef());
        if (shape.length == 0) shape = new long[] {1};
        Tensor xb = Elementwise.expandRaw(atLeast1d(self), shape), mb = Elementwise.expandRaw(atLeast1d(mask), shape);
        List<Tensor> list = expandMasks(mb, List.of(mb));
        Plan p = plan(xb, list);
        Tensor out = Tensor.allocate(p.outShape(), self.dtype(), self.device());
        Elementwise.backend(self).advancedIndex(p.src(), p.indices(), p.sizes(), p.strides(), out);
        if (Graph.needsGrad(self)) {
            long[] in = self.shapeRef(), bs = shape;
            Graph.record("MaskedSelectBackward0", out, new Tensor[] {self}, null, g -> new Tensor[] {
                    Views.sumToSize(indexPut(Torch.zeros(bs, g[0].dtype(), g[0].device()), list, g[0], true), in)});
        }
        return out;
    }

    private static Tensor atLeast1d(Tensor t) {
        return t.dim() > 0 ? t : new Tensor(t.storage(), new long[] {1}, new long[] {1}, t.storageOffset(), t.dtype());
    }
}
