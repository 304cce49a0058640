package dev.jtorch;

import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Scalars;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Turns Java scalars, arrays of any depth and nested Lists into a new tensor (always a copy). */
final class TensorBuilder {
    private TensorBuilder() {}

    static Tensor build(Object data, DType dtype) {
        if (data instanceof Tensor t) return t.detach().clone();
        List<Long> shape = new ArrayList<>();
        shapeOf(data, shape);
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        List<Object> flat = new ArrayList<>();
        DType inferred = flatten(data, 0, dims, flat, null);
        DType t = dtype != null ? dtype : inferred == null ? Torch.getDefaultDtype() : inferred;
        String checked = dtype == null ? null : Scalars.creationName(t);
        if (checked != null) {
            for (Object v : flat) {
                if (v instanceof Double d) Scalars.checkDouble(d, t, checked);
                else if (v instanceof Float f) Scalars.checkDouble(f, t, checked);
                else if (v instanceof Number n) Scalars.checkLong(n.longValue(), t, checked);
            }
        }
        Tensor out = Tensor.allocate(dims, t, Device.CPU);
        var seg = out.segment();
        for (int i = 0; i < flat.size(); i++) {
            Object v = flat.get(i);
            switch (v) {
                case Boolean b -> Mem.setLong(seg, t, i, b ? 1 : 0);
                case Double d -> Mem.setDouble(seg, t, i, d);
                case Float f -> Mem.setDouble(seg, t, i, f);
                case Number n -> Mem.setLong(seg, t, i, n.longValue());
                default -> throw new IllegalArgumentException("Could not infer dtype of " + v.getClass().getSimpleName());
            }
        }
        return out;
    }

    private static boolean isSequence(Object o) {
        return o instanceof List<?> || (o != null && o.getClass().isArray());
    }

    private static int length(Object o) {
        return o instanceof List<?> l ? l.size() : Array.getLength(o);
    }

    private static Object at(Object o, int i) {
        return o instanceof List<?> l ? l.get(i) : Array.get(o, i);
    }

    private static void shapeOf(Object o, List<Long> shape) {
        while (isSequence(o)) {
            int n = length(o);
            shape.add((long) n);
            if (n == 0) return;
            o = at(o, 0);
        }
    }

    /** Flattens row-major, checking every level has the same length, and infers the dtype. */
    private static DType flatten(Object o, int depth, long[] dims, List<Object> out, DType seen) {
        if (depth == dims.length) {
            if (isSequence(o)) throw new IllegalArgumentException("expected a scalar at depth " + depth + " but found a sequence");
            if (o == null) throw new IllegalArgumentException("Could not infer dtype of null");
            out.add(o);
            DType t = switch (o) {
                case Boolean b -> DType.BOOL;
                case Double d -> Torch.getDefaultDtype();
                case Float f -> Torch.getDefaultDtype();
                case Long l -> DType.INT64;
                case Integer i -> DType.INT64;
                case Short s -> DType.INT64;
                case Byte b -> DType.INT64;
                default -> throw new IllegalArgumentException("Could not infer dtype of " + o.getClass().getSimpleName());
            };
            return seen == null ? t : DType.promoteTypes(seen, t);
        }
        if (!isSequence(o)) throw new IllegalArgumentException("not a sequence"); // PyTorch's TypeError text
        int n = length(o);
        if (n != dims[depth]) {
            throw new IllegalArgumentException("expected sequence of length " + dims[depth] + " at dim " + depth + " (got " + n + ")");
        }
        for (int i = 0; i < n; i++) seen = flatten(at(o, i), depth + 1, dims, out, seen);
        return seen;
    }
}
