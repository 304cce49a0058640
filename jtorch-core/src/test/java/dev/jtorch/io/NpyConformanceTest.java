package dev.jtorch.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays the files numpy wrote (conformance/gen_npy.py): each is loaded into memory and by mmap and
 * compared exactly with the manifest, then saved by jtorch under target/npy-roundtrip/ (which
 * {@code gen_npy.py --verify} checks with numpy) and loaded back.
 */
class NpyConformanceTest {
    static final Path ROUNDTRIP = Path.of("target", "npy-roundtrip");

    static Path resources() {
        try {
            return Path.of(NpyConformanceTest.class.getResource("/npy/manifest.jsonl").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonObject> manifest() throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(resources().resolve("manifest.jsonl"))) {
            if (!line.isBlank()) out.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> numpyFiles() throws IOException {
        Files.createDirectories(ROUNDTRIP);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject rec : manifest()) {
            String file = rec.get("file").getAsString();
            Path path = resources().resolve(file);
            if (file.endsWith(".npz")) {
                tests.add(DynamicTest.dynamicTest(file, () -> checkNpz(path, rec)));
            } else {
                tests.add(DynamicTest.dynamicTest(file, () -> checkNpy(path, rec)));
                tests.add(DynamicTest.dynamicTest(file + " (mmap)", () -> {
                    Tensor t = Npy.load(path, true);
                    check(t, rec, file);
                    boolean shared = t.numel() > 0 && (t.elementSize() == 1 || rec.get("byteorder").getAsString().equals("little"));
                    assertEquals(shared, t.storage().segment().isMapped(), "mapped storage");
                }));
            }
        }
        assertTrue(tests.size() > 60, "manifest too small: " + tests.size());
        return tests;
    }

    private static void checkNpy(Path path, JsonObject rec) throws IOException {
        String file = rec.get("file").getAsString();
        Tensor t = Torch.loadNpy(path);
        check(t, rec, file);
        if (rec.get("fortran").getAsBoolean()) {
            long[] shape = t.shape(), expected = new long[shape.length];
            long s = 1;
            for (int i = 0; i < shape.length; i++) { expected[i] = s; s *= Math.max(shape[i], 1); }
            assertArrayEquals(expected, t.stride(), file + ": Fortran order keeps column-major strides");
        } else {
            assertTrue(t.isContiguous(), file);
        }
        Path out = ROUNDTRIP.resolve(file);
        Torch.saveNpy(t, out);
        check(Npy.load(out), rec, file + " saved by jtorch");
        // np.save of a C-ordered little-endian array: jtorch writes the very same bytes
        if (!rec.get("fortran").getAsBoolean() && rec.get("byteorder").getAsString().equals("little")
                && !file.startsWith("v2_") && !file.startsWith("v3_")) {
            assertArrayEquals(Files.readAllBytes(path), Files.readAllBytes(out), file + ": bytes differ from numpy's");
        }
    }

    private static void checkNpz(Path path, JsonObject rec) throws IOException {
        String file = rec.get("file").getAsString();
        Map<String, Tensor> m = Torch.loadNpz(path);
        JsonArray entries = rec.getAsJsonArray("entries");
        List<String> keys = new ArrayList<>();
        for (JsonElement e : entries) keys.add(e.getAsJsonObject().get("key").getAsString());
        assertEquals(keys, new ArrayList<>(m.keySet()), file + ": archive order");
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            check(m.get(o.get("key").getAsString()), o, file + ":" + o.get("key").getAsString());
        }
        Path out = ROUNDTRIP.resolve(file);
        if (file.contains("compressed")) Torch.saveNpzCompressed(m, out);
        else Torch.saveNpz(m, out);
        Map<String, Tensor> back = Npz.load(out);
        assertEquals(keys, new ArrayList<>(back.keySet()), file + " saved by jtorch: order");
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            check(back.get(o.get("key").getAsString()), o, file + " saved by jtorch:" + o.get("key").getAsString());
        }
    }

    /** Exact comparison: dtype, shape, and every value in row-major order (-0.0 and NaN included). */
    static void check(Tensor t, JsonObject rec, String what) {
        DType dtype = DType.of(rec.get("dtype").getAsString());
        assertEquals(dtype, t.dtype(), what + ": dtype");
        JsonArray shape = rec.getAsJsonArray("shape");
        long[] expShape = new long[shape.size()];
        for (int i = 0; i < expShape.length; i++) expShape[i] = shape.get(i).getAsLong();
        assertArrayEquals(expShape, t.shape(), what + ": shape");
        JsonArray values = rec.getAsJsonArray("values");
        assertEquals(values.size(), t.numel(), what + ": numel");
        for (int i = 0; i < values.size(); i++) {
            JsonElement v = values.get(i);
            switch (dtype.kind()) {
                case FLOAT -> {
                    double exp = v.getAsJsonPrimitive().isString() ? switch (v.getAsString()) {
                        case "nan" -> Double.NaN;
                        case "inf" -> Double.POSITIVE_INFINITY;
                        case "-inf" -> Double.NEGATIVE_INFINITY;
                        default -> throw new IllegalStateException(v.getAsString());
                    } : v.getAsDouble();
                    double got = t.getDouble(i);
                    if (Double.compare(exp, got) != 0) fail(what + ": element " + i + " expected " + exp + " got " + got);
                }
                case INT -> assertEquals(v.getAsLong(), t.getLong(i), what + ": element " + i);
                case BOOL -> assertEquals(v.getAsBoolean() ? 1L : 0L, t.getLong(i), what + ": element " + i);
            }
        }
    }
}
