package dev.jtorch.ops;

import dev.jtorch.DType;
import dev.jtorch.IndexSymbol;
import dev.jtorch.Slice;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.Graph;
import dev.jtorch.internal.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Python's subscript, {@code x[...]} and {@code x[...] = v}, as PyTorch 1.13 implements it: integers,
 * slices, None and Ellipsis give a view (select, slice, unsqueeze); index tensors and masks then gather
 * through {@link AdvancedIndex}. The order of steps, the dims error messages name and the quirks (an
 * index tensor moves the dim cursor by one even when it is a multi-dim mask) follow
 * {@code torch/csrc/autograd/python_variable_indexing.cpp}.
 */
public final class Indexing {
    private Indexing() {}

    // ------------------------------------------------------------------ x[...]

    public static Tensor get(Tensor self, String index) {
        IndexParser.Parsed p = IndexParser.parse(index);
        return get(self, p.items(), p.tuple());
    }

    /** {@code x[i0, i1, ...]} from Java index objects; one object behaves as Python's lone (non-tuple) index. */
    public static Tensor get(Tensor self, Object[] index) {
        return get(self, index, index.length != 1);
    }

    static Tensor get(Tensor self, Object[] items, boolean tuple) {
        Object[] idx = normalize(items);
        if (!tuple) {
            Object o = idx[0];
            if (o == IndexSymbol.NEWAXIS) return self.unsqueeze(0);
            if (o == IndexSymbol.ELLIPSIS) return alias(self);
            if (o instanceof Long v) return applySelect(self, 0, v, 0);
            if (o instanceof Slice s) {
                Tensor r = applySlice(self, 0, s);
                return r == self ? alias(self) : r;
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        Tensor sliced = applySlicing(self, idx, tensors);
        if (tensors.isEmpty()) return sliced == self ? alias(self) : sliced;
        return AdvancedIndex.index(sliced, tensors);
    }

    // ------------------------------------------------------------------ x[...] = value

    public static Tensor set(Tensor self, String index, Tensor value) {
        IndexParser.Parsed p = IndexParser.parse(index);
        return set(self, p.items(), p.tuple(), value);
    }

    public static Tensor set(Tensor self, Object[] index, Tensor value) {
        return set(self, index, index.length != 1, value);
    }

    /** A Java number assigned through an index takes self's dtype first, as a Python scalar does. */
    public static Tensor scalarValue(Tensor self, double value) {
        return Torch.full(Shapes.SCALAR, value, self.dtype());
    }

    static Tensor set(Tensor self, Object[] items, boolean tuple, Tensor value) {
        Object[] idx = normalize(items);
        if (!tuple) {
            Object o = idx[0];
            if (Boolean.FALSE.equals(o)) return self;
            if (o == IndexSymbol.ELLIPSIS) return copyTo(self, value);
            if (o == IndexSymbol.NEWAXIS || Boolean.TRUE.equals(o)) {
                copyTo(self.unsqueeze(0), value);
                return self;
            }
            if (o instanceof Long v) {
                copyTo(applySelect(self, 0, v, 0), value);
                return self;
            }
            if (o instanceof Slice s) {
                copyTo(applySlice(self, 0, s), value);
                return self;
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        Tensor sliced = applySlicing(self, idx, tensors);
        if (tensors.isEmpty()) {
            copyTo(sliced, value);
            return self;
        }
        long[] vs = stripLeadingOnes(value.shapeRef());
        Tensor v = vs.length == value.dim() ? value : value.view(vs);
        AdvancedIndex.indexPutInPlace(sliced, tensors, v, false);
        return self;
    }

    /** PyTorch's {@code copy_to}: the value loses its leading size-1 dims, then broadcasts into dst. */
    private static Tensor copyTo(Tensor dst, Tensor src) {
        if (src.dim() == 0 && !Arrays.equals(dst.shapeRef(), src.shapeRef())) {
            // PyTorch fills from a 0-d value (fill_.Tensor, FillBackward3)
            InPlace.checkWritable(dst);
            Tensor value = Elementwise.expandRaw(src.dtype() == dst.dtype() ? src.detach() : Elementwise.castRaw(src, dst.dtype()),
                    dst.shapeRef());
            if (Graph.needsGrad(src, dst) && dst.isFloatingPoint()) value = InPlace.passThrough("FillBackward3", value, src);
            return InPlace.assign(dst, value);
        }
        if (Arrays.equals(dst.shapeRef(), src.shapeRef())) return dst.copy_(src);
        long[] s = stripLeadingOnes(src.shapeRef());
        Tensor v = s.length == src.dim() ? src : src.view(s);
        // setitem checks with expand_inplace, whose message differs from copy_'s broadcast error
        if (v.dim() <= dst.dim()) Elementwise.expandRaw(v, dst.shapeRef());
        return dst.copy_(v);
    }

    private static long[] stripLeadingOnes(long[] shape) {
        int i = 0;
        while (i < shape.length && shape[i] == 1) i++;
        return Arrays.copyOfRange(shape, i, shape.length);
    }

    // ------------------------------------------------------------------ the basic-indexing pass

    /** Java index objects in the parser's vocabulary: Long, Boolean, Slice, IndexSymbol, Tensor. */
    private static Object[] normalize(Object[] items) {
        Object[] out = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
            Object o = items[i];
            out[i] = switch (o) {
                case null -> IndexSymbol.NEWAXIS;
                case Long l -> l;
                case Integer n -> (long) n;
                case Short n -> (long) n;
                case Byte n -> (long) n;
                case Boolean b -> b;
                case Slice s -> s;
                case IndexSymbol s -> s;
                case Tensor t -> t;
                case List<?> l -> listTensor(Torch.tensor(l));
                default -> {
                    if (o.getClass().isArray()) yield listTensor(Torch.tensor(o));
                    throw new IndexOutOfBoundsException("only integers, slices (`:`), ellipsis (`...`), None and long or "
                            + "byte Variables are valid indices (got " + o.getClass().getSimpleName() + ")");
                }
            };
        }
        return out;
    }

    private static Tensor listTensor(Tensor t) {
        return t.numel() == 0 ? t.to(DType.INT64) : t;
    }

    private static boolean isMask(Tensor t) {
        return t.dtype() == DType.BOOL || t.dtype() == DType.UINT8;
    }

    /**
     * Applies integers, slices, None, Ellipsis and 0-d tensors as views, collecting index tensors at the dims
     * they index ({@code tensors} gets null entries for dims without one).
     */
    private static Tensor applySlicing(Tensor self, Object[] idx, List<Tensor> tensors) {
        int rank = self.dim();
        long specified = 0;
        for (Object o : idx) {
            if (o instanceof Tensor t) specified += isMask(t) ? t.dim() : 1;
            else if (o instanceof Long || o instanceof Slice) specified++;
        }
        if (specified > rank) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + rank);
        Tensor result = self;
        int dim = 0;
        for (int i = 0; i < idx.length; i++) {
            Object o = idx[i];
            if (o instanceof Long v) {
                result = applySelect(result, dim, v, i);
            } else if (o instanceof Slice s) {
                result = applySlice(result, dim, s);
                dim++;
            } else if (o == IndexSymbol.ELLIPSIS) {
                dim += (int) (rank - specified);
            } else if (o == IndexSymbol.NEWAXIS) {
                result = result.unsqueeze(dim);
                dim++;
            } else if (o instanceof Boolean b) {
                result = result.unsqueeze(dim);
                record(tensors, dim++, boolIndex(b));
            } else if (o instanceof Tensor t) {
                if (t.dim() == 0 && !t.isFloatingPoint()) {
                    if (!isMask(t)) {
                        result = applySelect(result, dim, t.itemLong(), i);
                    } else {
                        result = result.unsqueeze(dim);
                        record(tensors, dim++, boolIndex(t.itemBool()));
                    }
                } else {
                    record(tensors, dim++, t);
                }
            }
        }
        return result;
    }

    private static Tensor boolIndex(boolean b) {
        return b ? Torch.zeros(new long[] {1}, DType.INT64) : Torch.zeros(new long[] {0}, DType.INT64);
    }

    private static void record(List<Tensor> tensors, int dim, Tensor t) {
        while (tensors.size() <= dim) tensors.add(null);
        tensors.set(dim, t);
    }

    /** {@code realDim} is the position in the index tuple, which is what PyTorch's message names. */
    private static Tensor applySelect(Tensor self, int dim, long index, int realDim) {
        if (index == 0 && dim == 0 && self.dim() == 0) {
            throw new IndexOutOfBoundsException("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                    + "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
        }
        long size = self.dim() == 0 ? 0 : self.shapeRef()[dim];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension " + realDim + " with size " + size);
        }
        return self.select(dim, index);
    }

    private static Tensor applySlice(Tensor self, int dim, Slice s) {
        long step = s.step() == null ? 1 : s.step();
        if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
        if (step < 0) throw new IllegalArgumentException("step must be greater than zero");
        if (self.dim() == 0) throw new IndexOutOfBoundsException("slice() cannot be applied to a 0-dim tensor.");
        long start = s.start() == null ? 0 : s.start();
        long stop = s.stop() == null ? Long.MAX_VALUE : s.stop();
        // PyTorch hands back self itself for an explicit full-range slice, which matters for in-place checks
        if (start == 0 && stop == self.shapeRef()[dim] && step == 1) return self;
        return self.slice(dim, start, stop, step);
    }

    /** A view of the whole tensor ({@code x[...]}, {@code at::alias}). */
    static Tensor alias(Tensor x) {
        Tensor out = new Tensor(x.storage(), x.shapeRef(), x.stridesRef(), x.storageOffset(), x.dtype()).asViewOf(x);
        if (Graph.needsGrad(x)) Graph.record("AliasBackward0", out, new Tensor[] {x}, null, g -> new Tensor[] {g[0]});
        return out;
    }
}
