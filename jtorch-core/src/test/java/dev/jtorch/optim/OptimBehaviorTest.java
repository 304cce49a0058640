package dev.jtorch.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.optim.lr_scheduler.LRScheduler;
import dev.jtorch.optim.lr_scheduler.ReduceLROnPlateau;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jtorch.optim.OptimConformanceTest.assertClose;
import static dev.jtorch.optim.OptimConformanceTest.checkValue;
import static dev.jtorch.optim.OptimConformanceTest.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviour around the update rule, checked against facts recorded from PyTorch 1.13 in golden/optim.jsonl
 * (kind "fact") or against the golden trajectories replayed another way: non-contiguous parameters,
 * step(closure), parameter groups added later, and scheduler state dicts resumed mid-schedule.
 */
class OptimBehaviorTest {

    static JsonObject golden(String id) throws Exception {
        for (JsonObject c : OptimConformanceTest.load()) if (c.get("id").getAsString().equals(id)) return c;
        throw new AssertionError(id);
    }

    static JsonObject facts(String id) throws Exception { return golden(id).getAsJsonObject("facts"); }

    @Test
    void zeroGradKeepsZeroedTensorByDefault() throws Exception {
        JsonObject f = facts("zero_grad_default");
        Tensor p = Torch.tensor(new float[] {1, -2, 3}).requiresGrad_();
        SGD o = new SGD(List.of(p), 0.1);
        p.mul(p).sum().backward();
        Tensor g = p.grad();
        o.zeroGrad();
        assertEquals(f.get("grad_is_none").getAsBoolean(), p.grad() == null);
        assertEquals(f.get("same_object").getAsBoolean(), p.grad() == g);
        assertEquals(f.get("grad_requires_grad").getAsBoolean(), p.grad().requiresGrad());
        checkValue(f.get("grad"), p.grad(), 0, "grad");

        o.zeroGrad(true);
        assertEquals(facts("zero_grad_set_to_none").get("grad_is_none").getAsBoolean(), p.grad() == null);

        JsonObject d = facts("zero_grad_detaches");
        p.mul(p).sum().backward(null, false, true);
        assertEquals(d.get("had_grad_fn").getAsBoolean(), p.grad().gradFn() != null);
        o.zeroGrad();
        assertEquals(d.get("grad_fn_after").getAsBoolean(), p.grad().gradFn() != null);
        checkValue(d.get("grad"), p.grad(), 0, "grad");
    }

