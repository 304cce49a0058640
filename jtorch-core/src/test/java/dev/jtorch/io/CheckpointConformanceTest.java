package dev.jtorch.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays the checkpoints PyTorch wrote (conformance/gen_ckpt.py): each file is loaded and compared exactly with
 * what {@code torch.load} gave (values, dtypes, shapes, strides, offsets, which tensors share storage, the
 * plain Python values around them), saved again by jtorch under target/ckpt-roundtrip/ (which
 * {@code gen_ckpt.py --verify} loads with PyTorch) and loaded back. Hostile files must fail cleanly.
 */
class CheckpointConformanceTest {
    static final Path ROUNDTRIP = Path.of("target", "ckpt-roundtrip");

    static Path resources() {
        try {
            return Path.of(CheckpointConformanceTest.class.getResource("/ckpt/expected.jsonl").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonObject> lines(String name) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(resources().resolve(name))) {
            if (!line.isBlank()) out.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> pytorchFiles() throws IOException {
        Files.createDirectories(ROUNDTRIP);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject rec : lines("expected.jsonl")) {
            String file = rec.get("file").getAsString();
            JsonElement expected = rec.get("object");
            Path path = resources().resolve(file);
            if (file.endsWith(".safetensors")) {
                tests.add(DynamicTest.dynamicTest(file, () -> {
                    Map<String, Tensor> mapped = Safetensors.load(path);
                    compareTensorMap(mapped, expected, true);
                    for (Tensor t : mapped.values()) {
                        if (t.numel() > 0) assertTrue(t.storage().segment().isMapped(), "zero-copy: " + file);
                    }
                    compareTensorMap(Safetensors.load(path, false), expected, true);
                    Path out = ROUNDTRIP.resolve(file);
                    Safetensors.save(mapped, out);
                    compareTensorMap(Safetensors.load(out), expected, true);
                    // the reference writer's layout: jtorch writes the same bytes for the same tensors
                    if (file.equals("neuralnet.safetensors")) assertArrayEquals(Files.readAllBytes(path), Files.readAllBytes(out));
                }));
            } else {
                tests.add(DynamicTest.dynamicTest(file, () -> {
                    Object loaded = Torch.load(path);
                    compare(loaded, expected, new Sharing(), file);
                    Path out = ROUNDTRIP.resolve(file);
                    Torch.save(loaded, out);
                    compare(Torch.load(out), expected, new Sharing(), file + " (saved by jtorch)");
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> hostileFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject rec : lines("hostile.jsonl")) {
            String file = rec.get("file").getAsString();
            String error = rec.get("error").getAsString();
            Path path = resources().resolve(file);
            tests.add(DynamicTest.dynamicTest(file, () -> {
                CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                        () -> { if (file.endsWith(".safetensors")) Safetensors.load(path); else Torch.load(path); });
                assertTrue(e.getMessage().contains(error), () -> "message: " + e.getMessage() + "\nexpected to contain: " + error);
                assertTrue(e.getMessage().contains(file), () -> "message names the file: " + e.getMessage());
            }));
        }
        return tests;
    }

    /** The book's chapter-3 model: PyTorch's state dict gives PyTorch's outputs. */
    @Test
    void neuralNetForward() throws IOException {
        for (String file : List.of("neuralnet.pt", "v2style.pt")) {
            LinkedHashMap<String, Tensor> sd = Torch.loadStateDict(resources().resolve(file));
            assertEquals(List.of("linear_1.weight", "linear_1.bias", "linear_2.weight", "linear_2.bias"), new ArrayList<>(sd.keySet()));
            JsonObject fwd = JsonParser.parseString(Files.readString(resources().resolve("neuralnet_forward.json"))).getAsJsonObject();
            JsonArray xs = fwd.getAsJsonArray("x");
            float[] x = new float[xs.size() * 2];
            for (int i = 0; i < xs.size(); i++) {
                x[2 * i] = xs.get(i).getAsJsonArray().get(0).getAsFloat();
                x[2 * i + 1] = xs.get(i).getAsJsonArray().get(1).getAsFloat();
            }
            Tensor in = Torch.fromArray(x, xs.size(), 2);
            Tensor h = in.matmul(sd.get("linear_1.weight").t()).add(sd.get("linear_1.bias"));
            h = Torch.where(h.gt(Torch.zerosLike(h)), h, Torch.zerosLike(h));
            Tensor z = h.matmul(sd.get("linear_2.weight").t()).add(sd.get("linear_2.bias"));
            Tensor y = Torch.onesLike(z).div(z.neg().exp().add(1.0));
            double[] got = y.toDoubleArray();
            JsonArray want = fwd.getAsJsonArray("y");
            assertEquals(want.size(), got.length);
            for (int i = 0; i < got.length; i++) assertEquals(Double.parseDouble(want.get(i).getAsString()), got[i], 1e-6, file);
        }
    }

    @Test
    void loadStateDictRefusesOtherObjects() {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> Torch.loadStateDict(resources().resolve("tensor.pt")));
        assertTrue(e.getMessage().contains("not a state dict"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> Torch.loadStateDict(resources().resolve("checkpoint.pt")));
        assertTrue(e.getMessage().contains("not a tensor"), e.getMessage());
    }

    // ------------------------------------------------------------------ comparison

    /** Storage ids in the expected file map one-to-one onto jtorch Storage objects. */
    static final class Sharing {
        final Map<Integer, Storage> byId = new HashMap<>();
        final IdentityHashMap<Storage, Integer> byStorage = new IdentityHashMap<>();

        void check(int id, Storage s, String where) {
            Storage prev = byId.putIfAbsent(id, s);
            if (prev != null) assertSame(prev, s, where + ": tensors that share storage in PyTorch must share it in jtorch");
            Integer prevId = byStorage.putIfAbsent(s, id);
            if (prevId != null) assertEquals(prevId, id, where + ": tensors with separate storages in PyTorch share one in jtorch");
        }
    }

    static void compare(Object got, JsonElement want, Sharing sharing, String where) {
        if (want.isJsonNull()) {
            assertNull(got, where);
        } else if (want.isJsonArray()) {
            List<?> l = assertInstanceOf(List.class, got, where);
            assertTrue(l instanceof ArrayList<?>, where + ": a Python list is a mutable ArrayList");
            JsonArray a = want.getAsJsonArray();
            assertEquals(a.size(), l.size(), where);
            for (int i = 0; i < a.size(); i++) compare(l.get(i), a.get(i), sharing, where + "[" + i + "]");
        } else if (want.isJsonPrimitive()) {
            var p = want.getAsJsonPrimitive();
            if (p.isBoolean()) assertEquals(p.getAsBoolean(), got, where);
            else if (p.isString()) assertEquals(p.getAsString(), got, where);
            else {
                BigInteger v = p.getAsBigInteger();
                assertEquals(v.bitLength() < 64 ? (Object) v.longValue() : v, got, where);
            }
        } else {
            JsonObject o = want.getAsJsonObject();
            if (o.has("__tensor__")) {
                compareTensor(assertInstanceOf(Tensor.class, got, where), o.getAsJsonObject("__tensor__"), sharing, where);
            } else if (o.has("__float__")) {
                assertEquals(Double.parseDouble(o.get("__float__").getAsString()), assertInstanceOf(Double.class, got, where), where);
            } else if (o.has("__tuple__")) {
                List<?> l = assertInstanceOf(List.class, got, where);
                JsonArray a = o.getAsJsonArray("__tuple__");
                assertEquals(a.size(), l.size(), where);
                assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) l).add(null), where + ": a tuple is immutable");
                for (int i = 0; i < a.size(); i++) compare(l.get(i), a.get(i), sharing, where + "(" + i + ")");
            } else {
                Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, got, where);
                JsonArray pairs = o.getAsJsonArray("__dict__");
                assertEquals(pairs.size(), m.size(), where);
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    JsonArray kv = pairs.get(i++).getAsJsonArray();
                    compare(e.getKey(), kv.get(0), sharing, where + " key");
                    compare(e.getValue(), kv.get(1), sharing, where + "[" + e.getKey() + "]");
                }
            }
        }
    }

