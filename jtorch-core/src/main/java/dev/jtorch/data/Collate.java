package dev.jtorch.data;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Batch assembly: PyTorch's {@code default_collate}, for Java's types. */
public final class Collate {
    private Collate() {}

    /**
     * Merges a list of samples into a batch ({@code torch.utils.data.default_collate}), following the
     * structure of the first sample:
     * <ul>
     *   <li>{@link Tensor}s are stacked along a new first dimension ({@code torch.stack});</li>
     *   <li>Java integers ({@code Integer}, {@code Long}, {@code Short}, {@code Byte}) become an int64 tensor,
     *       {@code Float}/{@code Double} a float64 tensor, {@code Boolean} a bool tensor;</li>
     *   <li>{@code String}s and other {@code CharSequence}s stay a {@code List<String>};</li>
     *   <li>a {@link Map} becomes a map with the same keys, each collated over the samples;</li>
     *   <li>a {@link List} or an {@code Object[]} (PyTorch's tuples and lists) is transposed and each
     *       position collated, giving a {@code List}: a batch of (input, target) pairs becomes
     *       {@code [inputs, targets]}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException for other element types, samples whose lists differ in length
     *     ({@code "each element in list of batch should be of equal size"}) or tensors of different shapes
     */
    public static Object defaultCollate(List<?> batch) {
        if (batch.isEmpty()) throw new IllegalArgumentException("default_collate: empty batch");
        Object elem = batch.get(0);
        switch (elem) {
            case Tensor t -> {
                List<Tensor> ts = new ArrayList<>(batch.size());
                for (Object o : batch) ts.add(cast(o, Tensor.class));
                return Torch.stack(ts, 0);
            }
            case Boolean b -> {
                boolean[] v = new boolean[batch.size()];
                for (int i = 0; i < v.length; i++) v[i] = cast(batch.get(i), Boolean.class);
                return Torch.tensor(v);
            }
            case Integer i -> { return integers(batch); }
            case Long l -> { return integers(batch); }
            case Short s -> { return integers(batch); }
            case Byte b -> { return integers(batch); }
            case Float f -> { return floats(batch, DType.FLOAT64); }
            case Double d -> { return floats(batch, DType.FLOAT64); }
            case CharSequence s -> {
                List<String> out = new ArrayList<>(batch.size());
                for (Object o : batch) out.add(cast(o, CharSequence.class).toString());
                return out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Object key : m.keySet()) {
                    List<Object> column = new ArrayList<>(batch.size());
                    for (Object o : batch) column.add(cast(o, Map.class).get(key));
                    out.put(key, defaultCollate(column));
                }
                return out;
            }
            case List<?> l -> { return transpose(batch, l.size()); }
            case Object[] a -> { return transpose(batch, a.length); }
            default -> throw new IllegalArgumentException(
                    "default_collate: batch must contain tensors, numbers, dicts or lists; found " + elem.getClass().getName());
        }
    }

    private static List<Object> transpose(List<?> batch, int width) {
        List<List<?>> rows = new ArrayList<>(batch.size());
        for (Object o : batch) {
            List<?> row = o instanceof Object[] a ? Arrays.asList(a) : o instanceof List<?> l ? l : null;
            if (row == null || row.size() != width) {
                throw new IllegalArgumentException("each element in list of batch should be of equal size");
            }
            rows.add(row);
        }
        List<Object> out = new ArrayList<>(width);
        for (int k = 0; k < width; k++) {
            List<Object> column = new ArrayList<>(rows.size());
            for (List<?> row : rows) column.add(row.get(k));
            out.add(defaultCollate(column));
        }
        return out;
    }

    private static Tensor integers(List<?> batch) {
        long[] v = new long[batch.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = batch.get(i);
            // torch.tensor([1, 2.5]) is a float tensor: a float among the integers makes the batch floating
            if (o instanceof Float || o instanceof Double) return floats(batch, Torch.getDefaultDtype());
            v[i] = cast(o, Number.class).longValue();
        }
        return Torch.tensor(v);
    }

    private static Tensor floats(List<?> batch, DType dtype) {
        double[] v = new double[batch.size()];
        for (int i = 0; i < v.length; i++) v[i] = cast(batch.get(i), Number.class).doubleValue();
        return Torch.tensor(v, dtype);
    }

    private static <C> C cast(Object o, Class<C> type) {
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("default_collate: batch elements differ in type: expected "
                    + type.getSimpleName() + ", got " + (o == null ? "null" : o.getClass().getName()));
        }
        return type.cast(o);
    }
}
