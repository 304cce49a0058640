package dev.jtorch.io;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed and lying files, written here byte by byte: each must fail with a clear message, never an OOM. */
class NpyHostileTest {
    @TempDir Path dir;

    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + (major == 1 ? 2 : 4) + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) h.length);
        else b.putInt(h.length);
        return b.put(h).put(data).array();
    }

    static byte[] npy(String header, byte[] data) { return npy(1, header, data); }

    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    }

    /** Writes {@code bytes}, loads them both ways, and returns the message (the same for both). */
    String fails(byte[] bytes, String... expected) throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.write(p, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.load(p));
        NpyFormatException m = assertThrows(NpyFormatException.class, () -> Npy.load(p, true));
        assertEquals(e.getMessage(), m.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), "names the file: " + e.getMessage());
        for (String s : expected) assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        return e.getMessage();
    }

    @Test void badMagic() throws IOException {
        byte[] b = npy(dict("<f4", "(1,)"), new byte[4]);
        b[5] = 'X';
        fails(b, "bad magic string at byte 0", "NUMPX");
        fails(new byte[0], "only 0 bytes");
        fails(new byte[] {(byte) 0x93, 'N', 'U'}, "only 3 bytes");
        fails(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}, "zip signature");
        fails(new byte[] {(byte) 0x80, 2, ']', 'q', 0, '.', 0, 0, 0, 0}, "pickle");
    }

    @Test void truncatedPrefixAndVersion() throws IOException {
        fails(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}, "format version at byte 6");
        fails(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 5}, "header length field at byte 8");
        byte[] v4 = npy(dict("<f4", "(1,)"), new byte[4]);
        v4[6] = 4;
        fails(v4, "unsupported .npy format version 4.0 at byte 6");
    }

    @Test void headerClaimingTenToTheTwelveElementsWithTinyBody() throws IOException {
        // 10^12 float32 = 4 * 10^12 bytes declared, 16 present: must fail before allocating anything
        String h = dict("<f4", "(1000000, 1000000)");
        fails(npy(h, new byte[16]), "truncated data", "shape (1000000, 1000000)",
                "4000000000000 bytes", "only 16 bytes", "at byte " + (10 + h.length()));
    }

    @Test void truncatedData() throws IOException {
        fails(npy(dict("<f8", "(10,)"), new byte[40]), "80 bytes of data", "only 40 bytes follow the header");
    }

    @Test void trailingBytes() throws IOException {
        fails(npy(dict("<i4", "(2,)"), new byte[12]), "12 bytes follow the header", "8 bytes of data", "4 trailing bytes");
    }

    @Test void headerLengthBeyondFile() throws IOException {
        byte[] b = npy(dict("<f4", "(1,)"), new byte[4]);
        b[8] = (byte) 0x60;
        b[9] = (byte) 0xEA; // 60000
        fails(b, "declares 60000 header bytes", "at byte 8");
        byte[] v2 = npy(2, dict("<f4", "(1,)"), new byte[4]);
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7FFFFFF0);
        fails(v2, "declares 2147483632 header bytes");
    }

    @Test void negativeDimension() throws IOException {
        fails(npy(dict("<f4", "(-1,)"), new byte[0]), "negative dimension -1 in 'shape'");
        fails(npy(dict("<f4", "(2, -3)"), new byte[0]), "negative dimension -3");
    }

    @Test void overflowingShape() throws IOException {
        fails(npy(dict("<f4", "(4611686018427387904, 4)"), new byte[0]), "more elements or bytes than fit in 64 bits");
        fails(npy(dict("<f8", "(2305843009213693952,)"), new byte[0]), "64 bits");
        fails(npy(dict("<f4", "(0, 4611686018427387904, 4)"), new byte[0]), "64 bits");
        fails(npy(dict("<f4", "(99999999999999999999,)"), new byte[0]), "does not fit in 64 bits");
    }

    @Test void objectArraysAndPickles() throws IOException {
        fails(npy(dict("|O", "(2,)"), new byte[16]), "'descr' '|O'", "object arrays", "pickled");
    }

    @Test void codeInTheHeaderIsNeverRun() throws IOException {
        Path marker = dir.resolve("pwned");
        String evil = "{'descr': __import__('os').system('touch " + marker + "'), 'fortran_order': False, 'shape': (1,), }\n";
        fails(npy(evil, new byte[4]), "invalid .npy header at byte 20", "found '_'");
        fails(npy("__import__('os').system('touch " + marker + "')\n", new byte[4]), "must be a Python dict literal");
        fails(npy(dict("<f4", "(1,)").replace("}", "}; import os"), new byte[4]), "unexpected text after the header dict");
        fails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (len('ab'),), }", new byte[8]), "expected an integer");
        assertFalse(Files.exists(marker));
    }

    @Test void keysAndValues() throws IOException {
        fails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", new byte[8]),
                "unexpected key 'extra'", "only 'descr', 'fortran_order' and 'shape'");
        fails(npy("{'descr': '<f4', 'shape': (2,)}", new byte[8]), "lacks the key 'fortran_order'");
        fails(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", new byte[8]), "duplicate key 'descr'");
        fails(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", new byte[8]), "expected a string, True, False");
        fails(npy("{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,)}", new byte[8]), "'fortran_order' must be True or False");
        fails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", new byte[8]), "an integer, not a tuple");
        fails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': '2'}", new byte[8]), "'shape' must be a tuple");
        fails(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", new byte[8]), "structured");
        fails(npy("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "escapes");
        fails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ", new byte[4]), "found end of header");
        fails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (01,)}", new byte[4]), "leading zeros");
    }

    @Test void unsupportedDtypes() throws IOException {
        fails(npy(dict("<u2", "(2,)"), new byte[4]), "uint16 has no jtorch dtype");
        fails(npy(dict("<c8", "(2,)"), new byte[16]), "complex");
        fails(npy(dict("<U3", "(2,)"), new byte[24]), "unsupported dtype");
        fails(npy(dict("|f4", "(2,)"), new byte[8]), "byte order '|' is not valid for a 4-byte type");
        fails(npy(dict("=f4", "(2,)"), new byte[8]), "byte order '='");
    }

    @Test void lenientWhereNumpyIs() throws IOException {
        // what numpy's own reader accepts: any key order, no trailing comma, double quotes, Python 2 longs
        Path p = dir.resolve("ok.npy");
        Files.write(p, npy("{\"shape\": (2L, 1), \"fortran_order\": True, \"descr\": \"<i2\"}", new byte[] {1, 0, 2, 0}));
        Tensor t = Npy.load(p);
        assertEquals(2L, t.getLong(1));
        Files.write(p, npy(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (1_0,), 'é'[0:0] if 0 else 0}", new byte[0]));
        assertThrows(NpyFormatException.class, () -> Npy.load(p));
        Files.write(p, npy(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (1_0,)}    \n", new byte[20]));
        assertEquals(10, Npy.load(p).numel());
    }

    // ------------------------------------------------------------------ npz

    Path zip(Map<String, byte[]> entries, boolean deflate) throws IOException {
        Path p = dir.resolve("bad.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            for (Map.Entry<String, byte[]> en : entries.entrySet()) {
                ZipEntry e = new ZipEntry(en.getKey());
                if (!deflate) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(en.getValue());
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(en.getValue().length);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(en.getValue());
                z.closeEntry();
            }
        }
        return p;
    }

    static String npzFails(Path p, String... expected) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Torch.loadNpz(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        for (String s : expected) assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        return e.getMessage();
    }

    @Test void npzLyingHeaderInsideEntry() throws IOException {
        for (boolean deflate : new boolean[] {false, true}) {
            Path p = zip(Map.of("x.npy", npy(dict("<f4", "(1000000, 1000000)"), new byte[16])), deflate);
            npzFails(p, "entry 'x.npy'", "4000000000000 bytes", "only 16 bytes");
        }
    }

    @Test void npzCrcMismatch() throws IOException {
        Path p = dir.resolve("crc.npz");
        Npz.save(Map.of("a", Torch.fromArray(new double[] {1.0, 2.0})), p);
        byte[] b = Files.readAllBytes(p);
        int at = indexOf(b, new byte[] {0, 0, 0, 0, 0, 0, 0, 0x40}); // 2.0 little-endian
        b[at + 7] = 0x41;
        Files.write(p, b);
        npzFails(p, "entry 'a.npy'", "CRC-32 mismatch");
    }

    @Test void npzDeclaredSizeLies() throws IOException {
        byte[] data = npy(dict("<f8", "(4,)"), new byte[32]);
        // the central directory's uncompressed size (offset 24 of the CEN header) rewritten
        Path p = zip(Map.of("x.npy", data), true);
        patchCenSize(p, 0x7FFFFFF0);
        npzFails(p, "more than deflate can produce");
        p = zip(Map.of("x.npy", data), true);
        patchCenSize(p, data.length - 8);
        npzFails(p, "only 24 bytes follow the header");
        p = zip(Map.of("x.npy", data), true);
        patchCenSize(p, data.length + 8);
        npzFails(p, "trailing bytes");
    }

    @Test void npzOtherEntriesAndNonZip() throws IOException {
        npzFails(zip(Map.of("readme.txt", new byte[] {'h', 'i'}), false), "entry 'readme.txt'", "not a .npy entry");
        Path p = dir.resolve("plain.npz");
        Files.write(p, npy(dict("<f4", "(1,)"), new byte[4]));
        npzFails(p, "not a valid .npz (zip) archive");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("ok.npy", npy(dict("<f4", "(1,)"), new byte[4]));
        m.put("bad.npy", npy(dict("|O", "(1,)"), new byte[8]));
        npzFails(zip(m, true), "entry 'bad.npy'", "object arrays");
    }

    private static void patchCenSize(Path p, int size) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int cen = indexOf(b, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, size);
        Files.write(p, b);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
