package dev.jtorch.autograd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays golden/autograd.jsonl (conformance/gen_autograd.py, PyTorch 1.13): forward values, first-order
 * gradients from {@code autograd.backward(outs, vs)}, second-order gradients through
 * {@code create_graph=True}, and grad_fn names.
 */
public class AutogradConformanceTest {
    /**
     * Ops whose grad_fn name is checked. Not checked: matmul (checked below for the 1-d and 2-d cases; batched
     * products end in ViewBackward0 where PyTorch has UnsafeViewBackward0, and 1-d @ 2-d in SqueezeBackward1
     * where it has SqueezeBackward3), reshape and flatten (ReshapeAliasBackward0 in PyTorch 1.13) and the
     * multi-op compositions.
     */
    private static final Set<String> NAMED = Set.of("add", "add_alpha", "add_scalar", "sub", "sub_alpha", "rsub_scalar",
            "mul", "mul_scalar", "div", "div_scalar", "neg", "pow_scalar", "pow_tensor", "square", "exp", "log", "sqrt",
            "abs", "sum", "sum_dim", "sum_dims", "mean", "mean_dim", "mean_dims", "dist", "mm", "bmm", "where", "view",
            "transpose", "t", "permute", "expand", "narrow", "select", "slice", "squeeze", "squeeze_dim", "unsqueeze",
            "unfold", "cat", "to_float64", "to_float32", "clone", "contiguous", "mul_chain", "cube", "poly", "softish",
            "stack", "chunk", "split", "split_sizes", "unbind");

    @TestFactory
    Stream<DynamicTest> golden() {
        return AutogradCases.load().stream().map(c -> DynamicTest.dynamicTest(AutogradCases.label(c), () -> check(c)));
    }

    public static List<JsonObject> cases() { return AutogradCases.load(); }

    public static void check(JsonObject c) {
        String label = AutogradCases.label(c);
        // first order, through Autograd.backward with one cotangent per output
        Tensor[] leaves = AutogradCases.leaves(c, false);
        Tensor[] outs = AutogradCases.forward(c, leaves);
        JsonArray goldOuts = c.getAsJsonArray("outs");
        assertEquals(goldOuts.size(), outs.length, label + " number of outputs");
        Tensor[] vs = new Tensor[outs.length];
        for (int i = 0; i < outs.length; i++) {
            JsonObject o = goldOuts.get(i).getAsJsonObject();
            assertArrayEquals(AutogradCases.longs(o.get("shape")), outs[i].shape(), label + " out shape");
            assertEquals(AutogradCases.dtype(o.get("dtype").getAsString()), outs[i].dtype(), label + " out dtype");
            assertEquals(null, dev.jtorch.testing.Golden.wrongDevice(outs[i]), label + " out device");
            close(label + " out " + i, AutogradCases.doubles(o.get("data")), outs[i].toDoubleArray(), outs[i].dtype());
            vs[i] = AutogradCases.leaf(AutogradCases.doubles(c.getAsJsonArray("vs").get(i)), outs[i].shape(), outs[i].dtype());
            if (NAMED.contains(c.get("op").getAsString()) || matmulNamed(c)) {
                assertEquals(c.getAsJsonArray("names").get(i).getAsString(), outs[i].gradFn().name(), label + " grad_fn");
            }
        }
        Autograd.backward(outs, vs);
        Tensor[] diff = differentiable(leaves);
        JsonArray grads = c.getAsJsonArray("grads");
        for (int j = 0; j < diff.length; j++) {
            compareOrZero(label + " grad " + j, grads.get(j), diff[j].grad(), diff[j]);
        }

        // second order, on a fresh graph
        if (c.has("second") && !c.get("second").getAsBoolean()) return;
        leaves = AutogradCases.leaves(c, false);
        diff = differentiable(leaves);
        outs = AutogradCases.forward(c, leaves);
        for (int i = 0; i < outs.length; i++) {
            vs[i] = AutogradCases.leaf(AutogradCases.doubles(c.getAsJsonArray("vs").get(i)), outs[i].shape(), outs[i].dtype());
        }
        Tensor[] g1 = Autograd.grad(outs, diff, vs, true, true, true);
        for (int j = 0; j < diff.length; j++) {
            compareOrZero(label + " grad (create_graph) " + j, grads.get(j), g1[j], diff[j]);
        }
        Tensor s = null;
        JsonArray ws = c.getAsJsonArray("ws");
        for (int j = 0; j < diff.length; j++) {
            if (g1[j] == null || !g1[j].requiresGrad()) continue;
            Tensor w = AutogradCases.leaf(AutogradCases.doubles(ws.get(j)), diff[j].shape(), diff[j].dtype());
            Tensor term = g1[j].mul(w).sum();
            s = s == null ? term : s.add(term);
        }
        JsonArray grads2 = c.getAsJsonArray("grads2");
        Tensor[] g2 = s == null ? new Tensor[diff.length] : Autograd.grad(new Tensor[] {s}, diff, null, false, false, true);
        for (int j = 0; j < diff.length; j++) {
            compareOrZero(label + " grad2 " + j, grads2.get(j), g2[j], diff[j]);
        }
    }

    private static boolean matmulNamed(JsonObject c) {
        if (!c.get("op").getAsString().equals("matmul")) return false;
        JsonArray in = c.getAsJsonArray("inputs");
        int da = in.get(0).getAsJsonObject().getAsJsonArray("shape").size();
        int db = in.get(1).getAsJsonObject().getAsJsonArray("shape").size();
        return da <= 2 && db <= 2 && !(da == 1 && db == 2);
    }

    private static Tensor[] differentiable(Tensor[] leaves) {
        List<Tensor> r = new ArrayList<>();
        for (Tensor t : leaves) if (t.requiresGrad()) r.add(t);
        return r.toArray(new Tensor[0]);
    }

    /** PyTorch's None and jtorch's null both mean zeros, as do zero-filled gradients. */
    private static void compareOrZero(String what, JsonElement gold, Tensor got, Tensor like) {
        double[] expected = gold.isJsonNull() ? new double[(int) like.numel()] : AutogradCases.doubles(gold);
        double[] actual = got == null ? new double[(int) like.numel()] : got.toDoubleArray();
        if (got != null) {
            assertEquals(like.device(), got.device(), what + " device");
            assertArrayEquals(like.shape(), got.shape(), what + " shape");
            assertEquals(like.dtype(), got.dtype(), what + " dtype");
        }
        close(what, expected, actual, like.dtype());
    }

    static void close(String what, double[] expected, double[] actual, DType dtype) {
        assertEquals(expected.length, actual.length, what + " length");
        double rtol = dtype == DType.FLOAT64 ? 1e-9 : 1e-4, atol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e)) {
                assertTrue(Double.isNaN(a), what + "[" + i + "] expected nan, got " + a);
                continue;
            }
            if (Math.abs(e - a) > atol + rtol * Math.abs(e)) {
                fail(what + "[" + i + "]: expected " + e + " got " + a + "\n expected " + Arrays.toString(expected)
                        + "\n actual   " + Arrays.toString(actual));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> caseCount() {
        return Stream.of(DynamicTest.dynamicTest("at least 120 golden cases", () ->
                assertTrue(AutogradCases.load().size() >= 120, "golden cases: " + AutogradCases.load().size())));
    }
}
