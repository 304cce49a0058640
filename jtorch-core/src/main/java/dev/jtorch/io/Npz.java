package dev.jtorch.io;

import dev.jtorch.Tensor;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archives ({@code np.load}, {@code np.savez}, {@code np.savez_compressed}): a zip of
 * {@code name.npy} entries, read into a map from {@code name} to tensor in archive order.
 *
 * <p>{@link ZipFile} trusts the archive (it checks neither sizes nor CRCs), so every entry is read through
 * a stream bounded by the size the central directory declares, its CRC-32 is verified, and a deflated entry
 * may not declare more bytes than deflate can expand its compressed size to. Entries are read into memory;
 * mapping is offered for plain {@code .npy} files only.
 */
public final class Npz {
    private Npz() {}

    /** Deflate expands at most about 1032:1; anything beyond this ratio is a lie about the size. */
    private static final long MAX_DEFLATE_RATIO = 1040;

    /** {@code dict(np.load(path))}: every {@code name.npy} entry as {@code name}, in archive order. */
    public static Map<String, Tensor> load(Path path) throws IOException {
        String file = path.toString();
        long fileSize = Files.size(path);
        Map<String, Tensor> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(file + ": not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String where = file + " entry '" + e.getName() + "'";
                if (!e.getName().endsWith(".npy")) {
                    throw new NpyFormatException(where + ": not a .npy entry (an .npz holds only name.npy entries)");
                }
                String key = e.getName().substring(0, e.getName().length() - 4);
                if (out.containsKey(key)) throw new NpyFormatException(where + ": duplicate entry");
                long size = checkSizes(e, fileSize, where);
                try (InputStream raw = zip.getInputStream(e)) {
                    CheckedEntryInput in = new CheckedEntryInput(raw, size, NpyFormatException::new);
                    Tensor t = Npy.read(in, size, where);
                    in.finish(e.getCrc(), where);
                    out.put(key, t);
                } catch (ZipException ex) {
                    throw new NpyFormatException(where + ": corrupt compressed data: " + ex.getMessage(), ex);
                }
            }
        }
        return out;
    }

    private static long checkSizes(ZipEntry e, long fileSize, String where) throws NpyFormatException {
        long size = e.getSize(), csize = e.getCompressedSize();
        if (size < 0 || csize < 0) throw new NpyFormatException(where + ": the archive does not declare the entry's size");
        if (csize > fileSize) {
            throw new NpyFormatException(where + ": declares " + csize + " compressed bytes, but the archive has only " + fileSize);
        }
        if (e.getMethod() == ZipEntry.STORED && size != csize) {
            throw new NpyFormatException(where + ": a stored entry declares " + size + " bytes but occupies " + csize);
        }
        if (e.getMethod() == ZipEntry.DEFLATED && size / MAX_DEFLATE_RATIO > csize + 1) {
            throw new NpyFormatException(where + ": declares " + size + " bytes uncompressed from only " + csize
                    + " compressed bytes, more than deflate can produce");
        }
        return size;
    }


    // ------------------------------------------------------------------ saving

    /** {@code np.savez(path, **tensors)}: stored (uncompressed) entries {@code key.npy}, in map order. */
    public static void save(Map<String, Tensor> tensors, Path path) throws IOException {
        save(tensors, path, false);
    }

    /** {@code np.savez_compressed(path, **tensors)}: deflated entries. */
    public static void saveCompressed(Map<String, Tensor> tensors, Path path) throws IOException {
        save(tensors, path, true);
    }

    private static void save(Map<String, Tensor> tensors, Path path, boolean compress) throws IOException {
        Map<String, Tensor> prepared = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> en : tensors.entrySet()) {
            if (en.getKey() == null || en.getKey().isEmpty()) throw new IllegalArgumentException("npz keys must be non-empty strings");
            prepared.put(en.getKey(), Npy.prepare(en.getValue())); // fails before the file is created
        }
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16))) {
            for (Map.Entry<String, Tensor> en : prepared.entrySet()) {
                ZipEntry e = new ZipEntry(en.getKey() + ".npy");
                // numpy's zipfile entries carry the zip epoch: a fixed time keeps archives reproducible
                e.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
                if (compress) {
                    e.setMethod(ZipEntry.DEFLATED);
                } else {
                    // a stored entry needs its size and CRC in the local header, so measure them first
                    Measure m = new Measure();
                    Npy.writePrepared(en.getValue(), m);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(m.size);
                    e.setCompressedSize(m.size);
                    e.setCrc(m.crc.getValue());
                }
                zip.putNextEntry(e);
                Npy.writePrepared(en.getValue(), zip);
                zip.closeEntry();
            }
        }
    }

    private static final class Measure extends OutputStream {
        final CRC32 crc = new CRC32();
        long size;

        @Override public void write(int b) {
            crc.update(b);
            size++;
        }

        @Override public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            size += len;
        }
    }
}