    @Test
    void stepRecordsNoGraph() throws Exception {
        JsonObject f = facts("step_no_graph");
        Tensor p = Torch.tensor(new float[] {1, 2}).requiresGrad_();
        Adam o = new Adam(List.of(p), 0.1);
        p.setGrad(Torch.tensor(new float[] {0.5f, -0.5f}));
        int v0 = p.version();
        o.step();
        assertEquals(f.get("is_leaf").getAsBoolean(), p.isLeaf());
        assertEquals(f.get("has_grad_fn").getAsBoolean(), p.gradFn() != null);
        assertEquals(f.get("requires_grad").getAsBoolean(), p.requiresGrad());
        assertEquals(f.get("version_grew").getAsBoolean(), p.version() > v0);
        checkValue(f.get("param"), p, 0, "param");
        assertTrue(Torch.isGradEnabled(), "grad mode restored after step");
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadStateDictCopiesAndCastsToParamDtype() throws Exception {
        JsonObject f = facts("load_casts_to_param_dtype");
        Tensor srcP = Torch.fromArray(new double[] {1, 2, 3}).requiresGrad_();
        Adam src = new Adam(List.of(srcP), 0.1, new double[] {0.9, 0.999}, 1e-8, 0, true);
        for (int k = 0; k < 3; k++) {
            srcP.setGrad(srcP.detach().mul((double) (k + 1)));
            src.step();
        }
        Tensor dstP = Torch.tensor(new float[] {1, 2, 3}).requiresGrad_();
        Adam dst = new Adam(List.of(dstP), 0.5);
        dst.loadStateDict(src.stateDict());
        Map<String, Object> st = dst.state().get(dstP);
        JsonObject dtypes = f.getAsJsonObject("dtypes");
        assertEquals(new ArrayList<>(dtypes.keySet()), new ArrayList<>(st.keySet()));
        for (String k : dtypes.keySet()) {
            assertEquals(dtypes.get(k).getAsString(), ((Tensor) st.get(k)).dtype().toString().replace("torch.", ""), k);
        }
        assertEquals(num(f.get("lr")), dst.paramGroups().get(0).lr());
        assertEquals(f.get("amsgrad").getAsBoolean(), dst.paramGroups().get(0).getBoolean("amsgrad"));
        checkValue(f.get("exp_avg"), st.get("exp_avg"), 0, "exp_avg");
        checkValue(f.get("step"), st.get("step"), 0, "step");
        boolean shares = ((Tensor) st.get("exp_avg")).storage() == ((Tensor) src.state().get(srcP).get("exp_avg")).storage();
        assertEquals(f.get("shares_storage").getAsBoolean(), shares);
    }

    /** The golden trajectories again, with each 2-d parameter stored transposed (a non-contiguous leaf). */
    @Test
    void nonContiguousParamsFollowTheSameTrajectory() throws Exception {
        for (String id : List.of("sgd_nesterov", "adam_amsgrad", "rmsprop_all", "adagrad_decay", "adamw_default")) {
            JsonObject c = golden(id);
            OptimConformanceTest.Run run = new OptimConformanceTest.Run(c);
            List<Tensor> params = new ArrayList<>();
            for (Tensor p : run.params) {
                Tensor q = p.dim() == 2 ? p.detach().t().contiguous().t() : p.detach().clone();
                params.add(q.requiresGrad_());
            }
            assertTrue(!params.get(0).isContiguous());
            run.params.clear();
            run.params.addAll(params);
            run.opt = OptimConformanceTest.optimizer(c, params);
            for (int k = 1; k <= 100; k++) run.step(k);
            List<Tensor> expected = OptimConformanceTest.tensors(c.getAsJsonObject("record").getAsJsonArray("100"));
            for (int i = 0; i < expected.size(); i++) {
                assertClose(expected.get(i), params.get(i), OptimConformanceTest.OPTIM_TOL, id + " param " + i);
                assertTrue(params.get(i).dim() != 2 || !params.get(i).isContiguous(), "updated in place");
            }
        }
    }

    /**
     * Reduced-precision parameters take the composite (unfused) path: after 10 steps the golden float32
     * trajectories are matched to bfloat16/float16 accuracy.
     */
    @Test
    void reducedPrecisionParamsTrackFloat32Trajectory() throws Exception {
        for (dev.jtorch.DType dt : List.of(dev.jtorch.DType.BFLOAT16, dev.jtorch.DType.FLOAT16)) {
            for (String id : List.of("sgd_nesterov", "adam_amsgrad", "adamw_default", "rmsprop_all", "adagrad_decay")) {
                JsonObject c = golden(id);
                OptimConformanceTest.Run run = new OptimConformanceTest.Run(c);
                List<Tensor> params = new ArrayList<>();
                for (Tensor p : run.params) params.add(p.detach().to(dt).requiresGrad_());
                for (List<Tensor> l : List.of(run.target, run.weight, run.noise)) l.replaceAll(t -> t.to(dt));
                run.params.clear();
                run.params.addAll(params);
                run.opt = OptimConformanceTest.optimizer(c, params);
                for (int k = 1; k <= 10; k++) run.step(k);
                List<Tensor> expected = OptimConformanceTest.tensors(c.getAsJsonObject("record").getAsJsonArray("10"));
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(dt, params.get(i).dtype());
                    double[] e = expected.get(i).toDoubleArray(), a = params.get(i).toDoubleArray();
                    for (int j = 0; j < e.length; j++) {
                        assertTrue(Math.abs(e[j] - a[j]) <= 0.05 * Math.max(1, Math.abs(e[j])),
                                dt + " " + id + " param " + i + "[" + j + "]: " + e[j] + " vs " + a[j]);
                    }
                }
            }
        }
    }

    /** The autograd golden case driven through step(closure), which evaluates the closure with grad on. */
    @Test
    void stepWithClosure() throws Exception {
        JsonObject c = golden("sgd_autograd_f64");
        OptimConformanceTest.Run run = new OptimConformanceTest.Run(c);
        for (int k = 1; k <= 100; k++) {
            try (var g = Torch.noGrad()) {
                Tensor loss = run.opt.step(() -> {
                    run.opt.zeroGrad();
                    Tensor l = null;
                    for (int i = 0; i < run.params.size(); i++) {
                        Tensor d = run.params.get(i).sub(run.target.get(i));
                        Tensor term = run.weight.get(i).mul(d.mul(d)).sum();
                        l = l == null ? term : l.add(term);
                    }
                    l = l.mul(0.5);
                    l.backward();
                    return l;
                });
                assertTrue(loss.requiresGrad());
            }
        }
        List<Tensor> expected = OptimConformanceTest.tensors(c.getAsJsonObject("record").getAsJsonArray("100"));
        for (int i = 0; i < expected.size(); i++) assertClose(expected.get(i), run.params.get(i), 1e-12, "param " + i);
    }

