package dev.jtorch.autograd;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autograd behaviours against golden/autograd_behaviour.jsonl (conformance/gen_autograd_behaviour.py, PyTorch
 * 1.13): each scenario here mirrors the script's scenario of the same name.
 */
class AutogradBehaviourTest {
    private static final Map<String, JsonElement> G = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        var in = AutogradBehaviourTest.class.getResourceAsStream("/golden/autograd_behaviour.jsonl");
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                G.put(o.get("name").getAsString(), o.get("value"));
            }
        }
    }

    private static JsonElement gold(String name) {
        JsonElement e = G.get(name);
        if (e == null) throw new IllegalStateException("no golden value " + name);
        return e;
    }

    private static void values(String name, Tensor actual) {
        assertArrayEquals(AutogradCases.doubles(gold(name)), actual.toDoubleArray(), 1e-6, name);
    }

    private static void value(String name, double actual) {
        assertEquals(gold(name).getAsDouble(), actual, 1e-6, name);
    }

    private static void flag(String name, boolean actual) {
        assertEquals(gold(name).getAsBoolean(), actual, name);
    }

    private static void message(String name, Class<? extends Throwable> type, Executable body) {
        Throwable e = assertThrows(type, body, name);
        assertEquals(gold(name).getAsString(), e.getMessage(), name);
    }

    /** A float32 tensor that requires grad. */
    private static Tensor t(double... v) {
        return tensor(v).requiresGrad_();
    }

    private static Tensor c(double... v) {
        return tensor(v);
    }

    // ------------------------------------------------------------------ seed examples

    @Test
    void seedExample() {
        Tensor w = tensor(4.0).requiresGrad_();
        Tensor x = tensor(3.0).requiresGrad_();
        Tensor l = w.mul(3).pow(2).add(x.mul(2).pow(2));
        l.backward();
        value("seed.w_grad", w.grad().itemDouble());
        value("seed.x_grad", x.grad().itemDouble());
    }

    @Test
    void bookAutogradBasic() {
        Tensor w = tensor(1.0).requiresGrad_();
        Tensor a = w.mul(3);
        Tensor l = a.pow(2);
        l.backward();
        value("basic.w_grad", w.grad().itemDouble());
        assertEquals(DType.FLOAT32, w.grad().dtype());
        assertEquals(0, w.grad().dim());
    }

    // ------------------------------------------------------------------ backward

    @Test
    void backwardNeedsScalarOrGradient() {
        message("msg.nonscalar", IllegalStateException.class, () -> t(1, 2, 3).mul(2).backward());
        Tensor x = t(1, 2, 3);
        x.mul(x).backward(c(1, 0.1, 0.01));
        values("backward_gradient.x_grad", x.grad());
        message("msg.shape_mismatch", IllegalStateException.class, () -> t(1, 2, 3).mul(2).backward(Torch.ones(2)));
    }

    @Test
    void retainGraphAndFreedGraph() {
        Tensor x = t(1, 2, 3);
        Tensor z = x.mul(x).sum();
        z.backward(null, true);
        z.backward();
        values("retain.x_grad", x.grad());
        message("msg.freed", IllegalStateException.class, z::backward);
    }

    @Test
    void gradientsAccumulateAndReset() {
        Tensor x = t(1, 2, 3);
        x.mul(2).sum().backward();
        x.mul(x).sum().backward();
        values("accumulate.x_grad", x.grad());
        x.setGrad(null);
        x.mul(3).sum().backward();
        values("set_grad_none.x_grad", x.grad());
        Tensor g = x.grad();
        x.grad().zero_();
        x.mul(x).mul(x).sum().backward();
        values("zero_.x_grad", x.grad());
        assertSame(g, x.grad(), "accumulates in place into the existing .grad");
    }

    // ------------------------------------------------------------------ retain_grad and hooks

    @Test
    void retainGradOnNonLeaf() {
        Tensor x = t(1, 2, 3);
        Tensor y = x.mul(2);
        assertNull(y.grad());
        y.retainGrad();
        y.mul(y).sum().backward();
        values("retain_grad.y_grad", y.grad());
        values("retain_grad.x_grad", x.grad());
    }

    @Test
    void hooksOnNonLeavesRunInRegistrationOrderWithRetainGrad() {
        Tensor x = t(1, 2, 3);
        Tensor y = x.mul(2);
        y.registerHook(g -> g.mul(3));
        y.retainGrad();
        y.mul(y).sum().backward();
        values("hook_then_retain.y_grad", y.grad());
        values("hook_then_retain.x_grad", x.grad());

        x = t(1, 2, 3);
        y = x.mul(2);
        y.retainGrad();
        y.registerHook(g -> g.mul(3));
        y.mul(y).sum().backward();
        values("retain_then_hook.y_grad", y.grad());
    }

    @Test
    void leafHooksAndRemoval() {
        Tensor x = t(1, 2, 3);
        x.registerHook(g -> g.mul(10));
        x.mul(x).sum().backward();
        values("leaf_hook.x_grad", x.grad());

        Tensor x2 = t(1, 2, 3);
        RemovableHandle h = x2.registerHook(g -> g.mul(10));
        h.remove();
        x2.mul(x2).sum().backward();
        values("removed_hook.x_grad", x2.grad());

        Tensor x3 = t(1, 2, 3);
        Tensor y = x3.exp();
        List<Tensor> seen = new ArrayList<>();
        y.registerHook(g -> {
            seen.add(g.clone());
            return null;
        });
        y.mul(c(1, 2, 3)).sum().backward();
        values("observing_hook.seen", seen.get(0));

        message("msg.hook_no_grad", IllegalStateException.class, () -> Torch.ones(3).registerHook(g -> g));
        message("msg.retain_no_grad", IllegalStateException.class, () -> Torch.ones(3).retainGrad());
    }

    // ------------------------------------------------------------------ detach

    @Test
    void detachSharesStorageAndLeavesTheGraph() {
        Tensor x = t(1, 2, 3);
        Tensor d = x.detach();
        flag("detach.requires_grad", d.requiresGrad());
        try (var g = Torch.noGrad()) {
            d.mul_(2);
        }
        values("detach.shared_x", x);
        assertEquals(gold("detach.version").getAsInt(), x.version());

        Tensor y = x.mul(2);
        y.detach_();
        flag("detach_.requires_grad", y.requiresGrad());
        flag("detach_.is_leaf", y.isLeaf());
        message("msg.detach_view", IllegalStateException.class, () -> t(1, 2, 3).slice(0, 1, 3, 1).detach_());
        message("msg.requires_grad_nonleaf", IllegalStateException.class, () -> t(1, 2).mul(2).requiresGrad_(false));
    }

    // ------------------------------------------------------------------ grad modes

    @Test
    void gradModeScopesNest() {
        Tensor x = t(1, 2, 3);
        Tensor y, z, u;
        try (var ng = Torch.noGrad()) {
            y = x.mul(2);
            try (var eg = Torch.enableGrad()) {
                z = x.mul(2);
            }
            u = x.mul(2);
        }
        flag("no_grad.y", y.requiresGrad());
        flag("no_grad.enable_grad.z", z.requiresGrad());
        flag("no_grad.after_nested.u", u.requiresGrad());
        try (var s = Torch.setGradEnabled(false)) {
            y = x.mul(2);
        }
        flag("set_grad_enabled.y", y.requiresGrad());
        assertTrue(Torch.isGradEnabled());
        try (var im = Torch.inferenceMode()) {
            y = x.mul(2);
            flag("inference_mode.enabled", Torch.isInferenceModeEnabled());
            flag("inference_mode.grad_enabled", Torch.isGradEnabled());
        }
        flag("inference_mode.y", y.requiresGrad());
        flag("inference_mode.after", Torch.isInferenceModeEnabled());
        assertTrue(Torch.isGradEnabled());
        try (var ng = Torch.noGrad()) {
            try (var im = Torch.inferenceMode(false)) {
                flag("inference_mode_false.grad_enabled", Torch.isGradEnabled());
                flag("inference_mode_false.enabled", Torch.isInferenceModeEnabled());
            }
            flag("inference_mode_false.after", Torch.isGradEnabled());
        }
    }

    @Test
    void inferenceTensors() {
        Tensor y = Torch.ones(3);
        Tensor xi, yv, yn;
        try (var im = Torch.inferenceMode()) {
            xi = Torch.ones(3);
            yv = y.slice(0, 1, 3, 1);
            yn = y.mul(2);
            Tensor zi = Torch.ones(3).requiresGrad_();
            flag("inference.requires_grad_inside", zi.requiresGrad());
            flag("inference.op_inside_requires_grad", zi.mul(2).requiresGrad());
            xi.add_(1);
            values("inference.inplace_inside", xi);
        }
        JsonElement expected = gold("inference.is_inference");
        boolean[] actual = {xi.isInference(), yv.isInference(), yn.isInference(), y.isInference(),
                xi.mul(2).isInference(), xi.clone().isInference()};
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.getAsJsonArray().get(i).getAsBoolean(), actual[i], "is_inference " + i);
        }
        Tensor fxi = xi;
        message("msg.inference_inplace", IllegalStateException.class, () -> fxi.add_(1));
        message("msg.inference_inplace_view", IllegalStateException.class, () -> fxi.slice(0, 0, 2, 1).mul_(2));
        message("msg.inference_requires_grad", IllegalStateException.class, () -> fxi.requiresGrad_());
        message("msg.inference_saved", IllegalStateException.class, () -> t(1, 2, 3).mul(fxi));
        Tensor wi = t(1, 2, 3);
        wi.add(xi).sum().backward();
        values("inference.add_ok", wi.grad());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        AtomicBoolean other = new AtomicBoolean();
        AtomicReference<Boolean> otherAfterOwnNoGrad = new AtomicReference<>();
        try (var ng = Torch.noGrad()) {
            Thread th = new Thread(() -> {
                other.set(Torch.isGradEnabled());
                try (var g = Torch.noGrad()) {
                    otherAfterOwnNoGrad.set(Torch.isGradEnabled());
                }
            });
            th.start();
            th.join();
            // the other thread's no_grad did not leak back into this one, still disabled here
            assertEquals(false, Torch.isGradEnabled());
        }
        flag("thread.other_thread_grad_enabled", other.get());
        assertEquals(false, otherAfterOwnNoGrad.get());
        assertTrue(Torch.isGradEnabled());
    }

    @Test
    void onlyFloatingTensorsRequireGradAndNonDifferentiableOutputsDoNotTrack() {
        message("msg.int_requires_grad", IllegalStateException.class, () -> Torch.ones(new long[] {3}, DType.INT64).requiresGrad_());
        Tensor x = t(1, 2, 3);
        flag("nondiff.gt", x.gt(1.0).requiresGrad());
        flag("nondiff.eq", x.eq(2.0).requiresGrad());
        flag("nondiff.to_long", x.toLong().requiresGrad());
        flag("nondiff.to_double", x.toDouble().requiresGrad());
    }

    // ------------------------------------------------------------------ version counter and in-place

    @Test
    void versionCounterErrors() {
        message("msg.version_nonleaf", IllegalStateException.class, () -> {
            Tensor x = t(1, 2, 3);
            Tensor y = x.mul(2);
            Tensor z = y.mul(y);
            y.add_(1);
            z.sum().backward();
        });
        message("msg.version_output", IllegalStateException.class, () -> {
            Tensor x = Torch.ones(2, 3).requiresGrad_();
            Tensor y = x.exp();
            y.add_(1);
            y.sum().backward();
        });
        message("msg.version_leaf", IllegalStateException.class, () -> {
            Tensor x = t(1, 2, 3);
            Tensor w = Torch.ones(3);
            Tensor z = x.mul(w);
            w.add_(1);
            z.sum().backward();
        });
        message("msg.leaf_inplace", IllegalStateException.class, () -> t(1, 2, 3).mul_(2));
        message("msg.leaf_view_inplace", IllegalStateException.class, () -> t(1, 2, 3).select(0, 0).mul_(2));
    }

    @Test
    void inPlaceOnNonLeavesRebasesHistory() {
        Tensor x = t(1, 2, 3);
        Tensor y = x.mul(2);
        y.add_(1);
        assertEquals(gold("inplace_nonleaf.name").getAsString(), y.gradFn().name());
        y.mul(y).sum().backward();
        values("inplace_nonleaf.x_grad", x.grad());

        x = t(1, 2, 3);
        Tensor w = t(0.5, -1, 2);
        y = x.mul(1);
        y.mul_(w);
        y.mul_(3.0);
        y.sum().backward();
        values("inplace_mul_tensor.x_grad", x.grad());
        values("inplace_mul_tensor.w_grad", w.grad());

        x = t(1, 2, 3);
        y = x.mul(2);
        y.retainGrad();
        y.mul_(3);
        y.mul(y).sum().backward();
        values("retain_grad_moves.y_grad", y.grad());
        values("retain_grad_moves.x_grad", x.grad());

        x = t(1, 2, 3);
        y = x.mul(2);
        List<Tensor> seen = new ArrayList<>();
        y.registerHook(g -> {
            seen.add(g.clone());
            return null;
        });
        y.mul_(3);
        y.mul(y).sum().backward();
        values("hook_before_inplace.seen", seen.get(0));

        x = t(1, 2, 3);
        y = x.mul(1);
        y.add_(t(1, 1, 1));
        y.sub_(2.0);
        y.div_(4.0);
        y.mul(y).sum().backward();
        values("inplace_chain.x_grad", x.grad());
    }

    @Test
    void inPlaceThroughViewsUpdatesTheBase() {
        Tensor x = t(1, 2, 3);
        Tensor y = x.mul(2);
        Tensor z = y.clone();
        Tensor v = z.select(0, 1);
        v.mul_(5);
        // PyTorch's name() is the C++ name torch::autograd::CopySlices; jtorch keeps the Python class name
        assertEquals(gold("copyslices.z_name").getAsString().replace("torch::autograd::", ""), z.gradFn().name());
        assertEquals(gold("copyslices.v_name").getAsString(), v.gradFn().name());
        z.sum().backward();
        values("copyslices.x_grad", x.grad());

        Tensor x2 = t(1, 2);
        Tensor buf = Torch.zeros(2, 3);
        buf.select(1, 1).copy_(x2.mul(x2));
        flag("copyslices_into_constant.requires_grad", buf.requiresGrad());
        buf.mul(Torch.arange(0.0, 6.0, 1.0).view(2, 3)).sum().backward();
        values("copyslices_into_constant.x_grad", x2.grad());

        Tensor x3 = t(1, 2, 3, 4);
        Tensor y3 = x3.mul(1);
        y3.view(2, 2).select(0, 0).zero_();
        y3.mul(y3).sum().backward();
        values("fill_view.x_grad", x3.grad());
    }

    // ------------------------------------------------------------------ grad_fn

    @Test
    void gradFnNamesAndNextFunctions() {
        Tensor x = t(1, 2, 3);
        Tensor z = x.mul(2).pow(2);
        assertEquals(gold("names.z").getAsString(), z.gradFn().name());
        assertEquals(names(gold("names.z_next")), names(z.gradFn().nextFunctions()));
        Node m = z.gradFn().nextFunctions().get(0);
        assertEquals(names(gold("names.mul_next")), names(m.nextFunctions()));
        assertEquals(names(gold("names.exp_next")), names(x.exp().gradFn().nextFunctions()));
        flag("names.leaf_grad_fn_none", x.gradFn() == null);
    }

    private static List<String> names(JsonElement e) {
        List<String> r = new ArrayList<>();
        for (JsonElement n : e.getAsJsonArray()) r.add(n.isJsonNull() ? null : n.getAsString().replace("torch::autograd::", ""));
        return r;
    }

    private static List<String> names(List<Node> nodes) {
        List<String> r = new ArrayList<>();
        for (Node n : nodes) r.add(n == null ? null : n.name());
        return r;
    }

    // ------------------------------------------------------------------ torch.autograd.grad

    @Test
    void higherOrderGradients() {
        Tensor x = t(1, 2, 3);
        Tensor g = Torch.autograd.grad(new Tensor[] {x.pow(3).sum()}, new Tensor[] {x}, null, true)[0];
        values("grad.first", g);
        values("grad.x3_second", Torch.autograd.grad(g.sum(), x)[0]);

        x = t(0.5, -1, 2);
        g = Torch.autograd.grad(new Tensor[] {x.exp().sum()}, new Tensor[] {x}, null, true)[0];
        values("grad.exp_second", Torch.autograd.grad(g.sum(), x)[0]);

        Tensor a = t(1, 2, 3), b = t(0.5, -1, 2.5);
        Tensor[] gab = Torch.autograd.grad(new Tensor[] {Torch.dist(a, b)}, new Tensor[] {a, b}, null, true);
        values("grad.dist_second", Torch.autograd.grad(gab[0].mul(c(1, 2, 3)).sum(), a)[0]);

        x = t(1, 2, 3);
        Tensor y = t(2, 0.5, 1);
        g = Torch.autograd.grad(new Tensor[] {x.mul(y).mul(x).mul(y).sum()}, new Tensor[] {x}, null, true)[0];
        Tensor[] second = Torch.autograd.grad(g.sum(), x, y);
        values("grad.mulchain_second_x", second[0]);
        values("grad.mulchain_second_y", second[1]);

        x = t(1, 2, 3, 4);
        Tensor v = Torch.cat(x.slice(0, 1, 3, 1).pow(2), x.view(2, 2).select(1, 0).pow(3));
        g = Torch.autograd.grad(new Tensor[] {v.sum()}, new Tensor[] {x}, null, true)[0];
        values("grad.views_cat_first", g);
        values("grad.views_cat_second", Torch.autograd.grad(g.mul(g).sum(), x)[0]);
    }

    @Test
    void gradArguments() {
        Tensor x = t(1, 2), u = t(3, 4);
        message("msg.unused", IllegalStateException.class, () -> Torch.autograd.grad(x.mul(2).sum(), x, u));
        Tensor[] gs = Torch.autograd.grad(new Tensor[] {x.mul(2).sum()}, new Tensor[] {x, u}, null, false, false, true);
        flag("grad.allow_unused_second_is_none", gs[1] == null);
        message("msg.not_require", IllegalStateException.class, () -> Torch.autograd.grad(x.mul(2).sum(), x.detach()));
        message("msg.no_grad_fn", IllegalStateException.class, () -> Torch.autograd.grad(Torch.ones(3).sum(), x));

        Tensor x2 = t(1, 2);
        Tensor y = x2.mul(3);
        values("grad.nonleaf_input", Torch.autograd.grad(y.mul(y).sum(), y)[0]);
        flag("grad.leaves_untouched", x2.grad() == null);

        Tensor xp = t(1, 2), wp = t(3, 4);
        Tensor yp = xp.mul(2);
        yp.retainGrad();
        Tensor zp = yp.mul(wp).sum();
        values("grad.pruned.gy", Torch.autograd.grad(zp, yp)[0]);
        flag("grad.pruned.retain_hook_not_run", yp.grad() == null);
        values("grad.pruned.gw", Torch.autograd.grad(xp.mul(xp).mul(wp).sum(), wp)[0]);
        Tensor q2 = xp.mul(xp).sum().add(wp.add(1).sum());
        Torch.autograd.grad(q2, wp);
        q2.backward();
        values("grad.pruned.then_backward_x", xp.grad());
        values("grad.pruned.then_backward_w", wp.grad());

        Tensor xr = t(1, 2);
        Tensor yr = xr.add(1).sum();
        yr.backward();
        yr.backward();
        values("rerun_without_saved.x_grad", xr.grad());
        message("msg.rerun_saved_scalar", IllegalStateException.class, () -> {
            Tensor y2 = t(1, 2).mul(3).sum();
            y2.backward();
            y2.backward();
        });

        Tensor xh = t(1, 2);
        xh.registerHook(g -> g.mul(10));
        values("grad.leaf_hook_not_applied", Torch.autograd.grad(xh.mul(2).sum(), xh)[0]);
        Tensor yh = xh.mul(1);
        yh.registerHook(g -> g.mul(10));
        values("grad.nonleaf_hook_not_applied", Torch.autograd.grad(yh.mul(2).sum(), yh)[0]);

        Tensor x3 = t(1, 2);
        Torch.autograd.backward(x3.mul(x3).sum(), x3.mul(3).sum());
        values("autograd_backward.multi_root", x3.grad());
    }

    // ------------------------------------------------------------------ gradcheck

    @Test
    void gradcheckReportsMismatchLikePyTorch() {
        Tensor x = tensor(new double[] {1, 2}, DType.FLOAT64, true);
        // a deliberately wrong formula: d(x*x)/dx recorded as 3x
        java.util.function.UnaryOperator<Tensor> bad = a -> {
            Tensor out;
            try (var g = Torch.noGrad()) {
                out = a.mul(a);
            }
            return Graph.record("BadBackward", out, new Tensor[] {a}, new Tensor[] {a}, g -> new Tensor[] {g[0].mul(a).mul(3.0)});
        };
        GradcheckError e = assertThrows(GradcheckError.class, () -> Torch.autograd.gradcheck(bad, x));
        assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:"), e.getMessage());
        assertTrue(e.getMessage().contains("\nanalytical:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n"));
        // the good formula passes, also at second order
        assertTrue(Torch.autograd.gradcheck(a -> a.mul(a), x));
        assertTrue(Torch.autograd.gradgradcheck(a -> a.mul(a).mul(a), x));
        message("msg.gradcheck_none_requires", IllegalArgumentException.class,
                () -> Torch.autograd.gradcheck(a -> a.mul(2), Torch.ones(new long[] {2}, DType.FLOAT64)));
    }

    @Test
    void gradcheckInputAndOutputChecks() {
        message("msg.gradcheck_stride0", IllegalArgumentException.class, () -> Torch.autograd.gradcheck(
                a -> a.mul(2), Torch.ones(new long[] {1}, DType.FLOAT64).requiresGrad_().expand(3)));
        Tensor x = tensor(new double[] {1, 1}, DType.FLOAT64, true);
        message("msg.gradcheck_expected_zero", GradcheckError.class, () -> Torch.autograd.gradcheck(a -> a.detach().mul(2), x));
        flag("gradcheck.constant_ok", Torch.autograd.gradcheck(a -> a.gt(0.0).toDouble(), x));
        java.util.Random rnd = new java.util.Random(7);
        java.util.function.UnaryOperator<Tensor> noisy = a -> {
            Tensor out;
            try (var g = Torch.noGrad()) {
                out = a.mul(a);
            }
            return Graph.record("NoisyBackward", out, new Tensor[] {a}, new Tensor[] {a},
                    g -> new Tensor[] {g[0].mul(a).mul(2.0).add(rnd.nextDouble() * 1e-9)});
        };
        message("msg.gradcheck_nondet", GradcheckError.class,
                () -> Torch.autograd.gradcheck(noisy, tensor(new double[] {1, 2}, DType.FLOAT64, true)));
    }

    @Test
    void gradgradcheckCatchesFirstOrderOnlyFormulas() {
        Tensor x = tensor(new double[] {0.5, -1, 2}, DType.FLOAT64, true);
        // exp whose gradient uses a detached result: right first derivative, wrong second
        java.util.function.UnaryOperator<Tensor> firstOrderOnly = a -> {
            Tensor out;
            try (var g = Torch.noGrad()) {
                out = a.exp();
            }
            Tensor saved = out.detach();
            return Graph.record("ExpBackward0", out, new Tensor[] {a}, null, g -> new Tensor[] {g[0].mul(saved)});
        };
        assertTrue(Torch.autograd.gradcheck(firstOrderOnly, x));
        assertThrows(GradcheckError.class, () -> Torch.autograd.gradgradcheck(firstOrderOnly, x));
    }

    @Test
    void deepGraph() {
        Tensor x = tensor(new double[] {1, -2}, DType.FLOAT64, true);
        Tensor y = x;
        for (int i = 0; i < 20000; i++) y = y.mul(1.0001).add(0.5);
        y.sum().backward();
        values("deep.x_grad", x.grad());
    }

    @Test
    void concurrentBackwardIntoOneLeaf() throws Exception {
        Tensor w = t(1, 2, 3);
        int threads = 4, steps = 200;
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            ts[k] = new Thread(() -> {
                for (int i = 0; i < steps; i++) w.mul(w).sum().backward();
            });
            ts[k].start();
        }
        for (Thread th : ts) th.join();
        // no lost update: the sum of threads * steps single backward passes
        Tensor one = t(1, 2, 3);
        one.mul(one).sum().backward();
        assertArrayEquals(one.grad().mul((double) threads * steps).toDoubleArray(), w.grad().toDoubleArray(), 1e-3);
    }

    // ------------------------------------------------------------------ anomaly detection

    @Test
    void anomalyDetection() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (var a = Torch.autograd.detectAnomaly()) {
                flag("anomaly.enabled_inside", Torch.isAnomalyEnabled());
                Tensor x = t(0, 1);
                x.div(x).sum().backward();
            }
        });
        assertEquals(gold("msg.anomaly_nan").getAsString(), e.getMessage());
        assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0].getMessage().startsWith("Error detected in DivBackward0"));
        flag("anomaly.enabled_after", Torch.isAnomalyEnabled());
        Torch.autograd.setDetectAnomaly(true);
        try {
            message("msg.anomaly_version", IllegalStateException.class, () -> {
                Tensor x1 = t(1, 2, 3);
                Tensor y = x1.mul(2);
                Tensor z = y.mul(y);
                y.add_(1);
                z.sum().backward();
            });
        } finally {
            Torch.autograd.setDetectAnomaly(false);
        }
        Tensor x = t(0, 1);
        x.div(x).sum().backward();
        double[] grad = x.grad().toDoubleArray();
        var expected = gold("anomaly.off_nan_grad").getAsJsonArray();
        for (int i = 0; i < grad.length; i++) assertEquals(expected.get(i).getAsString(), grad[i] != grad[i] ? "nan" : String.valueOf(grad[i]));
    }

    // ------------------------------------------------------------------ custom Functions

    static final class MyExp extends Torch.autograd.Function {
        @Override protected Object forward(Ctx ctx, Tensor... in) {
            Tensor r = in[0].exp();
            ctx.saveForBackward(r);
            return r;
        }

        @Override protected Object backward(Ctx ctx, Tensor... g) {
            return g[0].mul(ctx.savedTensors()[0]);
        }
    }

    static final class Bad extends Torch.autograd.Function {
        @Override protected Object forward(Ctx ctx, Tensor... in) { return in[0].mul(in[1]); }

        @Override protected Object backward(Ctx ctx, Tensor... g) { return g[0]; }
    }

    static final class Shape extends Torch.autograd.Function {
        @Override protected Object forward(Ctx ctx, Tensor... in) { return in[0].mul(2); }

        @Override protected Object backward(Ctx ctx, Tensor... g) { return g[0].sum(); }
    }

    static final class Two extends Torch.autograd.Function {
        @Override protected Object forward(Ctx ctx, Tensor... in) { return new Tensor[] {in[0].mul(2), in[0].mul(3)}; }

        @Override protected Object backward(Ctx ctx, Tensor... g) { return g[0].mul(2).add(g[1].mul(3)); }
    }

    static final class Ident extends Torch.autograd.Function {
        @Override protected Object forward(Ctx ctx, Tensor... in) { return in[0]; }

        @Override protected Object backward(Ctx ctx, Tensor... g) { return g[0].mul(5); }
    }

    static final class ArgMax extends Torch.autograd.Function {
        @Override protected Object forward(Ctx ctx, Tensor... in) {
            Tensor m = in[0].mul(2);
            Tensor idx = in[0].gt(1.5).toDouble();
            ctx.markNonDifferentiable(idx);
            return new Tensor[] {m, idx};
        }

        @Override protected Object backward(Ctx ctx, Tensor... g) { return g[0].mul(2); }
    }

    @Test
    void customFunctions() {
        Tensor x = t(0.5, -1, 2);
        Tensor y = new MyExp().apply(x);
        values("function.value", y);
        assertEquals(gold("function.name").getAsString(), y.gradFn().name());
        Tensor g = Torch.autograd.grad(new Tensor[] {y.sum()}, new Tensor[] {x}, null, true)[0];
        values("function.grad", g);
        values("function.grad2", Torch.autograd.grad(g.mul(c(1, 2, 3)).sum(), x)[0]);
        message("msg.function_version", IllegalStateException.class, () -> {
            Tensor y2 = new MyExp().apply(t(0.5, -1, 2));
            y2.add_(1);
            y2.sum().backward();
        });
        message("msg.function_count", IllegalStateException.class, () -> new Bad().apply(t(1, 2), t(1, 2)).sum().backward());
        message("msg.function_shape", IllegalStateException.class, () -> new Shape().apply(t(1, 2)).sum().backward());

        Tensor x2 = t(1, 2);
        Tensor[] uv = new Two().applyAll(x2);
        uv[0].sum().backward();
        values("function.two_outputs_x_grad", x2.grad());

        Tensor x3 = t(1, 2);
        Tensor z = new Ident().apply(x3);
        flag("function.identity_is_input", z == x3);
        assertEquals(gold("function.identity_name").getAsString(), z.gradFn().name());
        assertTrue(x3.isLeaf());
        z.sum().backward();
        values("function.identity_x_grad", x3.grad());

        Tensor[] mi = new ArgMax().applyAll(t(1, 2));
        JsonElement rg = gold("function.nondiff_requires_grad");
        assertEquals(rg.getAsJsonArray().get(0).getAsBoolean(), mi[0].requiresGrad());
        assertEquals(rg.getAsJsonArray().get(1).getAsBoolean(), mi[1].requiresGrad());
        assertTrue(Torch.autograd.gradcheck(a -> new MyExp().apply(a), tensor(new double[] {0.5, -1}, DType.FLOAT64, true)));
        assertTrue(Torch.autograd.gradgradcheck(a -> new MyExp().apply(a), tensor(new double[] {0.5, -1}, DType.FLOAT64, true)));
    }

    // ------------------------------------------------------------------ torch.autograd.functional

    @Test
    void functional() {
        Tensor x = tensor(new double[] {1, 2}, DType.FLOAT64, false);
        Tensor v = tensor(new double[] {1, 0.5}, DType.FLOAT64, false);
        values("functional.jacobian", Torch.autograd.functional.jacobian(a -> a.pow(2), x));
        values("functional.hessian", Torch.autograd.functional.hessian(a -> a.pow(3).sum(), x));
        values("functional.vjp", Torch.autograd.functional.vjp(a -> a.pow(2), x, v)[1]);
        values("functional.jvp", Torch.autograd.functional.jvp(a -> a.exp().mul(a.select(0, 0)), x, v)[1]);
        values("functional.vhp", Torch.autograd.functional.vhp(a -> a.pow(3).sum().mul(a.select(0, 0)), x, v)[1]);
        values("functional.hvp", Torch.autograd.functional.hvp(a -> a.pow(3).sum().mul(a.select(0, 0)), x, v)[1]);
        Tensor y = tensor(new double[] {3, 4, 5}, DType.FLOAT64, false);
        Tensor[][] j = Torch.autograd.functional.jacobian(in -> in[0].mul(in[1].sum()), x, y);
        values("functional.jacobian_two_inputs_0", j[0][0]);
        values("functional.jacobian_two_inputs_1", j[0][1]);
        assertArrayEquals(AutogradCases.longs(gold("functional.jacobian_shape_1")), j[0][1].shape());
        assertNull(x.grad());
        message("msg.hessian_nonscalar", IllegalArgumentException.class,
                () -> Torch.autograd.functional.hessian(a -> a.pow(3), x));
    }
}
