package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java save, then Java load: every dtype, views over shared storage, ZIP64, and the archive's layout. */
class CheckpointRoundTripTest {
    @TempDir Path dir;

    static LinkedHashMap<String, Tensor> everyDtype() {
        LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
        Tensor base = Torch.arange(-6, 18).view(4, 6);
        for (DType d : DType.values()) sd.put(d.toString().substring(6), base.to(d));
        return sd;
    }

    static void assertSameTensor(Tensor want, Tensor got, String where) {
        assertEquals(want.dtype(), got.dtype(), where);
        assertArrayEquals(want.shape(), got.shape(), where);
        assertArrayEquals(want.stride(), got.stride(), where);
        assertEquals(want.storageOffset(), got.storageOffset(), where);
        for (long i = 0; i < want.numel(); i++) {
            double a = want.getDouble(i), b = got.getDouble(i);
            assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b), where + " element " + i);
        }
    }

    @Test
    void everyDtypeRoundTrips() throws IOException {
        LinkedHashMap<String, Tensor> sd = everyDtype();
        Path p = dir.resolve("model.pt");
        Torch.save(sd, p);
        LinkedHashMap<String, Tensor> back = Torch.loadStateDict(p);
        assertEquals(new ArrayList<>(sd.keySet()), new ArrayList<>(back.keySet()));
        for (String k : sd.keySet()) assertSameTensor(sd.get(k), back.get(k), k);
    }

    @Test
    void viewsShareOneRecordWithTheirOffsetsAndStrides() throws IOException {
        Tensor base = Torch.arange(0, 24).view(4, 6).toFloat();
        LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("base", base);
        sd.put("col", base.select(1, 3));
        sd.put("t", base.t());
        sd.put("step", base.slice(0, 1, 4, 1).slice(1, 0, 6, 2));
        sd.put("other", Torch.ones(3));
        Path p = dir.resolve("views.pt");
        Torch.save(sd, p);
        try (ZipFile z = new ZipFile(p.toFile())) {
            long records = z.stream().filter(e -> e.getName().startsWith("views/data/")).count();
            assertEquals(2, records, "one record per storage, as PyTorch writes");
            assertTrue(z.getEntry("views/version") != null && z.getEntry("views/byteorder") != null);
        }
        LinkedHashMap<String, Tensor> back = Torch.loadStateDict(p);
        for (String k : sd.keySet()) assertSameTensor(sd.get(k), back.get(k), k);
        assertSame(back.get("base").storage(), back.get("step").storage());
        assertSame(back.get("base").storage(), back.get("t").storage());
        assertNotSame(back.get("base").storage(), back.get("other").storage());
        // writes through one view are seen by the others, as after torch.load
        back.get("col").fill_(-1.0);
        assertEquals(-1.0, back.get("base").get(2, 3).itemDouble());
    }

    @Test
    void recordsAre64ByteAligned() throws IOException {
        Path p = dir.resolve("aligned.pt");
        Torch.save(everyDtype(), p);
        byte[] raw = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        for (int at = 0; at + 30 <= raw.length && b.getInt(at) == 0x04034b50; count++) {
            int size = b.getInt(at + 18), nameLen = b.getShort(at + 26) & 0xFFFF, extraLen = b.getShort(at + 28) & 0xFFFF;
            int data = at + 30 + nameLen + extraLen;
            assertEquals(0, data % 64, "entry " + count + " data offset " + data);
            at = data + size;
        }
        assertEquals(everyDtype().size() + 3, count);
    }

    @Test
    void zip64RecordsAreRead() throws IOException {
        Path p = dir.resolve("z64.pt");
        LinkedHashMap<String, Tensor> sd = everyDtype();
        TorchFile.save(sd, p, true);
        try (ZipFile z = new ZipFile(p.toFile())) {
            ZipEntry e = z.getEntry("z64/data/0");
            assertEquals(24, e.getSize()); // the first record: 24 bools
        }
        LinkedHashMap<String, Tensor> back = Torch.loadStateDict(p);
        for (String k : sd.keySet()) assertSameTensor(sd.get(k), back.get(k), k);
    }

    @Test
    void plainValuesRoundTrip() throws IOException {
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("epoch", 7L);
        ckpt.put("lr", 0.125);
        ckpt.put("name", "naïve ✓");
        ckpt.put("flags", List.of(true, false));
        ckpt.put("nothing", null);
        ckpt.put("ids", new LinkedHashSet<>(List.of(3L, 1L, 2L)));
        Map<Object, Object> state = new HashMap<>();
        state.put(0L, Torch.zeros(2));
        ckpt.put("state", state);
        ckpt.put("scalar", Torch.tensor(2.5));
        ckpt.put("int", 5);
        Path p = dir.resolve("ckpt.pt");
        Torch.save(ckpt, p);
        Map<?, ?> back = assertInstanceOf(LinkedHashMap.class, Torch.load(p));
        assertEquals(7L, back.get("epoch"));
        assertEquals(0.125, back.get("lr"));
        assertEquals("naïve ✓", back.get("name"));
        assertEquals(List.of(true, false), back.get("flags"));
        assertTrue(back.containsKey("nothing") && back.get("nothing") == null);
        assertEquals(new LinkedHashSet<>(List.of(3L, 1L, 2L)), back.get("ids"));
        Map<?, ?> st = assertInstanceOf(Map.class, back.get("state"));
        assertArrayEquals(new long[] {2}, ((Tensor) st.get(0L)).shape());
        assertEquals(2.5, ((Tensor) back.get("scalar")).itemDouble());
        assertEquals(5L, back.get("int"));
    }

    @Test
    void requiresGradIsKept() throws IOException {
        Path p = dir.resolve("grad.pt");
        Tensor w = Torch.ones(2, 2).requiresGrad_();
        Torch.save(Map.of("w", w), p);
        assertTrue(Torch.loadStateDict(p).get("w").requiresGrad());
    }

    @Test
    void unsupportedValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Torch.save(Map.of("x", new Object()), dir.resolve("bad.pt")));
        assertTrue(e.getMessage().contains("cannot save a java.lang.Object"), e.getMessage());
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        e = assertThrows(IllegalArgumentException.class, () -> Torch.save(cycle, dir.resolve("cycle.pt")));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void safetensorsRoundTripEveryDtypeWithMetadata() throws IOException {
        Path p = dir.resolve("m.safetensors");
        LinkedHashMap<String, Tensor> sd = everyDtype();
        sd.put("view", sd.get("float32").t());
        sd.put("empty", Torch.zeros(0, 4));
        Safetensors.save(sd, Map.of("format", "pt", "quote\"d", "line\nbreak"), p);
        LinkedHashMap<String, Tensor> back = Torch.loadSafetensors(p);
        assertEquals(sd.keySet(), back.keySet());
        for (String k : sd.keySet()) {
            Tensor want = sd.get(k).contiguous(), got = back.get(k);
            assertEquals(want.dtype(), got.dtype(), k);
            assertArrayEquals(want.shape(), got.shape(), k);
            for (long i = 0; i < want.numel(); i++) assertEquals(want.getDouble(i), got.getDouble(i), k);
        }
        assertEquals(Map.of("format", "pt", "quote\"d", "line\nbreak"), Safetensors.metadata(p));
        // the header is padded to 8 bytes, so 8-byte dtypes written first stay aligned in the mapping
        assertEquals(0, ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN).getLong(0) % 8);
        assertThrows(RuntimeException.class, () -> back.get("float32").segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1));
        // mapped tensors save to .pt like any others
        Path pt = dir.resolve("from_mapped.pt");
        Torch.save(back, pt);
        LinkedHashMap<String, Tensor> again = Torch.loadStateDict(pt);
        for (String k : back.keySet()) assertSameTensor(back.get(k), again.get(k), k);
        Tensor copy = Safetensors.load(p, false).get("float32");
        copy.fill_(1.0);
        assertEquals(1.0, copy.getDouble(0));
    }
}
