package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.internal.Shapes;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to
 * {@code dtype}, {@code shape} and {@code data_offsets} (plus an optional {@code __metadata__} of strings), then
 * the tensors' bytes, little-endian and row-major.
 *
 * <p>{@link #load(Path)} maps the file read-only and returns tensors over the mapping (zero-copy; the OS pages
 * data in on demand; writing into them fails). The header is parsed by a strict JSON parser and validated as the
 * reference implementation does: the header length against the file (and 100 MB), each dtype, shape and
 * offset pair against each other with overflow checks, and the offsets must tile the data area exactly, in
 * order, without gaps or overlaps. Problems raise {@link CheckpointFormatException} naming the file and tensor.
 *
 * <p>{@link #save(Map, Path)} writes what {@code safetensors.torch.save_file} writes: tensors ordered by
 * decreasing alignment and then name, the header padded with spaces to a multiple of 8 bytes.
 */
public final class Safetensors {
    private Safetensors() {}

    static final long MAX_HEADER = 100_000_000L;
    private static final int CHUNK = 1 << 20;

    /** A parsed header entry; {@code begin} and {@code end} are offsets into the data area. */
    private record Info(String name, DType dtype, long[] shape, long begin, long end) {}

    // ------------------------------------------------------------------ loading

    /** {@code safetensors.torch.load_file(path)}, memory-mapped: the tensors share the read-only mapping. */
    public static LinkedHashMap<String, Tensor> load(Path path) throws IOException {
        return load(path, true);
    }

    /** As {@link #load(Path)}, or with {@code mmap} false, reads the tensors into ordinary (writable) memory. */
    public static LinkedHashMap<String, Tensor> load(Path path, boolean mmap) throws IOException {
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long headerLen = headerLength(ch, size, file);
            Map<String, Object> header = readHeader(ch, headerLen, file);
            long dataStart = 8 + headerLen;
            List<Info> infos = validate(header, size - dataStart, file);
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            MemorySegment data = mmap && size > dataStart
                    ? ch.map(FileChannel.MapMode.READ_ONLY, dataStart, size - dataStart, Arena.ofAuto()) : null;
            for (Info info : infos) {
                long bytes = info.end - info.begin;
                Tensor t;
                if (data != null) {
                    t = Torch.fromSegment(data.asSlice(info.begin, bytes), info.dtype, info.shape);
                } else {
                    Storage s = Storage.allocate(info.dtype, bytes / info.dtype.itemSize());
                    read(ch, dataStart + info.begin, s.segment(), bytes, info.dtype.itemSize(), file + " tensor '" + info.name + "'");
                    t = new Tensor(s, info.shape, Shapes.contiguousStrides(info.shape), 0, info.dtype);
                }
                out.put(info.name, t);
            }
            // header order is the file's JSON order; present tensors in it, as Python dicts keep it
            return out;
        }
    }

    /** The {@code __metadata__} strings of a file (empty when it has none). */
    public static LinkedHashMap<String, String> metadata(Path path) throws IOException {
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long headerLen = headerLength(ch, size, file);
            Map<String, Object> header = readHeader(ch, headerLen, file);
            validate(header, size - 8 - headerLen, file);
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            if (header.get("__metadata__") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), (String) e.getValue());
            }
            return out;
        }
    }

    private static long headerLength(FileChannel ch, long size, String file) throws IOException {
        if (size < 8) throw new CheckpointFormatException(file + ": " + size + " bytes is too small for a safetensors file (header length missing)");
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, 0, file);
        long n = b.flip().getLong();
        if (n < 0 || n > MAX_HEADER) throw new CheckpointFormatException(file + ": header length " + Long.toUnsignedString(n) + " exceeds the 100 MB limit");
        if (n > size - 8) {
            throw new CheckpointFormatException(file + ": header length " + n + " runs past the end of the file (" + size + " bytes)");
        }
        if (n < 2) throw new CheckpointFormatException(file + ": header length " + n + " is too small for a JSON object");
        return n;
    }

    private static Map<String, Object> readHeader(FileChannel ch, long n, String file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) n);
        readFully(ch, b, 8, file);
        b.flip();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(file + ": the header is not valid UTF-8");
        }
        if (!text.startsWith("{")) throw new CheckpointFormatException(file + ": the header does not start with '{'");
        Object v = StrictJson.parse(text, file);
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) v; // starts with '{'
        return m;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, String file) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) throw new CheckpointFormatException(file + ": truncated at byte " + pos);
            pos += n;
        }
    }

    private static List<Info> validate(Map<String, Object> header, long dataLen, String file) throws CheckpointFormatException {
        List<Info> infos = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            String where = file + " tensor '" + name + "'";
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw new CheckpointFormatException(file + ": __metadata__ is not an object");
                for (Object v : m.values()) {
                    if (!(v instanceof String)) throw new CheckpointFormatException(file + ": __metadata__ values must be strings");
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> m)) throw new CheckpointFormatException(where + ": not an object");
            for (Object k : m.keySet()) {
                if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                    throw new CheckpointFormatException(where + ": unknown field \"" + k + "\"");
                }
            }
            if (!(m.get("dtype") instanceof String ds)) throw new CheckpointFormatException(where + ": dtype missing");
            DType dtype = dtype(ds, where);
            if (!(m.get("shape") instanceof List<?> sl)) throw new CheckpointFormatException(where + ": shape missing");
            if (sl.size() > TorchGlobals.MAX_DIMS) throw new CheckpointFormatException(where + ": " + sl.size() + " dimensions is too many");
            long[] shape = new long[sl.size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(sl.get(i) instanceof Long d) || d < 0) throw new CheckpointFormatException(where + ": shape " + sl + " is not a list of non-negative integers");
                shape[i] = d;
                numel = mulOrMinus(numel, d);
            }
            if (!(m.get("data_offsets") instanceof List<?> ol) || ol.size() != 2 || !(ol.get(0) instanceof Long begin)
                    || !(ol.get(1) instanceof Long end) || begin < 0 || end < begin) {
                throw new CheckpointFormatException(where + ": data_offsets must be [begin, end] with 0 <= begin <= end");
            }
            long bytes = numel < 0 ? -1 : mulOrMinus(numel, dtype.itemSize());
            if (bytes < 0 || bytes != end - begin) {
                throw new CheckpointFormatException(where + ": shape " + sl + " of " + ds + " needs "
                        + (bytes < 0 ? "more than 2^63" : String.valueOf(bytes)) + " bytes, but data_offsets " + ol + " span " + (end - begin));
            }
            infos.add(new Info(name, dtype, shape, begin, end));
        }
        List<Info> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long at = 0;
        for (Info info : sorted) {
            if (info.begin != at) {
                throw new CheckpointFormatException(file + " tensor '" + info.name + "': data_offsets start at " + info.begin + ", expected "
                        + at + " (tensors must cover the data without gaps or overlaps)");
            }
            at = info.end;
        }
        if (at != dataLen) {
            throw new CheckpointFormatException(file + ": the tensors cover " + at + " bytes of data, the file holds " + dataLen);
        }
        return infos;
    }

    private static long mulOrMinus(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static DType dtype(String s, String where) throws CheckpointFormatException {
        return switch (s) {
            case "BOOL" -> DType.BOOL;
            case "U8" -> DType.UINT8;
            case "I8" -> DType.INT8;
            case "I16" -> DType.INT16;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            default -> throw new CheckpointFormatException(where + ": unsupported dtype " + s);
        };
    }

    static String dtypeName(DType d) {
        return switch (d) {
            case BOOL -> "BOOL";
            case UINT8 -> "U8";
            case INT8 -> "I8";
            case INT16 -> "I16";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
        };
    }

    private static void read(FileChannel ch, long pos, MemorySegment dst, long bytes, int item, String where) throws IOException {
        ValueLayout from = ByteLayouts.of(item, ByteOrder.LITTLE_ENDIAN), to = ByteLayouts.of(item, ByteOrder.nativeOrder());
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(bytes, 1)));
        MemorySegment bufSeg = MemorySegment.ofArray(buf.array());
        long done = 0;
        while (done < bytes) {
            int n = (int) Math.min(buf.capacity(), bytes - done);
            buf.clear().limit(n);
            readFully(ch, buf, pos + done, where);
            MemorySegment.copy(bufSeg, from, 0, dst, to, done, n / item);
            done += n;
        }
    }


    // ------------------------------------------------------------------ saving

    /** {@code safetensors.torch.save_file(tensors, path)}. */
    public static void save(Map<String, Tensor> tensors, Path path) throws IOException {
        save(tensors, Map.of(), path);
    }

    /** {@code save_file(tensors, path, metadata)}: {@code metadata} goes into {@code __metadata__}. */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        List<Map.Entry<String, Tensor>> order = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, Tensor> e : order) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("a tensor cannot be named __metadata__");
            if (!e.getValue().device().equals(Device.CPU)) throw new IllegalArgumentException("only CPU tensors can be saved");
        }
        // as the reference writer: larger alignment first, then by name
        order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -e.getValue().dtype().itemSize())
                .thenComparing(Map.Entry::getKey));
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                h.append(first ? "" : ",").append(StrictJson.quote(m.getKey())).append(':').append(StrictJson.quote(m.getValue()));
                first = false;
            }
            h.append('}');
        }
        long at = 0;
        List<Tensor> contiguous = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : order) {
            Tensor t = e.getValue().contiguous();
            contiguous.add(t);
            long bytes = t.numel() * t.dtype().itemSize();
            if (h.length() > 1) h.append(',');
            h.append(StrictJson.quote(e.getKey())).append(":{\"dtype\":\"").append(dtypeName(t.dtype())).append("\",\"shape\":[");
            long[] shape = t.shapeRef();
            for (int i = 0; i < shape.length; i++) h.append(i > 0 ? "," : "").append(shape[i]);
            h.append("],\"data_offsets\":[").append(at).append(',').append(at + bytes).append("]}");
            at += bytes;
        }
        h.append('}');
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            head.flip();
            while (head.hasRemaining()) ch.write(head);
            byte[] chunk = new byte[CHUNK];
            MemorySegment chunkSeg = MemorySegment.ofArray(chunk);
            for (Tensor t : contiguous) {
                int item = t.dtype().itemSize();
                long bytes = t.numel() * item;
                MemorySegment src = t.storage().segment().asSlice(t.storageOffset() * item, bytes);
                ValueLayout from = ByteLayouts.of(item, ByteOrder.nativeOrder()), to = ByteLayouts.of(item, ByteOrder.LITTLE_ENDIAN);
                for (long off = 0; off < bytes; off += CHUNK) {
                    int n = (int) Math.min(CHUNK, bytes - off);
                    MemorySegment.copy(src, from, off, chunkSeg, to, 0, n / item);
                    ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
                    while (b.hasRemaining()) ch.write(b);
                }
            }
        }
    }
}
