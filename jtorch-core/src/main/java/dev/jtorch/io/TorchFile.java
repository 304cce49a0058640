package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * PyTorch's checkpoint format ({@code torch.save} / {@code torch.load}).
 *
 * <p><b>Loading</b> reads the zip format of PyTorch 1.6 and later (1.x and 2.x: {@code <stem>/data.pkl},
 * {@code <stem>/data/<key>} storage records, optional {@code byteorder}) and the legacy format that
 * {@code _use_new_zipfile_serialization=False} writes (consecutive pickles followed by the raw storages).
 * The pickle is read by a restricted unpickler equivalent to {@code torch.load(weights_only=True)}: only
 * tensors, parameters (as tensors that require grad), storages, {@code OrderedDict}, dtypes, devices and plain
 * containers are rebuilt, any other global is refused naming it, and nothing is executed. Storages land on the
 * CPU whatever device they were saved from ({@code map_location='cpu'}).
 *
 * <p>The file is never trusted: every declared size is checked against the bytes actually present before
 * memory is allocated, each zip entry's CRC-32 is verified, and every tensor's size, stride and offset must lie
 * inside its storage. Malformed files raise {@link CheckpointFormatException} naming the file, entry and offset.
 *
 * <p><b>Saving</b> writes the zip format as PyTorch 1.13/2.x does: pickle protocol 2, records aligned to 64 bytes,
 * {@code version} 3, {@code byteorder}; tensors sharing a storage share one record.
 */
public final class TorchFile {
    private TorchFile() {}

    private static final int CHUNK = 1 << 20;
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    // ------------------------------------------------------------------ loading

    /** {@code torch.load(path, weights_only=True)} into plain Java values (see the class comment). */
    public static Object load(Path path) throws IOException {
        long size = Files.size(path);
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return loadZip(path, size);
        if (n >= 2 && (head[0] & 0xFF) == 0x80) return loadLegacy(path, size);
        throw new CheckpointFormatException(path + ": not a PyTorch checkpoint (neither a zip archive nor a legacy pickle)");
    }

