package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Writes an object the way {@code torch.save} pickles it (protocol 2): tensors as
 * {@code torch._utils._rebuild_tensor_v2} over a persistent storage id {@code ('storage', torch.FloatStorage,
 * key, 'cpu', numel)}; ordered maps as {@code collections.OrderedDict}, other maps as dict, lists, sets,
 * strings, numbers, booleans and null. Tensors sharing a {@link Storage} share one storage record, with
 * their own offsets and strides, as in PyTorch.
 */
final class Pickler {
    /** A storage to write as record {@code data/<key>}: the whole storage, as PyTorch writes it. */
    record StorageRecord(String key, Storage storage, DType dtype, long numel) {}

    private static final int MAX_DEPTH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final IdentityHashMap<Storage, StorageRecord> storages = new IdentityHashMap<>();
    private final List<StorageRecord> records = new ArrayList<>();

    byte[] pickle(Object obj) {
        out.write(0x80);
        out.write(2);
        write(obj, 0);
        out.write('.');
        return out.toByteArray();
    }

    List<StorageRecord> records() { return records; }

    private void write(Object o, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("torch.save: the object is nested more than " + MAX_DEPTH + " levels deep (a cycle?)");
        switch (o) {
            case null -> out.write('N');
            case Boolean b -> out.write(b ? 0x88 : 0x89);
            case Long v -> writeInt(v);
            case Integer v -> writeInt(v);
            case Short v -> writeInt(v);
            case Byte v -> writeInt(v);
            case BigInteger v -> writeBig(v);
            case Double v -> writeFloat(v);
            case Float v -> writeFloat(v);
            case String s -> writeString(s);
            case Tensor t -> writeTensor(t);
            case DType d -> global("torch", d.toString().substring(6));
            case Map<?, ?> m -> writeMap(m, depth);
            case Unpickler.Tuple t -> {
                out.write('(');
                for (Object x : t) write(x, depth + 1);
                out.write('t');
            }
            case List<?> l -> {
                out.write(']');
                writeItems(l, depth, 'e');
            }
            case Set<?> s -> {
                global("builtins", "set");
                out.write(']');
                writeItems(s, depth, 'e');
                out.write(0x85); // TUPLE1
                out.write('R');
            }
            default -> throw new IllegalArgumentException("torch.save: cannot save a " + o.getClass().getName()
                    + " (jtorch saves tensors, maps, lists, sets, strings, numbers, booleans and null)");
        }
    }

    private void writeItems(Collection<?> items, int depth, int op) {
        int n = 0;
        for (Object x : items) {
            if (n % 1000 == 0) {
                if (n > 0) out.write(op);
                out.write('(');
            }
            write(x, depth + 1);
            n++;
        }
        if (n > 0) out.write(op);
    }

    private void writeMap(Map<?, ?> m, int depth) {
        if (m instanceof SequencedMap<?, ?>) {
            global("collections", "OrderedDict");
            out.write(')');
            out.write('R');
        } else {
            out.write('}');
        }
        int n = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (n % 1000 == 0) {
                if (n > 0) out.write('u');
                out.write('(');
            }
            Object k = e.getKey();
            if (!(k == null || k instanceof String || k instanceof Number || k instanceof Boolean)) {
                throw new IllegalArgumentException("torch.save: map keys must be strings, numbers or booleans, not " + k.getClass().getName());
            }
            write(k, depth + 1);
            write(e.getValue(), depth + 1);
            n++;
        }
        if (n > 0) out.write('u');
    }

    private void writeTensor(Tensor t) {
        if (!t.device().equals(Device.CPU)) throw new IllegalArgumentException("torch.save: only CPU tensors can be saved, got " + t.device());
        Storage s = t.storage();
        DType d = t.dtype();
        StorageRecord r = storages.get(s);
        long offset = t.storageOffset();
        long[] strides = t.stride();
        if (r == null || r.dtype() != d) {
            if (r != null || s.byteSize() % d.itemSize() != 0) {
                // the same memory viewed with two dtypes: PyTorch's typed storages cannot say that, so save a copy
                t = t.contiguous() == t ? t.clone() : t.contiguous();
                s = t.storage();
                offset = t.storageOffset();
                strides = t.stride();
                r = storages.get(s);
            }
            if (r == null) {
                r = new StorageRecord(Integer.toString(records.size()), s, d, s.byteSize() / d.itemSize());
                storages.put(s, r);
                records.add(r);
            }
        }
        global("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        out.write('(');
        writeString("storage");
        global("torch", storageClass(d));
        writeString(r.key());
        writeString("cpu");
        writeInt(r.numel());
        out.write('t');
        out.write('Q'); // BINPERSID
        writeInt(offset);
        writeLongs(t.shapeRef());
        writeLongs(strides);
        out.write(t.requiresGrad() ? 0x88 : 0x89);
        global("collections", "OrderedDict");
        out.write(')');
        out.write('R');
        out.write('t');
        out.write('R');
    }

    static String storageClass(DType d) {
        return switch (d) {
            case FLOAT32 -> "FloatStorage";
            case FLOAT64 -> "DoubleStorage";
            case FLOAT16 -> "HalfStorage";
            case BFLOAT16 -> "BFloat16Storage";
            case INT64 -> "LongStorage";
            case INT32 -> "IntStorage";
            case INT16 -> "ShortStorage";
            case INT8 -> "CharStorage";
            case UINT8 -> "ByteStorage";
            case BOOL -> "BoolStorage";
        };
    }

    private void writeLongs(long[] v) {
        out.write('(');
        for (long x : v) writeInt(x);
        out.write('t');
    }

    private void global(String module, String name) {
        out.write('c');
        byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    private void writeInt(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            out.write((int) v & 0xFF);
            out.write((int) (v >>> 8));
        } else if (v == (int) v) {
            out.write('J');
            le(v, 4);
        } else {
            out.write(0x8a); // LONG1
            out.write(8);
            le(v, 8);
        }
    }

    private void writeBig(BigInteger v) {
        if (v.bitLength() < 64) {
            writeInt(v.longValue());
            return;
        }
        byte[] be = v.toByteArray();
        if (be.length > 255) throw new IllegalArgumentException("torch.save: integer too large");
        out.write(0x8a);
        out.write(be.length);
        for (int i = be.length - 1; i >= 0; i--) out.write(be[i]);
    }

    private void writeFloat(double v) {
        out.write('G');
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)));
    }

    private void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        le(b.length, 4);
        out.write(b, 0, b.length);
    }

    private void le(long v, int n) {
        for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)));
    }
}
