package dev.jtorch.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading golden cases written by conformance/golden_lib.py and comparing jtorch results with them.
 * Tensors are {dtype, shape, flat data, nc}; nc asks for a non-contiguous layout built as the generator
 * built it.
 */
public final class Golden {
    private Golden() {}

    /**
     * The device golden inputs are decoded onto (CPU unless a GPU replay sets it, for the duration of a
     * case): the conformance replays stay the same code on every device.
     */
    private static final ThreadLocal<Device> DEVICE = ThreadLocal.withInitial(() -> Device.CPU);

    public static Device device() { return DEVICE.get(); }

    /** Runs {@code body} with golden inputs decoded onto {@code device}. */
    public static void onDevice(Device device, ThrowingRunnable body) throws Throwable {
        Device before = DEVICE.get();
        DEVICE.set(device);
        try {
            body.run();
        } finally {
            DEVICE.set(before);
        }
    }

    public interface ThrowingRunnable {
        void run() throws Throwable;
    }

    /** {@code t} on the replay device (itself on the CPU). */
    public static Tensor toDevice(Tensor t) {
        Device d = DEVICE.get();
        return t == null || t.device().equals(d) ? t : t.to(d);
    }

    /** {@code t}'s values readable from Java: a device tensor is copied to the host once, not per element. */
    public static Tensor host(Tensor t) {
        return t.device().type() == Device.Type.CPU ? t : t.detach().cpu();
    }

    /** Null, or why {@code t} is not on the replay device (a GPU op must not hand back a CPU tensor). */
    public static String wrongDevice(Tensor t) {
        Device d = DEVICE.get();
        if (d.type() == Device.Type.CPU || t.device().type() == d.type()) return null;
        return "result on " + t.device() + ", inputs on " + d;
    }

    public static List<JsonObject> load(String resource) {
        InputStream in = Golden.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing golden resource " + resource);
        List<JsonObject> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) out.add(JsonParser.parseString(line).getAsJsonObject());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static double num(JsonElement e) {
        if (e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException(e.toString());
            };
        }
        if (e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean() ? 1 : 0;
        return e.getAsDouble();
    }

    public static DType dtype(String s) { return DType.of(s); }

    /** Decodes an input value: a Tensor, Long, Double, Boolean, String, DType, List or null. */
    public static Object decode(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        JsonObject o = e.getAsJsonObject();
        if (o.has("dtype")) return tensor(o);
        if (o.has("scalar")) {
            return switch (o.get("kind").getAsString()) {
                case "bool" -> o.get("scalar").getAsBoolean();
                case "int" -> o.get("scalar").getAsLong();
                default -> num(o.get("scalar"));
            };
        }
        if (o.has("str")) return o.get("str").getAsString();
        if (o.has("dtypeval")) return DType.of(o.get("dtypeval").getAsString());
        if (o.has("list")) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : o.getAsJsonArray("list")) l.add(decode(x));
            return l;
        }
        throw new IllegalArgumentException("cannot decode " + o);
    }

    public static long[] shape(JsonObject o) {
        JsonArray s = o.getAsJsonArray("shape");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsLong();
        return shape;
    }

    public static Tensor tensor(JsonObject o) {
        DType dt = DType.of(o.get("dtype").getAsString());
        JsonArray data = o.getAsJsonArray("data");
        Tensor t;
        if (dt.isFloatingPoint()) {
            double[] v = new double[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = num(data.get(i));
            t = Torch.fromArray(v).to(dt).clone();
        } else {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = data.get(i).getAsLong();
            t = Torch.fromArray(v).to(dt).clone();
        }
        t = toDevice(t.view(shape(o)));
        if (o.has("nc") && o.get("nc").getAsBoolean()) t = nonContiguous(t);
        return t;
    }

    /** The same values in a non-contiguous layout (the generator's recipe). */
    public static Tensor nonContiguous(Tensor t) {
        if (t.dim() >= 2) return t.transpose(0, -1).contiguous().transpose(0, -1);
        if (t.dim() == 1) return Torch.stack(t, t).t().contiguous().select(1, 0);
        return t;
    }

    /** Relative and absolute tolerance for a dtype. */
    public record Tol(double rtol, double atol) {}

    public static Tol tol(DType t, double scale) {
        return switch (t) {
            case FLOAT64 -> new Tol(1e-12 * scale, 1e-13 * scale);
            case FLOAT32 -> new Tol(1e-6 * Math.min(scale, 10), 1e-7 * Math.min(scale, 10));
            case FLOAT16, BFLOAT16 -> new Tol(1e-2, 1e-3);
            default -> new Tol(0, 0);
        };
    }

    /** Asserts that {@code actual} matches the encoded tensor; returns null or a description of the mismatch. */
    public static String compareTensor(Tensor actual, JsonObject expected, double scale) {
        DType dt = DType.of(expected.get("dtype").getAsString());
        if (actual.dtype() != dt) return "dtype " + actual.dtype() + " != " + dt;
        String where = wrongDevice(actual);
        if (where != null) return where;
        actual = host(actual);
        long[] shape = shape(expected);
        if (!Arrays.equals(actual.shape(), shape)) return "shape " + Arrays.toString(actual.shape()) + " != " + Arrays.toString(shape);
        JsonArray data = expected.getAsJsonArray("data");
        Tol tol = tol(dt, scale);
        for (int i = 0; i < data.size(); i++) {
            if (dt.isFloatingPoint()) {
                double a = actual.getDouble(i), b = num(data.get(i));
                if (Double.isNaN(b) ? !Double.isNaN(a) : !(a == b || Math.abs(a - b) <= tol.atol() + tol.rtol() * Math.abs(b))) {
                    return "element " + i + ": " + a + " != " + b;
                }
            } else {
                long a = actual.getLong(i), b = data.get(i).getAsLong();
                if (a != b) return "element " + i + ": " + a + " != " + b;
            }
        }
        return null;
    }
}