    /** {@link #load}, requiring a map from names to tensors ({@code model.state_dict()}). */
    public static LinkedHashMap<String, Tensor> loadStateDict(Path path) throws IOException {
        Object o = load(path);
        if (!(o instanceof Map<?, ?> m)) {
            throw new CheckpointFormatException(path + ": holds a " + Unpickler.typeName(o) + ", not a state dict");
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof Tensor t)) {
                throw new CheckpointFormatException(path + ": state dict entry " + e.getKey() + " is a "
                        + Unpickler.typeName(e.getValue()) + ", not a tensor under a string key");
            }
            out.put(k, t);
        }
        return out;
    }

    private static Object loadZip(Path path, long fileSize) throws IOException {
        String file = path.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CheckpointFormatException(file + ": not a valid zip archive: " + e.getMessage(), e);
        }
        try (zip) {
            ZipEntry pkl = null;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                    if (pkl != null) throw new CheckpointFormatException(file + ": holds two pickles, " + pkl.getName() + " and " + name);
                    pkl = e;
                }
            }
            if (pkl == null) throw new CheckpointFormatException(file + ": a zip archive without <name>/data.pkl: not a torch.save file");
            String prefix = pkl.getName().substring(0, pkl.getName().length() - 8);
            ByteOrder order = byteOrder(zip, prefix, fileSize, file);
            byte[] pickle = readSmallEntry(zip, pkl, fileSize, file);
            Map<String, TorchGlobals.StorageRef> loaded = new HashMap<>();
            long[] total = {0};
            Unpickler.PersistentLoader loader = (pid, u) -> {
                StorageId id = StorageId.of(pid, 5, u);
                TorchGlobals.StorageRef cached = loaded.get(id.key);
                if (cached != null) return checkSame(cached, id, u);
                String where = file + " entry '" + prefix + "data/" + id.key + "'";
                ZipEntry rec = zip.getEntry(prefix + "data/" + id.key);
                if (rec == null) throw u.error("storage '" + id.key + "' has no record " + prefix + "data/" + id.key);
                long size = checkSizes(rec, fileSize, where);
                long bytes = id.bytes(u);
                // distinct records cannot together hold more than the file; central directory entries that
                // point at the same data would otherwise multiply the memory a small file makes us allocate
                total[0] += size;
                if (total[0] > fileSize) {
                    throw new CheckpointFormatException(where + ": the storage records together declare " + total[0]
                            + " bytes, more than the " + fileSize + " bytes of the archive (overlapping entries?)");
                }
                if (bytes > size) {
                    throw new CheckpointFormatException(where + ": the pickle declares " + id.numel + " elements of "
                            + id.dtype + " (" + bytes + " bytes), but the record holds only " + size + " bytes");
                }
                Storage s = Storage.allocate(id.dtype, id.numel);
                try (InputStream raw = zip.getInputStream(rec)) {
                    CheckedEntryInput in = new CheckedEntryInput(raw, size, CheckpointFormatException::new);
                    readInto(in, s.segment(), bytes, id.dtype.itemSize(), order, where);
                    in.drainAndFinish(rec.getCrc(), where);
                } catch (ZipException ex) {
                    throw new CheckpointFormatException(where + ": corrupt entry: " + ex.getMessage(), ex);
                }
                TorchGlobals.StorageRef ref = new TorchGlobals.StorageRef(s, id.dtype, id.numel, 0, id.key);
                loaded.put(id.key, ref);
                return ref;
            };
            String where = file + " entry '" + pkl.getName() + "'";
            Unpickler u = new Unpickler(new ByteArrayInputStream(pickle), pickle.length, where, TorchGlobals.INSTANCE, loader);
            Object result = u.load();
            if (u.position() != pickle.length) {
                throw new CheckpointFormatException(where + ": " + (pickle.length - u.position()) + " bytes follow the pickle's STOP");
            }
            return result;
        }
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix, long fileSize, String file) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN; // files before PyTorch 2.1 have no record and are little-endian
        String s = new String(readSmallEntry(zip, e, fileSize, file), StandardCharsets.US_ASCII).trim();
        return switch (s) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new CheckpointFormatException(file + " entry '" + e.getName() + "': unknown byte order '" + s + "'");
        };
    }

    private static TorchGlobals.StorageRef checkSame(TorchGlobals.StorageRef r, StorageId id, Unpickler u) throws CheckpointFormatException {
        if (r.dtype() != id.dtype || r.numel() != id.numel) {
            throw u.error("storage '" + id.key + "' is declared twice, as " + r.numel() + " " + r.dtype() + " and as "
                    + id.numel + " " + id.dtype);
        }
        return r;
    }

    /** A persistent id {@code ('storage', torch.FloatStorage, key, location, numel[, view_metadata])}. */
    private record StorageId(DType dtype, String key, long numel, Object viewMetadata) {
        static StorageId of(Object pid, int arity, Unpickler u) throws CheckpointFormatException {
            if (!(pid instanceof Unpickler.Tuple t) || t.size() != arity || !"storage".equals(t.get(0))) {
                throw u.error("persistent id " + Unpickler.typeName(pid) + " is not a ('storage', ...) tuple of " + arity);
            }
            if (!(t.get(1) instanceof TorchGlobals.StorageType type)) {
                throw u.error("persistent id names a " + Unpickler.typeName(t.get(1)) + ", not a storage class");
            }
            if (!(t.get(2) instanceof String key) || key.isEmpty() || key.length() > 256 || key.indexOf('\0') >= 0) {
                throw u.error("persistent id has an invalid storage key");
            }
            if (!(t.get(3) instanceof String loc) || !(loc.startsWith("cpu") || loc.startsWith("cuda") || loc.startsWith("mps"))) {
                throw u.error("persistent id has an unsupported location " + t.get(3));
            }
            if (!(t.get(4) instanceof Long numel) || numel < 0) {
                throw u.error("storage '" + key + "' declares an invalid number of elements: " + t.get(4));
            }
            return new StorageId(type.dtype(), key, numel, arity > 5 ? t.get(5) : null);
        }

        long bytes(Unpickler u) throws CheckpointFormatException {
            try {
                return Math.multiplyExact(numel, (long) dtype.itemSize());
            } catch (ArithmeticException e) {
                throw u.error("storage '" + key + "' declares " + numel + " elements, more bytes than fit in 64 bits");
            }
        }
    }

    /** Reads {@code bytes} bytes of elements of {@code item} bytes in {@code order} into {@code dst} (native order). */
    private static void readInto(InputStream in, MemorySegment dst, long bytes, int item, ByteOrder order, String where) throws IOException {
        ValueLayout from = ByteLayouts.of(item, order), to = ByteLayouts.of(item, ByteOrder.nativeOrder());
        byte[] buf = new byte[(int) Math.min(CHUNK, bytes)];
        MemorySegment bufSeg = MemorySegment.ofArray(buf);
        long done = 0;
        while (done < bytes) {
            int n = (int) Math.min(buf.length, bytes - done);
            int got = in.readNBytes(buf, 0, n);
            if (got < n) {
                throw new CheckpointFormatException(where + ": truncated: " + bytes + " bytes expected, the data ends after " + (done + got));
            }
            MemorySegment.copy(bufSeg, from, 0, dst, to, done, n / item);
            done += n;
        }
    }


    private static byte[] readSmallEntry(ZipFile zip, ZipEntry e, long fileSize, String file) throws IOException {
        String where = file + " entry '" + e.getName() + "'";
        long size = checkSizes(e, fileSize, where);
        if (size > Integer.MAX_VALUE - 16) throw new CheckpointFormatException(where + ": " + size + " bytes is too large for a pickle");
        try (InputStream raw = zip.getInputStream(e)) {
            CheckedEntryInput in = new CheckedEntryInput(raw, size, CheckpointFormatException::new);
            byte[] b = in.readNBytes((int) size);
            if (b.length < size) throw new CheckpointFormatException(where + ": truncated: " + size + " bytes declared, " + b.length + " present");
            in.drainAndFinish(e.getCrc(), where);
            return b;
        } catch (ZipException ex) {
            throw new CheckpointFormatException(where + ": corrupt entry: " + ex.getMessage(), ex);
        }
    }

    private static long checkSizes(ZipEntry e, long fileSize, String where) throws CheckpointFormatException {
        long size = e.getSize(), csize = e.getCompressedSize();
        if (size < 0 || csize < 0) throw new CheckpointFormatException(where + ": the archive does not declare the entry's size");
        if (csize > fileSize) {
            throw new CheckpointFormatException(where + ": declares " + csize + " stored bytes, but the archive has only " + fileSize);
        }
        if (e.getMethod() == ZipEntry.STORED && size != csize) {
            throw new CheckpointFormatException(where + ": a stored entry declares " + size + " bytes but occupies " + csize);
        }
        if (size > fileSize) {
            // PyTorch stores records uncompressed; a compressed one larger than the archive is refused
            throw new CheckpointFormatException(where + ": declares " + size + " bytes, more than the " + fileSize
                    + " bytes of the archive");
        }
        return size;
    }


    // ------------------------------------------------------------------ legacy format

    /** Position-counting stream, so the legacy reader knows how many bytes of the file remain. */
    private static final class Counting extends FilterInputStream {
        long pos;

        Counting(InputStream in) { super(in); }

        @Override public int read() throws IOException {
            int b = in.read();
            if (b >= 0) pos++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) pos += n;
            return n;
        }

        @Override public long skip(long n) { throw new UnsupportedOperationException(); }
    }

    /**
     * The pre-1.6 format: pickles of the magic number, the protocol version (1001) and system info, then the
     * object, then the list of storage keys, then each storage as an 8-byte element count and its raw bytes.
     */
    private static Object loadLegacy(Path path, long fileSize) throws IOException {
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Counting in = new Counting(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            Object magic = legacyPickle(in, fileSize, file, null);
            if (!LEGACY_MAGIC.equals(magic)) throw new CheckpointFormatException(file + ": a pickle, but not a torch.save file (no magic number)");
            Object proto = legacyPickle(in, fileSize, file, null);
            if (!Long.valueOf(1001).equals(proto)) throw new CheckpointFormatException(file + ": unsupported legacy protocol version " + proto);
            Object sysInfo = legacyPickle(in, fileSize, file, null);
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new CheckpointFormatException(file + ": a big-endian legacy checkpoint is not supported");
            }
            Map<String, TorchGlobals.StorageRef> roots = new LinkedHashMap<>();
            long[] declared = {0};
            Unpickler.PersistentLoader loader = (pid, u) -> legacyStorage(pid, u, roots, fileSize - in.pos, declared);
            Object result = legacyPickle(in, fileSize, file, loader);
            Object keys = legacyPickle(in, fileSize, file, null);
            if (!(keys instanceof List<?> keyList)) throw new CheckpointFormatException(file + ": the storage key list is missing");
            for (Object k : keyList) {
                String where = file + " storage '" + k + "' at byte " + in.pos;
                TorchGlobals.StorageRef r = roots.get(k instanceof String s ? s : null);
                if (r == null) throw new CheckpointFormatException(where + ": listed twice, or never used by the pickle");
                byte[] n = in.readNBytes(8);
                if (n.length < 8) throw new CheckpointFormatException(where + ": truncated before the element count");
                long numel = 0;
                for (int i = 7; i >= 0; i--) numel = (numel << 8) | (n[i] & 0xFF);
                if (numel != r.numel()) {
                    throw new CheckpointFormatException(where + ": holds " + numel + " elements, the pickle declared " + r.numel());
                }
                readInto(in, r.storage().segment(), numel * r.dtype().itemSize(), r.dtype().itemSize(), ByteOrder.LITTLE_ENDIAN, where);
                roots.remove(k);
            }
            if (!roots.isEmpty()) throw new CheckpointFormatException(file + ": storages " + roots.keySet() + " have no data");
            return result;
        }
    }

    private static Object legacyPickle(Counting in, long fileSize, String file, Unpickler.PersistentLoader loader) throws IOException {
        long start = in.pos;
        Unpickler u = new Unpickler(in, fileSize - start, file + " (pickle at byte " + start + ")", TorchGlobals.INSTANCE, loader);
        return u.load();
    }

    private static Object legacyStorage(Object pid, Unpickler u, Map<String, TorchGlobals.StorageRef> roots, long remaining,
            long[] declared) throws CheckpointFormatException {
        StorageId id = StorageId.of(pid, 6, u);
        TorchGlobals.StorageRef root = roots.get(id.key);
        if (root == null) {
            long bytes = id.bytes(u);
            // the data of all storages follows the pickles, so together they must fit in what is left of the file
            declared[0] += bytes;
            if (bytes > remaining || declared[0] > remaining) {
                throw u.error("storage '" + id.key + "' declares " + id.numel + " elements of " + id.dtype + " (" + bytes
                        + " bytes), but only " + remaining + " bytes remain in the file for all storages");
            }
            root = new TorchGlobals.StorageRef(Storage.allocate(id.dtype, id.numel), id.dtype, id.numel, 0, id.key);
            roots.put(id.key, root);
        } else {
            checkSame(root, new StorageId(id.dtype, id.key, id.numel, null), u);
        }
        if (id.viewMetadata == null) return root;
        // (view_key, offset, view_size): an old storage view, which becomes an offset into the root
        if (!(id.viewMetadata instanceof Unpickler.Tuple v) || v.size() != 3 || !(v.get(1) instanceof Long off)
                || !(v.get(2) instanceof Long len) || off < 0 || len < 0 || off > root.numel() || len > root.numel() - off) {
            throw u.error("storage view of '" + id.key + "' lies outside its storage");
        }
        return new TorchGlobals.StorageRef(root.storage(), root.dtype(), len, off, id.key + "[" + off + ":" + (off + len) + "]");
    }

    // ------------------------------------------------------------------ saving

    /** {@code torch.save(obj, path)}: the zip format, readable by PyTorch 1.6 and later. */
    public static void save(Object obj, Path path) throws IOException {
        save(obj, path, false);
    }

    static void save(Object obj, Path path, boolean forceZip64) throws IOException {
        Pickler p = new Pickler();
        byte[] pickle = p.pickle(obj);
        String stem = path.getFileName().toString();
        int dot = stem.lastIndexOf('.');
        if (dot > 0) stem = stem.substring(0, dot);
        // PyTorch names the folder after the file; keep it to characters every zip tool accepts
        stem = stem.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (stem.isEmpty()) stem = "archive";
        String prefix = stem + "/";
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             AlignedZipWriter zip = new AlignedZipWriter(ch, forceZip64)) {
            zip.add(prefix + "data.pkl", pickle);
            zip.add(prefix + "byteorder", (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big")
                    .getBytes(StandardCharsets.US_ASCII));
            for (Pickler.StorageRecord r : p.records()) {
                long bytes = r.numel() * r.dtype().itemSize();
                zip.add(prefix + "data/" + r.key(), r.storage().segment().asSlice(0, bytes));
            }
            zip.add(prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
