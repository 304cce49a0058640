package dev.jtorch.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes an uncompressed zip archive whose entry data start at 64-byte boundaries, as PyTorch's
 * {@code PyTorchStreamWriter} does (the padding is an extra field with id "FB"), so that readers can map
 * tensor records in place. Sizes and CRCs go in the local headers (no data descriptors); ZIP64 records are
 * added only where an entry, an offset or the entry count exceeds the classic limits.
 */
final class AlignedZipWriter implements AutoCloseable {
    static final int ALIGNMENT = 64;
    private static final long MAX32 = 0xFFFFFFFFL;
    private static final int CHUNK = 1 << 20;

    private record Entry(byte[] name, long offset, long size, int crc) {}

    private final FileChannel ch;
    private final List<Entry> entries = new ArrayList<>();
    private long pos;
    private final boolean forceZip64;

    AlignedZipWriter(FileChannel ch) { this(ch, false); }

    /** {@code forceZip64} writes ZIP64 fields for every entry (tests use it to exercise them on small files). */
    AlignedZipWriter(FileChannel ch, boolean forceZip64) {
        this.ch = ch;
        this.forceZip64 = forceZip64;
    }

    void add(String name, byte[] data) throws IOException {
        add(name, MemorySegment.ofArray(data));
    }

    void add(String name, MemorySegment data) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        long size = data.byteSize();
        // heap segments over float[] and the like have no ByteBuffer view: go through a byte[] chunk
        byte[] chunk = new byte[(int) Math.min(CHUNK, size)];
        CRC32 crc = new CRC32();
        for (long off = 0; off < size; off += CHUNK) {
            int len = (int) Math.min(CHUNK, size - off);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, chunk, 0, len);
            crc.update(chunk, 0, len);
        }
        boolean z64 = forceZip64 || size >= MAX32;
        int z64Len = z64 ? 20 : 0;
        long headerEnd = pos + 30 + n.length + z64Len + 4;
        int pad = (int) ((ALIGNMENT - headerEnd % ALIGNMENT) % ALIGNMENT);
        ByteBuffer h = buf(30 + n.length + z64Len + 4 + pad);
        h.putInt(0x04034b50).putShort((short) (z64 ? 45 : 20)).putShort((short) 0x0800).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
                .putInt((int) (z64 ? MAX32 : size)).putInt((int) (z64 ? MAX32 : size))
                .putShort((short) n.length).putShort((short) (z64Len + 4 + pad)).put(n);
        if (z64) h.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        h.putShort((short) 0x4246).putShort((short) pad);
        h.position(h.position() + pad);
        entries.add(new Entry(n, pos, size, (int) crc.getValue()));
        write(h.flip());
        for (long off = 0; off < size; off += CHUNK) {
            int len = (int) Math.min(CHUNK, size - off);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, chunk, 0, len);
            write(ByteBuffer.wrap(chunk, 0, len));
        }
    }

    @Override public void close() throws IOException {
        long cdStart = pos;
        for (Entry e : entries) {
            boolean bigSize = forceZip64 || e.size >= MAX32, bigOff = forceZip64 || e.offset >= MAX32;
            int z64Len = (bigSize ? 16 : 0) + (bigOff ? 8 : 0);
            ByteBuffer c = buf(46 + e.name.length + (z64Len > 0 ? 4 + z64Len : 0));
            c.putInt(0x02014b50).putShort((short) (z64Len > 0 ? 45 : 20)).putShort((short) (z64Len > 0 ? 45 : 20))
                    .putShort((short) 0x0800).putShort((short) 0).putShort((short) 0).putShort((short) 0x21).putInt(e.crc)
                    .putInt((int) (bigSize ? MAX32 : e.size)).putInt((int) (bigSize ? MAX32 : e.size))
                    .putShort((short) e.name.length).putShort((short) (z64Len > 0 ? 4 + z64Len : 0)).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) (bigOff ? MAX32 : e.offset)).put(e.name);
            if (z64Len > 0) {
                c.putShort((short) 1).putShort((short) z64Len);
                if (bigSize) c.putLong(e.size).putLong(e.size);
                if (bigOff) c.putLong(e.offset);
            }
            write(c.flip());
        }
        long cdSize = pos - cdStart;
        boolean z64 = forceZip64 || entries.size() >= 0xFFFF || cdStart >= MAX32 || cdSize >= MAX32;
        if (z64) {
            long eocd64 = pos;
            ByteBuffer r = buf(56 + 20);
            r.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdStart);
            r.putInt(0x07064b50).putInt(0).putLong(eocd64).putInt(1);
            write(r.flip());
        }
        ByteBuffer end = buf(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (z64 ? 0xFFFF : entries.size())).putShort((short) (z64 ? 0xFFFF : entries.size()))
                .putInt((int) (z64 ? MAX32 : cdSize)).putInt((int) (z64 ? MAX32 : cdStart)).putShort((short) 0);
        write(end.flip());
    }

    private static ByteBuffer buf(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) pos += ch.write(b);
    }
}
