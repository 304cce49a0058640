package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.List;

/** Joining tensors (cat, stack) and splitting them into views (chunk, split, unbind). */
public final class Joins {
    private Joins() {}

    public static Tensor cat(List<Tensor> tensors, long dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        // PyTorch skips 1-d empty tensors (legacy behaviour) when choosing the shape
        Tensor ref = null;
        for (Tensor t : tensors) {
            if (!(t.dim() == 1 && t.numel() == 0)) { ref = t; break; }
        }
        if (ref == null) {
            // only legacy empty tensors: PyTorch neither checks dim nor concatenates
            return Tensor.allocate(new long[] {0}, Elementwise.resultType(tensors.toArray(new Tensor[0])), tensors.get(0).device());
        }
        if (ref.dim() == 0) {
            throw new IllegalArgumentException("zero-dimensional tensor (at position " + tensors.indexOf(ref) + ") cannot be concatenated");
        }
        int d = Shapes.wrapDim(dim, ref.dim());
        DType t = Elementwise.resultType(tensors.toArray(new Tensor[0]));
        long[] shape = ref.shape();
        long total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor x = tensors.get(i);
            if (x.dim() == 1 && x.numel() == 0) continue;
            if (x.dim() == 0) throw new IllegalArgumentException("zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            if (x.dim() != ref.dim()) {
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + ref.dim() + " and " + x.dim());
            }
            for (int k = 0; k < shape.length; k++) {
                if (k != d && x.shapeRef()[k] != shape[k]) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d + ". Expected size "
                            + shape[k] + " but got size " + x.shapeRef()[k] + " for tensor number " + i + " in the list.");
                }
            }
            total += x.shapeRef()[d];
        }
        shape[d] = total;
        Tensor out = Tensor.allocate(shape, t, ref.device());
        long pos = 0;
        long[] sizes = new long[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor x = tensors.get(i);
            if (x.dim() == 1 && x.numel() == 0) continue;
            long n = x.shapeRef()[d];
            sizes[i] = n;
            Tensor region = out.detach().narrow(d, pos, n);
            Elementwise.backend(out).copy(x, region);
            pos += n;
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        if (Graph.needsGrad(inputs)) {
            Graph.record("CatBackward0", out, inputs, null, g -> {
                Tensor[] r = new Tensor[inputs.length];
                long p = 0;
                for (int i = 0; i < inputs.length; i++) {
                    if (inputs[i].dim() == 1 && inputs[i].numel() == 0) {
                        r[i] = dev.jtorch.Torch.zerosLike(inputs[i]);
                        continue;
                    }
                    r[i] = g[0].narrow(d, p, sizes[i]);
                    p += sizes[i];
                }
                return r;
            });
        }
        return out;
    }

    public static Tensor stack(List<Tensor> tensors, long dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty TensorList");
        long[] shape = tensors.get(0).shapeRef();
        int d = Shapes.wrapDim(dim, shape.length + 1);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!java.util.Arrays.equals(t.shapeRef(), shape)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shapes.str(shape)
                        + " at entry 0 and " + Shapes.str(t.shapeRef()) + " at entry " + i);
            }
        }
        Tensor out;
        try (var ng = GradMode.set(false)) {
            for (Tensor t : tensors) parts.add(t.unsqueeze(d));
            out = cat(parts, d);
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        if (Graph.needsGrad(inputs)) {
            // one StackBackward0 node, as in PyTorch, rather than cat's over unsqueezed views
            Graph.record("StackBackward0", out, inputs, null, g -> {
                Tensor[] r = new Tensor[inputs.length];
                for (int i = 0; i < r.length; i++) r[i] = g[0].select(d, i);
                return r;
            });
        }
        return out;
    }

    /** Gives the pieces of a split one multi-output node whose gradient concatenates theirs (PyTorch's SplitBackward0). */
    private static List<Tensor> recordPieces(String name, Tensor x, List<Tensor> pieces, int d, boolean stacked) {
        if (!Graph.needsGrad(x)) return pieces;
        Tensor[] outs = pieces.toArray(new Tensor[0]);
        Graph.recordMulti(name, outs, new Tensor[] {x}, null, g -> new Tensor[] {
                stacked ? stack(java.util.Arrays.asList(g), d) : cat(java.util.Arrays.asList(g), d)});
        return pieces;
    }

    public static List<Tensor> chunk(Tensor x, long chunks, long dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        int d = Shapes.wrapDim(dim, x.dim());
        long size = x.shapeRef()[d];
        long splitSize = (size + chunks - 1) / chunks;
        if (splitSize == 0 && size == 0) {
            List<Tensor> out = new ArrayList<>();
            for (long i = 0; i < chunks; i++) out.add(x.narrow(d, 0, 0));
            return out;
        }
        return split(x, splitSize, d);
    }

    public static List<Tensor> split(Tensor x, long splitSize, long dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        if (splitSize < 0) throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + splitSize);
        int d = Shapes.wrapDim(dim, x.dim());
        long size = x.shapeRef()[d];
        if (splitSize == 0 && size != 0) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of " + size);
        }
        List<Tensor> out = new ArrayList<>();
        if (size == 0) {
            out.add(x.narrow(d, 0, 0));
            return out;
        }
        try (var ng = GradMode.set(false)) {
            for (long start = 0; start < size; start += splitSize) {
                out.add(x.narrow(d, start, Math.min(splitSize, size - start)));
            }
        }
        return recordPieces("SplitBackward0", x, out, d, false);
    }

    public static List<Tensor> splitWithSizes(Tensor x, long[] sizes, long dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        long size = x.shapeRef()[d];
        long sum = 0;
        for (long s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=" + Shapes.str(sizes));
            sum += s;
        }
        if (sum != size) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + size
                    + " (input tensor's size at dimension " + dim + "), but got split_sizes=" + Shapes.str(sizes));
        }
        List<Tensor> out = new ArrayList<>();
        long start = 0;
        try (var ng = GradMode.set(false)) {
            for (long s : sizes) {
                out.add(x.narrow(d, start, s));
                start += s;
            }
        }
        return recordPieces("SplitWithSizesBackward0", x, out, d, false);
    }

    public static List<Tensor> unbind(Tensor x, long dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as " + d + " but tensor has no dimensions");
        List<Tensor> out = new ArrayList<>();
        try (var ng = GradMode.set(false)) {
            for (long i = 0; i < x.shapeRef()[d]; i++) out.add(x.select(d, i));
        }
        return recordPieces("UnbindBackward0", x, out, d, true);
    }
}
