package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save then load in Java, memory mapping, and the book's real data file. */
class NpyRoundTripTest {
    @TempDir Path dir;

    static void assertSameValues(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        for (long i = 0; i < expected.numel(); i++) {
            if (expected.isFloatingPoint()) {
                assertEquals(Double.doubleToRawLongBits(expected.getDouble(i)), Double.doubleToRawLongBits(actual.getDouble(i)),
                        "element " + i + ": " + expected.getDouble(i) + " vs " + actual.getDouble(i));
            } else {
                assertEquals(expected.getLong(i), actual.getLong(i), "element " + i);
            }
        }
    }

    static List<Tensor> samples(DType t) {
        Tensor base = Torch.arange(-130.0, 130.0, 1.7, DType.FLOAT64);
        base = base.narrow(0, 0, 144).to(t).reshape(4, 6, 6);
        List<Tensor> out = new ArrayList<>();
        out.add(base);
        out.add(base.transpose(0, 2));                 // non-contiguous
        out.add(base.narrow(1, 2, 3).select(0, 1));    // non-zero storage offset
        out.add(base.select(0, 0).select(0, 0).select(0, 0)); // 0-d
        out.add(base.narrow(0, 0, 0));                 // empty
        return out;
    }

    @Test void everyDtypeRoundTrips() throws IOException {
        Path p = dir.resolve("t.npy");
        for (DType t : DType.values()) {
            if (t == DType.BFLOAT16) continue;
            for (Tensor x : samples(t)) {
                Torch.saveNpy(x, p);
                Tensor back = Torch.loadNpy(p);
                assertSameValues(x, back);
                assertTrue(back.isContiguous());
                assertSameValues(x, Torch.loadNpy(p, true));
            }
        }
    }

