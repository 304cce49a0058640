package dev.jtorch.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads conformance/gen_data.py's golden files. */
final class Golden {
    private Golden() {}

    static List<JsonObject> cases(String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (String line : text("/golden/data.jsonl").split("\n")) {
            if (line.isBlank()) continue;
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("kind").getAsString().equals(kind)) out.add(o);
        }
        if (out.isEmpty()) throw new IllegalStateException("no golden cases of kind " + kind);
        return out;
    }

    static String text(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
        return v;
    }

    static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    static double num(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException(e.toString());
            };
        }
        return e.getAsDouble();
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = num(a.get(i));
        return v;
    }

    static DType dtype(String name) {
        return switch (name) {
            case "uint8" -> DType.UINT8;
            case "int8" -> DType.INT8;
            case "int16" -> DType.INT16;
            case "int32" -> DType.INT32;
            case "int64" -> DType.INT64;
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A tensor written by gen_data.py's tl(). */
    static Tensor tensor(JsonObject o) {
        DType dt = dtype(o.get("dtype").getAsString());
        long[] shape = longs(o.get("shape"));
        Tensor flat = dt.isFloatingPoint() ? Torch.tensor(doubles(o.get("values")), DType.FLOAT64)
                : Torch.tensor(longs(o.get("values")));
        return flat.to(dt).reshape(shape);
    }

    /** Same dtype, shape and values, bit for bit (compared as doubles, which every dtype here fits). */
    static void assertTensor(JsonObject want, Tensor got, String what) {
        assertEquals(dtype(want.get("dtype").getAsString()), got.dtype(), what + ": dtype");
        assertArrayEquals(longs(want.get("shape")), got.shape(), what + ": shape");
        assertArrayEquals(doubles(want.get("values")), got.toDouble().toDoubleArray(), 0.0, what + ": values");
    }
}