    static void compareTensorMap(Map<String, Tensor> got, JsonElement want, boolean contiguous) {
        JsonArray pairs = want.getAsJsonObject().getAsJsonArray("__dict__");
        assertEquals(pairs.size(), got.size());
        Set<String> seen = new java.util.HashSet<>();
        for (JsonElement p : pairs) {
            String k = p.getAsJsonArray().get(0).getAsString();
            Tensor t = got.get(k);
            assertTrue(t != null, "missing " + k);
            JsonObject w = p.getAsJsonArray().get(1).getAsJsonObject().getAsJsonObject("__tensor__");
            compareValues(t, w, k);
            seen.add(k);
            if (contiguous) assertTrue(t.isContiguous(), k);
        }
        assertEquals(got.keySet(), seen);
    }

    static void compareTensor(Tensor t, JsonObject w, Sharing sharing, String where) {
        compareValues(t, w, where);
        assertArrayEquals(longs(w.getAsJsonArray("stride")), t.stride(), where + " stride");
        assertEquals(w.get("offset").getAsLong(), t.storageOffset(), where + " storage offset");
        assertEquals(w.get("requires_grad").getAsBoolean(), t.requiresGrad(), where + " requires_grad");
        sharing.check(w.get("storage").getAsInt(), t.storage(), where);
    }

    static void compareValues(Tensor t, JsonObject w, String where) {
        DType dtype = DType.of(w.get("dtype").getAsString());
        assertEquals(dtype, t.dtype(), where + " dtype");
        assertArrayEquals(longs(w.getAsJsonArray("shape")), t.shape(), where + " shape");
        JsonArray values = w.getAsJsonArray("values");
        assertEquals(values.size(), t.numel(), where + " numel");
        for (int i = 0; i < values.size(); i++) {
            JsonElement v = values.get(i);
            String at = where + " element " + i;
            if (dtype.isFloatingPoint()) {
                double want = switch (v.getAsString()) {
                    case "nan" -> Double.NaN;
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(v.getAsString());
                };
                double got = t.getDouble(i);
                if (Double.isNaN(want)) assertTrue(Double.isNaN(got), at);
                else assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), at + ": " + want + " vs " + got);
            } else if (dtype == DType.BOOL) {
                assertEquals(v.getAsBoolean(), t.getLong(i) != 0, at);
            } else {
                assertEquals(v.getAsLong(), t.getLong(i), at);
            }
        }
    }

    static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }

}