    @Test void specialFloatValues() throws IOException {
        Path p = dir.resolve("f.npy");
        float[] f = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE};
        Tensor x = Torch.fromArray(f);
        for (DType t : new DType[] {DType.FLOAT16, DType.FLOAT32, DType.FLOAT64}) {
            Torch.saveNpy(x.to(t), p);
            assertSameValues(x.to(t), Torch.loadNpy(p));
        }
    }

    @Test void bfloat16IsRefusedBeforeTouchingTheFile() {
        Path p = dir.resolve("bf.npy");
        Tensor x = Torch.ones(new long[] {3}, DType.BFLOAT16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Torch.saveNpy(x, p));
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        assertFalse(Files.exists(p));
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("ok", Torch.ones(2));
        m.put("bf", x);
        assertThrows(IllegalArgumentException.class, () -> Torch.saveNpz(m, dir.resolve("bf.npz")));
        assertFalse(Files.exists(dir.resolve("bf.npz")));
    }

    @Test void npzKeepsMapOrder() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("zeta", Torch.arange(0.0, 6.0, 1.0).reshape(2, 3));
        m.put("alpha", Torch.arange(5).toInt().t());
        m.put("mid", Torch.tensor(true));
        m.put("nested/name", Torch.zeros(new long[] {0, 2}, DType.INT16));
        m.put("wide", Torch.arange(0.0, 12.0, 1.0, DType.FLOAT64).reshape(3, 4).t());
        for (boolean compressed : new boolean[] {false, true}) {
            Path p = dir.resolve(compressed ? "c.npz" : "p.npz");
            if (compressed) Torch.saveNpzCompressed(m, p);
            else Torch.saveNpz(m, p);
            Map<String, Tensor> back = Torch.loadNpz(p);
            assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(back.keySet()));
            for (String k : m.keySet()) assertSameValues(m.get(k), back.get(k));
        }
        Torch.saveNpz(Map.of(), dir.resolve("empty.npz"));
        assertTrue(Torch.loadNpz(dir.resolve("empty.npz")).isEmpty());
    }

    @Test void hugeHeaderUsesVersion2() throws IOException {
        long[] shape = new long[25_000];
        java.util.Arrays.fill(shape, 1);
        shape[7] = 3;
        Tensor x = Torch.arange(3).reshape(shape);
        Path p = dir.resolve("v2.npy");
        Torch.saveNpy(x, p);
        byte[] b = Files.readAllBytes(p);
        assertEquals(2, b[6]);
        assertEquals(0, (b.length - 3 * 8) % 64, "data is 64-byte aligned");
        Tensor back = Torch.loadNpy(p);
        assertArrayEquals(shape, back.shape());
        assertEquals(2L, back.getLong(2));
    }

    // ------------------------------------------------------------------ memory mapping

    @Test void mmapIsReadOnlyByDefault() throws IOException {
        Path p = dir.resolve("m.npy");
        Torch.saveNpy(Torch.arange(0.0, 10.0, 1.0), p);
        Tensor t = Npy.mmap(p);
        assertTrue(t.storage().segment().isMapped());
        assertTrue(t.storage().segment().isReadOnly());
        assertEquals(9.0, t.getDouble(9));
        assertThrows(RuntimeException.class, () -> t.fill_(1.0));
        assertEquals(9.0, Torch.loadNpy(p).getDouble(9));
    }

    @Test void mmapReadWriteGoesThroughPrivateDoesNot() throws IOException {
        Path p = dir.resolve("rw.npy");
        Torch.saveNpy(Torch.arange(0.0, 6.0, 1.0, DType.FLOAT64).reshape(2, 3), p);
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = Npy.mmap(p, FileChannel.MapMode.PRIVATE, arena);
            t.select(0, 1).fill_(-1.0);
            assertEquals(-1.0, t.getDouble(5));
        }
        assertEquals(5.0, Torch.loadNpy(p).getDouble(5));
        Tensor kept;
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = Npy.mmap(p, FileChannel.MapMode.READ_WRITE, arena);
            t.select(0, 1).fill_(-1.0);
            kept = t;
        }
        assertThrows(IllegalStateException.class, () -> kept.getDouble(0), "the mapping ends with its arena");
        Tensor back = Torch.loadNpy(p);
        assertEquals(2.0, back.getDouble(2));
        assertEquals(-1.0, back.getDouble(3));
        assertEquals(-1.0, back.getDouble(5));
    }

    @Test void mmapOfLargeFileSharesThePages() throws IOException {
        long n = 8L << 20; // 32 MiB of float32
        Path p = dir.resolve("large.npy");
        Torch.saveNpy(Torch.arange(0.0, (double) n, 1.0), p);
        Tensor t = Torch.loadNpy(p, true);
        assertTrue(t.storage().segment().isMapped());
        assertEquals(n * 4, t.storage().byteSize());
        assertArrayEquals(new long[] {n}, t.shape());
        assertEquals((double) (n - 1), t.getDouble(n - 1));
        assertEquals(4096.0, t.narrow(0, 4096, 10).getDouble(0));
    }

    @Test void mmapOfBigEndianCopies() throws IOException {
        Path src = Path.of(NpyConformanceTest.resources().toString(), "f8_be.npy");
        assertThrows(NpyFormatException.class, () -> Npy.mmap(src, FileChannel.MapMode.READ_WRITE, Arena.ofAuto()));
        Tensor t = Npy.mmap(src);
        assertFalse(t.storage().segment().isMapped());
        assertSameValues(Npy.load(src), t);
    }

    @Test void fromSegmentChecksTheShape() {
        java.lang.foreign.MemorySegment seg = java.lang.foreign.MemorySegment.ofArray(new long[4]);
        assertEquals(4, Torch.fromSegment(seg, DType.INT64, 2, 2).numel());
        assertThrows(IllegalArgumentException.class, () -> Torch.fromSegment(seg, DType.INT64, 5));
        assertThrows(IllegalArgumentException.class, () -> Torch.fromSegment(seg, DType.INT64, -1));
        // 2^61 int64 elements are 2^64 bytes: the byte count used to wrap to 0 and pass the size check
        assertThrows(IllegalArgumentException.class, () -> Torch.fromSegment(seg, DType.INT64, 1L << 61));
    }

    // ------------------------------------------------------------------ real data

    /** The book's broken image: found by walking up to a shared/data folder beside the repository. */
    @Test void brokenImageFromTheBook() throws IOException {
        Path file = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("data").resolve("broken_image_t.npy");
            if (Files.isRegularFile(c)) file = c;
        }
        Assumptions.assumeTrue(file != null, "shared/data/broken_image_t.npy not found beside the repository; skipped");
        for (boolean mmap : new boolean[] {false, true}) {
            Tensor t = Torch.loadNpy(file, mmap);
            assertEquals(DType.FLOAT32, t.dtype());
            assertArrayEquals(new long[] {10000}, t.shape());
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (long i = 0; i < t.numel(); i++) {
                min = Math.min(min, t.getDouble(i));
                max = Math.max(max, t.getDouble(i));
            }
            assertEquals(-0.0989, min, 1e-4);
            assertEquals(0.0812, max, 1e-4);
        }
    }
}
