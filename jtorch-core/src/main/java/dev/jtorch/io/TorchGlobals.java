package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The globals a PyTorch checkpoint may name, as {@code torch.load(weights_only=True)} allows them: the tensor
 * and parameter rebuild functions, the typed storage classes, {@code collections.OrderedDict}, dtypes,
 * {@code torch.device}, {@code torch.Size}, sets and {@code _codecs.encode} (protocol 2's spelling of bytes).
 * Each resolves to a Java function written here; nothing is looked up by name at run time.
 */
final class TorchGlobals implements Unpickler.Globals {
    /** Most dimensions a loaded tensor may have; PyTorch itself stops at 64 in many kernels. */
    static final int MAX_DIMS = 64;

    /** Most elements a view may have beyond its storage's own (expanded tensors: stride 0). */
    static final long MAX_EXPANDED_NUMEL = 1L << 32;

    /** A storage class such as {@code torch.FloatStorage}: stands for its dtype in a persistent id. */
    record StorageType(DType dtype, String name) {}

    /** A loaded storage: {@code numel} elements of {@code dtype}, viewed from element {@code base} of {@code storage}. */
    record StorageRef(Storage storage, DType dtype, long numel, long base, String key) {}

    static final TorchGlobals INSTANCE = new TorchGlobals();

    private static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.FLOAT32, "DoubleStorage", DType.FLOAT64, "HalfStorage", DType.FLOAT16,
            "BFloat16Storage", DType.BFLOAT16, "LongStorage", DType.INT64, "IntStorage", DType.INT32,
            "ShortStorage", DType.INT16, "CharStorage", DType.INT8, "ByteStorage", DType.UINT8, "BoolStorage", DType.BOOL);

    private static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("float32", DType.FLOAT32), Map.entry("float", DType.FLOAT32), Map.entry("float64", DType.FLOAT64),
            Map.entry("double", DType.FLOAT64), Map.entry("float16", DType.FLOAT16), Map.entry("half", DType.FLOAT16),
            Map.entry("bfloat16", DType.BFLOAT16), Map.entry("int64", DType.INT64), Map.entry("long", DType.INT64),
            Map.entry("int32", DType.INT32), Map.entry("int", DType.INT32), Map.entry("int16", DType.INT16),
            Map.entry("short", DType.INT16), Map.entry("int8", DType.INT8), Map.entry("uint8", DType.UINT8),
            Map.entry("bool", DType.BOOL));

    @Override public Object resolve(String module, String name) {
        switch (module) {
            case "collections":
                return name.equals("OrderedDict") ? (Unpickler.PyCallable) TorchGlobals::orderedDict : null;
            case "torch._utils":
                return switch (name) {
                    case "_rebuild_tensor_v2" -> (Unpickler.PyCallable) (a, u) -> rebuildTensor(a, u, 6, 7);
                    case "_rebuild_tensor" -> (Unpickler.PyCallable) (a, u) -> rebuildTensor(a, u, 4, 4);
                    case "_rebuild_parameter" -> (Unpickler.PyCallable) (a, u) -> rebuildParameter(a, u, 3);
                    case "_rebuild_parameter_with_state" -> (Unpickler.PyCallable) (a, u) -> rebuildParameter(a, u, 4);
                    default -> null;
                };
            case "torch.storage":
                return name.equals("UntypedStorage") ? new StorageType(DType.UINT8, name) : null;
            case "torch":
                if (STORAGES.containsKey(name)) return new StorageType(STORAGES.get(name), name);
                if (name.equals("UntypedStorage")) return new StorageType(DType.UINT8, name);
                if (DTYPES.containsKey(name)) return DTYPES.get(name);
                if (name.equals("device")) return (Unpickler.PyCallable) TorchGlobals::device;
                if (name.equals("Size")) return (Unpickler.PyCallable) TorchGlobals::size;
                return null;
            case "builtins", "__builtin__":
                return switch (name) {
                    case "set", "frozenset" -> (Unpickler.PyCallable) TorchGlobals::set;
                    default -> null;
                };
            case "_codecs":
                return name.equals("encode") ? (Unpickler.PyCallable) TorchGlobals::encode : null;
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------ callables

    private static Object orderedDict(List<Object> args, Unpickler u) throws CheckpointFormatException {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (args.isEmpty()) return m;
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (!(p instanceof List<?> kv) || kv.size() != 2 || !isKey(kv.get(0))) {
                    throw u.error("OrderedDict() expects (key, value) pairs with str or int keys");
                }
                m.put(kv.get(0), kv.get(1));
            }
            return m;
        }
        throw u.error("OrderedDict() called with " + args.size() + " unsupported arguments");
    }

    private static boolean isKey(Object k) {
        return k == null || k instanceof String || k instanceof Long || k instanceof Double || k instanceof Boolean;
    }

    private static Object set(List<Object> args, Unpickler u) throws CheckpointFormatException {
        if (args.isEmpty()) return new LinkedHashSet<>();
        if (args.size() == 1 && args.get(0) instanceof List<?> items) {
            LinkedHashSet<Object> s = new LinkedHashSet<>();
            for (Object o : items) {
                if (!isKey(o)) throw u.error("set() of an unhashable or unsupported " + Unpickler.typeName(o));
                s.add(o);
            }
            return s;
        }
        throw u.error("set() called with unsupported arguments");
    }

    private static Object encode(List<Object> args, Unpickler u) throws CheckpointFormatException {
        if (args.size() == 2 && args.get(0) instanceof String s && "latin1".equals(args.get(1))) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) > 0xFF) throw u.error("_codecs.encode: a character beyond latin-1");
            }
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw u.error("_codecs.encode is allowed only as encode(str, 'latin1')");
    }

    private static Object device(List<Object> args, Unpickler u) throws CheckpointFormatException {
        if (!args.isEmpty() && args.get(0) instanceof String s) {
            try {
                Device d = Device.of(s);
                if (args.size() == 1) return d;
                if (args.size() == 2 && args.get(1) instanceof Long i && i >= 0 && i < 1 << 16) {
                    return new Device(d.type(), i.intValue());
                }
            } catch (IllegalArgumentException e) {
                throw u.error("torch.device: " + e.getMessage());
            }
        }
        throw u.error("torch.device called with unsupported arguments");
    }

    private static Object size(List<Object> args, Unpickler u) throws CheckpointFormatException {
        if (args.size() == 1 && args.get(0) instanceof List<?> dims) {
            longs(dims, "torch.Size", u);
            return new Unpickler.Tuple(dims.toArray());
        }
        throw u.error("torch.Size called with unsupported arguments");
    }

    // ------------------------------------------------------------------ tensors

    /**
     * {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}
     * (or the old 4-argument {@code _rebuild_tensor}), with every size checked against the storage.
     */
    private static Object rebuildTensor(List<Object> a, Unpickler u, int minArgs, int maxArgs) throws CheckpointFormatException {
        if (a.size() < minArgs || a.size() > maxArgs) {
            throw u.error("tensor rebuild expects " + minArgs + (maxArgs > minArgs ? " to " + maxArgs : "") + " arguments, got " + a.size());
        }
        if (!(a.get(0) instanceof StorageRef s)) throw u.error("tensor rebuild: the storage is a " + Unpickler.typeName(a.get(0)));
        long offset = nonNegative(a.get(1), "storage_offset", u);
        if (!(a.get(2) instanceof List<?> sizeList) || !(a.get(3) instanceof List<?> strideList)) {
            throw u.error("tensor rebuild: size and stride must be tuples");
        }
        long[] shape = longs(sizeList, "size", u);
        long[] strides = longs(strideList, "stride", u);
        if (shape.length != strides.length) {
            throw u.error("tensor of storage '" + s.key() + "': size " + sizeList + " and stride " + strideList + " differ in length");
        }
        checkView(s, offset, shape, strides, u);
        boolean requiresGrad = false;
        if (a.size() > 4) {
            if (!(a.get(4) instanceof Boolean b)) throw u.error("tensor rebuild: requires_grad is not a bool");
            requiresGrad = b;
            if (a.get(5) != null && !(a.get(5) instanceof Map<?, ?> hooks && hooks.isEmpty())) {
                throw u.error("tensor rebuild: backward hooks are not supported");
            }
        }
        Tensor t = new Tensor(s.storage(), shape, strides, s.base() + offset, s.dtype());
        return withGrad(t, requiresGrad, u);
    }

    private static Object rebuildParameter(List<Object> a, Unpickler u, int n) throws CheckpointFormatException {
        if (a.size() != n || !(a.get(0) instanceof Tensor t) || !(a.get(1) instanceof Boolean rg)) {
            throw u.error("_rebuild_parameter expects (tensor, requires_grad, backward_hooks" + (n == 4 ? ", state)" : ")"));
        }
        if (a.get(2) != null && !(a.get(2) instanceof Map<?, ?> hooks && hooks.isEmpty())) {
            throw u.error("_rebuild_parameter: backward hooks are not supported");
        }
        if (n == 4 && a.get(3) != null && !(a.get(3) instanceof Map<?, ?> st && st.isEmpty())) {
            throw u.error("_rebuild_parameter_with_state: parameter state (a subclass's attributes) is not supported");
        }
        return withGrad(t, rg, u);
    }

    private static Tensor withGrad(Tensor t, boolean requiresGrad, Unpickler u) throws CheckpointFormatException {
        if (!requiresGrad) return t;
        if (!t.dtype().isFloatingPoint()) {
            throw u.error("a " + t.dtype() + " tensor cannot require grad (only floating point tensors can)");
        }
        return t.requiresGrad_(true);
    }

    /** The view must lie inside the storage; all arithmetic is overflow-checked. */
    private static void checkView(StorageRef s, long offset, long[] shape, long[] strides, Unpickler u) throws CheckpointFormatException {
        long numel = 1, last = offset;
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) empty = true;
        }
        try {
            for (int i = 0; i < shape.length; i++) {
                numel = Math.multiplyExact(numel, shape[i]);
                if (!empty) last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, strides[i]));
            }
        } catch (ArithmeticException e) {
            throw u.error("tensor of storage '" + s.key() + "' with size " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(strides) + " overflows 64-bit indexing");
        }
        boolean fits = empty ? offset <= s.numel() : last < s.numel();
        // overlapping views (expand) may have more elements than their storage; a huge one is a trap for
        // whatever later materialises it, so it is refused
        if (fits && numel > s.numel() && numel > MAX_EXPANDED_NUMEL) {
            throw u.error("tensor with size " + Arrays.toString(shape) + " and stride " + Arrays.toString(strides) + " views "
                    + numel + " elements over a storage of " + s.numel() + "; expanded views beyond " + MAX_EXPANDED_NUMEL
                    + " elements are refused");
        }
        if (!fits) {
            throw u.error("tensor with size " + Arrays.toString(shape) + ", stride " + Arrays.toString(strides) + " and offset "
                    + offset + " reaches past the end of storage '" + s.key() + "', which holds " + s.numel() + " elements");
        }
    }

    private static long nonNegative(Object o, String what, Unpickler u) throws CheckpointFormatException {
        if (o instanceof Long v && v >= 0) return v;
        throw u.error("tensor rebuild: " + what + " must be a non-negative int, got " + describe(o));
    }

    private static long[] longs(List<?> list, String what, Unpickler u) throws CheckpointFormatException {
        if (list.size() > MAX_DIMS) throw u.error(what + " has " + list.size() + " dimensions, more than " + MAX_DIMS);
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = list.get(i);
            if (!(o instanceof Long v) || v < 0) throw u.error(what + " holds " + describe(o) + ", not a non-negative int");
            out[i] = v;
        }
        return out;
    }

    private static String describe(Object o) {
        return o instanceof Long || o instanceof BigInteger || o instanceof Boolean ? String.valueOf(o) : Unpickler.typeName(o);
    }

    private static final class Arrays {
        static String toString(long[] a) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(a[i]);
            return sb.append(a.length == 1 ? ",)" : ")").toString();
        }
    }
}