    /** sgd_groups, but with the second group added after construction. */
    @Test
    void addParamGroupLater() throws Exception {
        JsonObject c = golden("sgd_groups");
        OptimConformanceTest.Run run = new OptimConformanceTest.Run(c);
        List<Tensor> ps = run.params;
        SGD o = new SGD(List.of(ps.get(0), ps.get(2)), 0.05, 0.9);
        o.addParamGroup(new ParamGroup(ps.get(1)).set("lr", 0.01).set("momentum", 0.5));
        run.opt = o;
        for (int k = 1; k <= 100; k++) run.step(k);
        OptimConformanceTest.checkStateDict(c, o.stateDict());
        List<Tensor> expected = OptimConformanceTest.tensors(c.getAsJsonObject("record").getAsJsonArray("100"));
        for (int i = 0; i < expected.size(); i++) assertClose(expected.get(i), ps.get(i), OptimConformanceTest.OPTIM_TOL, "param " + i);
    }

    @Test
    @SuppressWarnings("unchecked")
    void stateDictSharesStateLikePyTorch() {
        Tensor p = Torch.zeros(3).requiresGrad_();
        SGD o = new SGD(List.of(p), 0.1, 0.9);
        p.setGrad(Torch.ones(3));
        o.step();
        Map<String, Object> sd = o.stateDict();
        Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) sd.get("state");
        // state_dict returns references to the live state (PyTorch does not copy), load_state_dict deep-copies
        assertSame(o.state().get(p).get("momentum_buffer"), state.get(0).get("momentum_buffer"));
        Tensor q = Torch.zeros(3).requiresGrad_();
        SGD o2 = new SGD(List.of(q), 0.5, 0.9);
        o2.loadStateDict(sd);
        assertNotSame(state.get(0).get("momentum_buffer"), o2.state().get(q).get("momentum_buffer"));
        assertEquals(0.1, o2.paramGroups().get(0).lr());
    }

    /** Every scheduler case resumed from optimizer + scheduler state dicts saved after 20 steps. */
    @Test
    void schedulersResumeFromStateDict() throws Exception {
        int checked = 0;
        for (JsonObject c : OptimConformanceTest.load()) {
            if (!c.get("kind").getAsString().equals("sched")) continue;
            checked++;
            JsonArray expLrs = c.getAsJsonArray("lrs");
            Object[] first = build(c);
            Optimizer o1 = (Optimizer) first[0];
            for (int i = 0; i < 20; i++) advance(c, o1, first[1], i);
            Map<String, Object> optState = o1.stateDict();
            Map<String, Object> schedState = stateDict(first[1]);
            Object[] second = build(c);
            Optimizer o2 = (Optimizer) second[0];
            o2.loadStateDict(optState);
            if (second[1] instanceof ReduceLROnPlateau p) p.loadStateDict(schedState);
            else ((LRScheduler) second[1]).loadStateDict(schedState);
            for (int i = 20; i < expLrs.size() - 1; i++) {
                List<Double> got = advance(c, o2, second[1], i);
                OptimConformanceTest.assertSeq(expLrs.get(i + 1), got, c.get("id").getAsString() + " lr at step " + (i + 1));
                OptimConformanceTest.assertSeq(c.getAsJsonArray("momenta").get(i + 1), OptimConformanceTest.momenta(o2),
                        c.get("id").getAsString() + " momentum at step " + (i + 1));
            }
        }
        assertTrue(checked >= 15);
    }

    static Object[] build(JsonObject c) {
        List<ParamGroup> groups = new ArrayList<>();
        for (JsonElement lr : c.getAsJsonArray("group_lrs")) groups.add(new ParamGroup(Torch.zeros(2).requiresGrad_()).set("lr", num(lr)));
        Optimizer o = OptimConformanceTest.optimizer(c.get("optimizer").getAsString(), c.getAsJsonObject("opt_kwargs"), groups);
        return new Object[] {o, OptimConformanceTest.scheduler(c.get("scheduler").getAsString(), o, c.getAsJsonObject("kwargs"), c.get("lambdas"))};
    }

    static List<Double> advance(JsonObject c, Optimizer o, Object s, int i) {
        o.step();
        if (s instanceof ReduceLROnPlateau p) {
            p.step(Torch.fromArray(new double[] {num(c.getAsJsonArray("metrics").get(i))}));
            return p.getLastLr();
        }
        LRScheduler l = (LRScheduler) s;
        if (c.get("epochs").isJsonNull()) l.step();
        else l.step((int) num(c.getAsJsonArray("epochs").get(i)));
        return l.getLastLr();
    }

    static Map<String, Object> stateDict(Object s) {
        return s instanceof ReduceLROnPlateau p ? p.stateDict() : ((LRScheduler) s).stateDict();
    }

    @Test
    void plateauStartsWithCurrentRates() {
        SGD o = new SGD(List.of(Torch.zeros(1).requiresGrad_()), 0.25);
        ReduceLROnPlateau p = new ReduceLROnPlateau(o);
        assertEquals(List.of(0.25), p.getLastLr());
        assertNull(o.paramGroups().get(0).options().get("foreach"));
    }
}
