package dev.jtorch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.internal.Mem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays golden/indexing.jsonl (written by conformance/gen_indexing.py from PyTorch 1.13): values, shapes,
 * view geometry, error types and messages, and gradients of {@code sum(out * weight)}. Cases whose
 * differentiable inputs are all float64 are also checked against central finite differences.
 */
public class IndexingConformanceTest {

    public static List<JsonObject> load(String name) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        try (var in = IndexingConformanceTest.class.getResourceAsStream("/golden/" + name)) {
            Objects.requireNonNull(in, name);
            var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) out.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> golden() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject c : load("indexing.jsonl")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").getAsString() + " " + c.get("args"), () -> replay(c)));
        }
        assertTrue(tests.size() >= 300, "expected at least 300 golden cases, got " + tests.size());
        return tests;
    }

    // ------------------------------------------------------------------ decoding

    static double num(JsonElement e) {
        if (e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean() ? 1 : 0;
        if (e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                default -> Double.NEGATIVE_INFINITY;
            };
        }
        return e.getAsDouble();
    }

    static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = num(a.get(i));
        return r;
    }

    /** A tensor with the recorded storage and geometry (so non-contiguous inputs replay as such). */
    static Tensor decode(JsonObject t) {
        DType dtype = DType.of(t.get("dtype").getAsString());
        JsonArray st = t.getAsJsonArray("storage");
        Tensor storage = Tensor.allocate(new long[] {st.size()}, dtype, Device.CPU);
        for (int i = 0; i < st.size(); i++) {
            if (dtype.isFloatingPoint()) Mem.setDouble(storage.segment(), dtype, i, num(st.get(i)));
            else if (dtype == DType.BOOL) Mem.setLong(storage.segment(), dtype, i, st.get(i).getAsBoolean() ? 1 : 0);
            else Mem.setLong(storage.segment(), dtype, i, st.get(i).getAsLong());
        }
        // on a GPU replay the storage moves and the recorded view is rebuilt over it
        Tensor onDevice = dev.jtorch.testing.Golden.toDevice(storage);
        return new Tensor(onDevice.storage(), longs(t.get("size")), longs(t.get("stride")), t.get("offset").getAsLong(), dtype);
    }

    static Object[] items(JsonArray items, Tensor[] in) {
        Object[] out = new Object[items.size()];
        for (int i = 0; i < out.length; i++) {
            JsonObject it = items.get(i).getAsJsonObject();
            if (it.has("tensor")) out[i] = in[it.get("tensor").getAsInt()];
            else if (it.has("int")) out[i] = it.get("int").getAsLong();
            else if (it.has("none")) out[i] = Torch.None;
            else if (it.has("ellipsis")) out[i] = Torch.ELLIPSIS;
            else if (it.has("bool")) out[i] = it.get("bool").getAsBoolean();
            else {
                JsonArray s = it.getAsJsonArray("slice");
                out[i] = Torch.slice(bound(s.get(0)), bound(s.get(1)), bound(s.get(2)));
            }
        }
        return out;
    }

    static Long bound(JsonElement e) { return e.isJsonNull() ? null : e.getAsLong(); }

    /** The op of a case, as a function of its inputs (so finite differences can rerun it). */
    static Tensor run(JsonObject c, Tensor[] in) {
        JsonObject a = c.getAsJsonObject("args");
        return switch (c.get("op").getAsString()) {
            case "get" -> in[0].get(a.get("index").getAsString());
            case "gradgrad" -> throw new IllegalStateException("gradgrad runs through doubleBackward");
            case "index" -> {
                Object[] idx = items(a.getAsJsonArray("items"), in);
                // one Java argument is Python's lone index; the generator always builds a tuple
                yield idx.length == 1 ? in[0].index(idx[0], Torch.ELLIPSIS) : in[0].index(idx);
            }
            case "set" -> {
                Tensor base = in[0].isFloatingPoint() ? in[0].mul(1.0) : in[0].clone();
                String s = a.get("index").getAsString();
                if (a.has("scalar")) base.set(s, a.get("scalar").getAsDouble());
                else base.set(s, in[1]);
                yield base;
            }
            case "set_leaf" -> in[0].set(a.get("index").getAsString(), in[1]);
            case "index_put" -> {
                int n = a.get("n").getAsInt();
                Tensor base = in[0].isFloatingPoint() ? in[0].mul(1.0) : in[0].clone();
                yield base.indexPut_(Arrays.copyOfRange(in, 1, n + 1), in[n + 1], a.get("accumulate").getAsBoolean());
            }
            case "index_select" -> in[0].indexSelect(a.get("dim").getAsLong(), in[1]);
            case "masked_select" -> in[0].maskedSelect(in[1]);
            case "flip" -> in[0].flip(longs(a.get("dims")));
            case "roll" -> in[0].roll(longs(a.get("shifts")), longs(a.get("dims")));
            case "repeat" -> in[0].repeat(longs(a.get("sizes")));
            case "tile" -> in[0].tile(longs(a.get("sizes")));
            case "scenario" -> scenario(a.get("name").getAsString(), in[0], in[1]);
            case "hstack" -> Torch.hstack(in);
            case "vstack" -> Torch.vstack(in);
            default -> throw new IllegalStateException("unknown op " + c.get("op"));
        };
    }

    /** The in-place-into-view programs of gen_indexing.py's scenario(), line for line. */
    static Tensor scenario(String name, Tensor x, Tensor v) {
        Tensor b = x.mul(1.0);
        switch (name) {
            case "value_from_base" -> b.set("0", b.get("1").mul(2.0));
            case "two_sets_overlap" -> {
                b.set("0:2", v);
                b.set("1:", v.mul(3.0));
            }
            case "fill_view" -> b.get("1").fill_(3.0);
            case "zero_view" -> b.get(":, 1:3").zero_();
            case "mul_view" -> b.get(":, 1").mul_(v.get(":3"));
            case "add_view_scalar" -> {
                b.get("0").add_(2.0);
                return b.mul(b);
            }
            case "view_of_view" -> b.get("1:").set("0", v);
            case "set_then_use_other_view" -> {
                Tensor y = b.get("0");
                b.set("1", v);
                return b.sum(0).mul(y);
            }
            case "index_put_view" -> b.get(":, 1:").indexPut_(new Tensor[] {Torch.tensor(0L, 2L)}, v.get(":3"), true);
            case "value_grad_base_no_grad" -> {
                Tensor z = Torch.zeros(new long[] {3, 4}, x.dtype()).to(x.device());
                z.set("1", v);
                return z.mul(x);
            }
            case "noncontig_base" -> {
                Tensor z = Torch.zeros(new long[] {4, 3}, x.dtype()).to(x.device()).t().detach();
                z.set("1", v);
                z.set(":, 0", x.get(":, 1"));
                return z.mul(x);
            }
            case "transposed_view" -> b.t().set("0", v.get(":3"));
            case "mask_from_base" -> b.set(new Object[] {b.gt(0.0)}, 0.0);
            case "copy_into_view" -> {
                b.get(":, 2").copy_(v.get(":3"));
                return b.mul(2.0);
            }
            default -> throw new IllegalStateException(name);
        }
        return b;
    }

    // ------------------------------------------------------------------ replay

    public static void replay(JsonObject c) {
        JsonArray enc = c.getAsJsonArray("inputs");
        Tensor[] in = new Tensor[enc.size()];
        for (int i = 0; i < in.length; i++) in[i] = decode(enc.get(i).getAsJsonObject());
        int[] grad = new int[c.getAsJsonArray("grad").size()];
        for (int i = 0; i < grad.length; i++) grad[i] = c.getAsJsonArray("grad").get(i).getAsInt();
        for (int g : grad) in[g].requiresGrad_();

        if (c.has("error")) {
            JsonObject e = c.getAsJsonObject("error");
            try {
                Tensor out = run(c, in);
                fail("expected " + e.get("java").getAsString() + ": " + e.get("msg").getAsString() + " but got " + out);
            } catch (RuntimeException ex) {
                assertEquals(e.get("java").getAsString(), ex.getClass().getSimpleName(), "exception type of " + ex);
                assertEquals(e.get("msg").getAsString(), ex.getMessage());
            }
            return;
        }
        JsonObject exp = c.getAsJsonObject("expect");
        if (c.get("op").getAsString().equals("gradgrad")) {
            doubleBackward(c, in, exp);
            return;
        }
        Tensor out = run(c, in);
        assertEquals(null, dev.jtorch.testing.Golden.wrongDevice(out), "device");
        assertArrayEquals(longs(exp.get("shape")), out.shape(), "shape");
        assertEquals(DType.of(exp.get("dtype").getAsString()), out.dtype(), "dtype");
        assertClose(doubles(exp.get("values")), out.detach().toDouble().toDoubleArray(), out.dtype(), "values");
        assertEquals(exp.get("requires_grad").getAsBoolean(), out.requiresGrad(), "requires_grad");
        // grad_fn.name() spells C++ nodes "torch::autograd::CopySlices"; the repr (and Node.name()) shows the class name
        if (exp.has("grad_fn")) assertEquals(exp.get("grad_fn").getAsString().replace("torch::autograd::", ""), out.gradFn() == null ? null : out.gradFn().name(), "grad_fn");
        if (exp.has("view") && exp.get("view").getAsBoolean()) {
            assertSame(in[0].storage(), out.storage(), "a view shares its input's storage");
            assertArrayEquals(longs(exp.get("stride")), out.stride(), "stride");
            assertEquals(exp.get("offset").getAsLong(), out.storageOffset(), "storage offset");
        } else if (exp.has("view") && out.numel() > 0 && in[0].numel() > 0) {
            assertTrue(in[0].storage() != out.storage(), "PyTorch copies here");
        }
        if (!exp.has("weight")) return;
        Tensor w = dev.jtorch.testing.Golden.toDevice(Torch.tensor(doubles(exp.get("weight")), DType.FLOAT64).to(out.dtype()).reshape(out.shape()));
        out.mul(w).sum().backward();
        JsonArray grads = exp.getAsJsonArray("grads");
        for (int k = 0; k < grad.length; k++) {
            Tensor g = in[grad[k]].grad();
            double[] actual = g == null ? new double[(int) in[grad[k]].numel()] : g.toDouble().toDoubleArray();
            assertClose(doubles(grads.get(k)), actual, in[grad[k]].dtype(), "grad of input " + grad[k]);
        }
        boolean allDouble = grad.length > 0;
        for (int g : grad) allDouble &= in[g].dtype() == DType.FLOAT64;
        // finite differences check the gradient formulas, which do not depend on the device: CPU only
        allDouble &= in.length == 0 || in[0].device().type() == Device.Type.CPU;
        if (allDouble && !(c.has("fd") && !c.get("fd").getAsBoolean())) GradCheck.check(x -> run(c, x), in, grad, w);
    }

    /** g = d sum(f(x) * w) / dx built with create_graph; then d sum(g * w2) / dw. */
    static void doubleBackward(JsonObject c, Tensor[] in, JsonObject exp) {
        JsonObject inner = c.deepCopy();
        inner.addProperty("op", c.getAsJsonObject("args").get("inner").getAsString());
        Tensor out = run(inner, in);
        assertClose(doubles(exp.get("values")), out.detach().toDouble().toDoubleArray(), out.dtype(), "values");
        Tensor w = dev.jtorch.testing.Golden.toDevice(Torch.tensor(doubles(exp.get("weight")), DType.FLOAT64).to(out.dtype()).reshape(out.shape())).requiresGrad_();
        Tensor g = dev.jtorch.autograd.Engine.grad(new Tensor[] {out.mul(w).sum()}, new Tensor[] {in[0]}, null, false, true, false)[0];
        assertClose(doubles(exp.get("grad_x")), g.detach().toDoubleArray(), g.dtype(), "first gradient");
        Tensor w2 = dev.jtorch.testing.Golden.toDevice(Torch.tensor(doubles(exp.get("weight2")), DType.FLOAT64).reshape(g.shape()));
        g.mul(w2).sum().backward();
        assertClose(doubles(exp.get("grad_weight")), w.grad().toDoubleArray(), w.dtype(), "gradient of the gradient");
    }

    static void assertClose(double[] expected, double[] actual, DType t, String what) {
        assertEquals(expected.length, actual.length, what + " count");
        double tol = t == DType.FLOAT64 ? 1e-12 : t.isFloatingPoint() ? 1e-5 : 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (Math.abs(e - a) > tol * Math.max(1, Math.abs(e))) {
                fail(what + " differ at " + i + ": expected " + e + " but was " + a + "\nexpected " + Arrays.toString(expected)
                        + "\nactual   " + Arrays.toString(actual));
            }
        }
    }

    /**
     * Central finite differences in float64: each element of each differentiable input moves by 1e-6, and
     * the change of {@code sum(f(inputs) * weight)} must match the gradient backward computed within 1e-5.
     */
    static final class GradCheck {
        static final double EPS = 1e-6, TOL = 1e-5;

        static void check(Function<Tensor[], Tensor> f, Tensor[] inputs, int[] diff, Tensor weight) {
            Tensor[] leaves = inputs.clone();
            for (int i : diff) leaves[i] = inputs[i].detach().clone().requiresGrad_();
            f.apply(leaves).mul(weight).sum().backward();
            for (int i : diff) {
                Tensor gt = leaves[i].grad();
                double[] analytic = gt == null ? new double[(int) leaves[i].numel()] : gt.toDoubleArray();
                for (int j = 0; j < analytic.length; j++) {
                    double numeric = (loss(f, inputs, diff, i, j, EPS, weight) - loss(f, inputs, diff, i, j, -EPS, weight)) / (2 * EPS);
                    if (Math.abs(numeric - analytic[j]) > TOL) {
                        fail("gradcheck: input " + i + " element " + j + ": numeric " + numeric + " analytic " + analytic[j]);
                    }
                }
            }
        }

        private static double loss(Function<Tensor[], Tensor> f, Tensor[] inputs, int[] diff, int which, int j, double h,
                                   Tensor weight) {
            Tensor[] x = inputs.clone();
            for (int i : diff) x[i] = inputs[i].detach().clone();
            Mem.setDouble(x[which].segment(), DType.FLOAT64, x[which].storageIndex(j), x[which].getDouble(j) + h);
            try (var ng = Torch.noGrad()) {
                return f.apply(x).mul(weight).sum().itemDouble();
            }
        }
    }
}
