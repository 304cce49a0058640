package dev.jtorch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.internal.Mem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays golden/repr.jsonl (conformance/gen_repr.py): each case rebuilds a tensor from its exact values,
 * applies the recorded view, autograd op, default dtype and print options, and compares toString() with
 * PyTorch 1.13's repr character for character.
 */
class PrintingTest {
    @AfterEach
    void restoreGlobals() {
        Torch.setPrintoptions("default");
        Torch.setDefaultDtype(DType.FLOAT32);
    }

    @TestFactory
    List<DynamicTest> goldenRepr() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/golden/repr.jsonl"), "golden/repr.jsonl");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonObject c = JsonParser.parseString(line).getAsJsonObject();
                String name = "case " + c.get("id").getAsInt() + " " + c.get("dtype").getAsString() + " " + c.get("shape");
                tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
            }
        }
        assertTrue(tests.size() >= 300, "expected at least 300 golden cases, found " + tests.size());
        return tests;
    }

    private static void check(JsonObject c) {
        Tensor y = build(c);
        try {
            if (c.has("default_dtype")) Torch.setDefaultDtype(DType.of(c.get("default_dtype").getAsString()));
            if (c.has("opts")) applyOptions(c.getAsJsonObject("opts"));
            if (c.has("error")) {
                var e = assertThrows(IllegalArgumentException.class, y::toString);
                assertEquals(c.get("error").getAsString(), e.getMessage());
            } else {
                assertEquals(c.get("expected").getAsString(), y.toString());
            }
        } finally {
            Torch.setPrintoptions("default");
            Torch.setDefaultDtype(DType.FLOAT32);
        }
    }

    private static Tensor build(JsonObject c) {
        DType dtype = DType.of(c.get("dtype").getAsString());
        JsonArray shapeJson = c.getAsJsonArray("shape");
        long[] shape = new long[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeJson.get(i).getAsLong();
        Tensor x = Torch.zeros(shape, dtype);
        MemorySegment seg = x.segment();
        JsonArray values = c.getAsJsonArray("values");
        assertEquals(x.numel(), values.size());
        for (int i = 0; i < values.size(); i++) {
            JsonElement v = values.get(i);
            switch (dtype.kind()) {
                case FLOAT -> Mem.setDouble(seg, dtype, i, parseFloat(v.getAsString(), dtype));
                case INT -> Mem.setLong(seg, dtype, i, v.getAsLong());
                case BOOL -> Mem.setLong(seg, dtype, i, v.getAsBoolean() ? 1 : 0);
            }
        }
        if (c.has("transform")) {
            x = switch (c.get("transform").getAsString()) {
                case "t" -> x.t();
                case "step2" -> x.slice(-1, 0, x.size(-1), 2);
                case "select1" -> x.select(0, 1);
                case "expand" -> x.expand(prepend(3, x.shape()));
                default -> throw new IllegalArgumentException("unknown transform " + c.get("transform"));
            };
        }
        if (c.has("requires_grad")) x.requiresGrad_();
        Tensor y = x;
        if (c.has("op")) {
            y = switch (c.get("op").getAsString()) {
                case "mul2" -> x.mul(2.0);
                case "add1" -> x.add(1.0);
                case "neg" -> x.neg();
                case "sum" -> x.sum();
                case "sum0" -> x.sum(0);
                case "mean" -> x.mean();
                case "sub1" -> x.sub(1.0);
                case "div2" -> x.div(2.0);
                case "t" -> x.t();
                case "select1" -> x.select(0, 1);
                case "reshape" -> x.reshape(-1);
                case "clone" -> x.clone();
                case "double" -> x.toDouble();
                case "expand" -> x.expand(prepend(2, x.shape()));
                default -> throw new IllegalArgumentException("unknown op " + c.get("op"));
            };
        }
        if (c.has("device")) y = onDevice(y, Device.of(c.get("device").getAsString()));
        return y;
    }

    private static long[] prepend(long first, long[] rest) {
        long[] r = new long[rest.length + 1];
        r[0] = first;
        System.arraycopy(rest, 0, r, 1, rest.length);
        return r;
    }

    /** The same elements and autograd state, labelled with another device (no accelerator backend here). */
    private static Tensor onDevice(Tensor t, Device device) {
        Tensor r = new Tensor(new Storage(t.segment(), device), t.shape(), t.stride(), t.storageOffset(), t.dtype());
        if (t.gradFn() != null) r.setHistory(t.gradFn(), t.outputNr());
        else if (t.requiresGrad()) r.requiresGrad_();
        return r;
    }

    private static double parseFloat(String s, DType dtype) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            // float32 values are stored as their shortest float32 decimal, so only parseFloat restores them
            default -> dtype == DType.FLOAT32 ? Float.parseFloat(s) : Double.parseDouble(s);
        };
    }

    /** Mirrors the generator's torch.set_printoptions(**opts) call. */
    private static void applyOptions(JsonObject opts) {
        Integer precision = opts.has("precision") ? opts.get("precision").getAsInt() : null;
        Double threshold = null;
        if (opts.has("threshold")) {
            JsonElement th = opts.get("threshold");
            threshold = th.getAsJsonPrimitive().isString() && th.getAsString().equals("inf")
                    ? Double.POSITIVE_INFINITY : th.getAsDouble();
        }
        Integer edgeitems = opts.has("edgeitems") ? opts.get("edgeitems").getAsInt() : null;
        Integer linewidth = opts.has("linewidth") ? opts.get("linewidth").getAsInt() : null;
        String profile = opts.has("profile") ? opts.get("profile").getAsString() : null;
        Boolean sciMode = opts.has("sci_mode") ? opts.get("sci_mode").getAsBoolean() : null;
        Torch.setPrintoptions(precision, threshold, edgeitems, linewidth, profile, sciMode);
    }

    @Test
    void setPrintoptionsKeepsUnsetValuesButAlwaysSetsSciMode() {
        Torch.setPrintoptions(2, null, null, null, null, true);
        Torch.setPrintoptions(null, null, 5, null, null, null);
        assertEquals(new PrintOptions(2, 1000, 5, 80, null), Torch.getPrintoptions());
        Torch.setPrintoptions(null, 10.0, null, null, "short", false);
        assertEquals(new PrintOptions(2, 10, 2, 80, false), Torch.getPrintoptions());
        Torch.setPrintoptions("full");
        assertEquals(Double.POSITIVE_INFINITY, Torch.getPrintoptions().threshold());
        Torch.setPrintoptions(PrintOptions.DEFAULT.withLinewidth(120));
        assertEquals(120, Torch.getPrintoptions().linewidth());
        assertThrows(IllegalArgumentException.class, () -> PrintOptions.profile("long"));
    }

    @Test
    void nodeStringNamesItsClass() {
        Tensor x = Torch.tensor(new double[] {1, 2}).requiresGrad_();
        assertEquals("<MulBackward0 object>", x.mul(2.0).gradFn().toString());
    }
}
