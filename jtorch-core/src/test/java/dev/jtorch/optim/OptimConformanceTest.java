package dev.jtorch.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.optim.lr_scheduler.ConstantLR;
import dev.jtorch.optim.lr_scheduler.CosineAnnealingLR;
import dev.jtorch.optim.lr_scheduler.ExponentialLR;
import dev.jtorch.optim.lr_scheduler.LRScheduler;
import dev.jtorch.optim.lr_scheduler.LambdaLR;
import dev.jtorch.optim.lr_scheduler.LinearLR;
import dev.jtorch.optim.lr_scheduler.MultiStepLR;
import dev.jtorch.optim.lr_scheduler.MultiplicativeLR;
import dev.jtorch.optim.lr_scheduler.OneCycleLR;
import dev.jtorch.optim.lr_scheduler.ReduceLROnPlateau;
import dev.jtorch.optim.lr_scheduler.StepLR;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays golden/optim.jsonl (conformance/gen_optim.py, PyTorch 1.13): 100-step optimizer trajectories and
 * final state dicts (to 1e-6), the same trajectories resumed from a state dict saved at step 50, scheduler
 * learning-rate and momentum sequences (to 1e-12), error messages and reprs.
 */
class OptimConformanceTest {
    static final double OPTIM_TOL = 1e-6;
    static final double SCHED_TOL = 1e-12;

    static List<JsonObject> load() throws Exception {
        List<JsonObject> out = new ArrayList<>();
        try (var in = OptimConformanceTest.class.getResourceAsStream("/golden/optim.jsonl")) {
            Objects.requireNonNull(in, "optim.jsonl");
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
        int optim = 0, sched = 0;
        for (JsonObject c : load()) {
            String id = c.get("id").getAsString();
            switch (c.get("kind").getAsString()) {
                case "optim" -> {
                    optim++;
                    tests.add(DynamicTest.dynamicTest("optim " + id, () -> replayOptim(c)));
                    if (!c.get("autograd").getAsBoolean()) {
                        tests.add(DynamicTest.dynamicTest("optim resumed " + id, () -> replayResumed(c)));
                    }
                }
                case "sched" -> {
                    sched++;
                    tests.add(DynamicTest.dynamicTest("sched " + id, () -> replaySched(c)));
                }
                case "error" -> tests.add(DynamicTest.dynamicTest("error " + id, () -> replayError(c)));
                case "repr" -> tests.add(DynamicTest.dynamicTest("repr " + id, () -> replayRepr(c)));
                case "fact" -> { } // replayed by OptimBehaviorTest
                default -> fail(c.get("kind").getAsString());
            }
        }
        assertTrue(optim >= 25 && sched >= 15, "golden file incomplete: " + optim + " optim, " + sched + " sched cases");
        return tests;
    }

    // ------------------------------------------------------------------ decoding

    static double num(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                default -> Double.NEGATIVE_INFINITY;
            };
        }
        if (e.isJsonObject() && e.getAsJsonObject().has("int")) return e.getAsJsonObject().get("int").getAsLong();
        return e.getAsDouble();
    }

    static Tensor tensor(JsonObject t) {
        DType dtype = DType.valueOf(t.get("dtype").getAsString().toUpperCase());
        JsonArray data = t.getAsJsonArray("data");
        JsonArray shape = t.getAsJsonArray("shape");
        long[] sh = new long[shape.size()];
        for (int i = 0; i < sh.length; i++) sh[i] = shape.get(i).getAsLong();
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = num(data.get(i));
        return Torch.fromArray(v).to(dtype).reshape(sh).clone();
    }

    static List<Tensor> tensors(JsonArray a) {
        List<Tensor> r = new ArrayList<>();
        for (JsonElement e : a) r.add(tensor(e.getAsJsonObject()));
        return r;
    }

    static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = num(a.get(i));
        return r;
    }

    static double opt(JsonObject kw, String key, double dflt) { return kw.has(key) ? num(kw.get(key)) : dflt; }

    static boolean flag(JsonObject kw, String key) { return kw.has(key) && kw.get(key).getAsBoolean(); }

    static ParamGroup group(JsonObject g, List<Tensor> params) {
        List<Tensor> ps = new ArrayList<>();
        for (JsonElement i : g.getAsJsonArray("params")) ps.add(params.get((int) num(i)));
        ParamGroup pg = new ParamGroup(ps);
        for (String k : g.keySet()) {
            if (k.equals("params")) continue;
            JsonElement v = g.get(k);
            pg.set(k, v.isJsonArray() ? ParamGroup.tuple(doubles(v)) : (Object) num(v));
        }
        return pg;
    }

    static Optimizer optimizer(String name, JsonObject kw, List<ParamGroup> groups) {
        double[] betas = kw.has("betas") ? doubles(kw.get("betas")) : new double[] {0.9, 0.999};
        return switch (name) {
            case "SGD" -> new SGD(groups, opt(kw, "lr", 0), opt(kw, "momentum", 0), opt(kw, "dampening", 0),
                    opt(kw, "weight_decay", 0), flag(kw, "nesterov"), flag(kw, "maximize"));
            case "Adam" -> new Adam(groups, opt(kw, "lr", 1e-3), betas, opt(kw, "eps", 1e-8), opt(kw, "weight_decay", 0),
                    flag(kw, "amsgrad"), flag(kw, "maximize"));
            case "AdamW" -> new AdamW(groups, opt(kw, "lr", 1e-3), betas, opt(kw, "eps", 1e-8), opt(kw, "weight_decay", 1e-2),
                    flag(kw, "amsgrad"), flag(kw, "maximize"));
            case "RMSprop" -> new RMSprop(groups, opt(kw, "lr", 1e-2), opt(kw, "alpha", 0.99), opt(kw, "eps", 1e-8),
                    opt(kw, "weight_decay", 0), opt(kw, "momentum", 0), flag(kw, "centered"), flag(kw, "maximize"));
            case "Adagrad" -> new Adagrad(groups, opt(kw, "lr", 1e-2), opt(kw, "lr_decay", 0), opt(kw, "weight_decay", 0),
                    opt(kw, "initial_accumulator_value", 0), opt(kw, "eps", 1e-10), flag(kw, "maximize"));
            default -> throw new AssertionError(name);
        };
    }

    static Optimizer optimizer(JsonObject c, List<Tensor> params) {
        List<ParamGroup> groups = new ArrayList<>();
        if (c.get("groups").isJsonNull()) groups.add(new ParamGroup(params));
        else for (JsonElement g : c.getAsJsonArray("groups")) groups.add(group(g.getAsJsonObject(), params));
        return optimizer(c.get("optimizer").getAsString(), c.getAsJsonObject("kwargs"), groups);
    }

    // ------------------------------------------------------------------ optimizers

    static final class Run {
        final List<Tensor> params = new ArrayList<>();
        final List<Tensor> target, weight, noise;
        final List<Integer> skipOdd = new ArrayList<>();
        final boolean autograd;
        Optimizer opt;

        Run(JsonObject c) {
            for (Tensor p : tensors(c.getAsJsonArray("params"))) params.add(p.requiresGrad_());
            target = tensors(c.getAsJsonArray("target"));
            weight = tensors(c.getAsJsonArray("weight"));
            noise = tensors(c.getAsJsonArray("noise"));
            for (JsonElement e : c.getAsJsonArray("skip_odd")) skipOdd.add(e.getAsInt());
            autograd = c.get("autograd").getAsBoolean();
            opt = optimizer(c, params);
        }

        void step(int k) {
            if (autograd) {
                opt.zeroGrad();
                Tensor loss = null;
                for (int i = 0; i < params.size(); i++) {
                    Tensor d = params.get(i).sub(target.get(i));
                    Tensor term = weight.get(i).mul(d.mul(d)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                loss.mul(0.5).backward();
            } else {
                try (var g = Torch.noGrad()) {
                    double s = ((37 * k) % 11 - 5) / 10.0;
                    for (int i = 0; i < params.size(); i++) {
                        Tensor p = params.get(i);
                        if (skipOdd.contains(i) && k % 2 == 1) p.setGrad(null);
                        else p.setGrad(p.sub(target.get(i)).mul(weight.get(i)).add(noise.get(i).mul(s)));
                    }
                }
            }
            opt.step();
        }
    }

    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + " dtype");
        assertEquals(List.of(box(expected.shape())), List.of(box(actual.shape())), what + " shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            double d = Math.abs(e[i] - a[i]);
            if (!(d <= tol * Math.max(1.0, Math.abs(e[i])))) {
                fail(what + "[" + i + "]: expected " + e[i] + " but was " + a[i] + " (diff " + d + ")");
            }
        }
    }

    static Long[] box(long[] a) {
        Long[] r = new Long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    static void replayOptim(JsonObject c) {
        Run run = new Run(c);
        JsonObject rec = c.getAsJsonObject("record");
        for (int k = 1; k <= 100; k++) {
            run.step(k);
            if (rec.has(String.valueOf(k))) {
                List<Tensor> expected = tensors(rec.getAsJsonArray(String.valueOf(k)));
                for (int i = 0; i < expected.size(); i++) {
                    assertClose(expected.get(i), run.params.get(i), OPTIM_TOL, "step " + k + " param " + i);
                }
            }
        }
        checkStateDict(c, run.opt.stateDict());
    }

    /** 50 steps, state dict, a fresh optimizer on copies of the params loads it and runs the other 50. */
    static void replayResumed(JsonObject c) {
        Run first = new Run(c);
        for (int k = 1; k <= 50; k++) first.step(k);
        Map<String, Object> saved = first.opt.stateDict();
        Run second = new Run(c);
        for (int i = 0; i < second.params.size(); i++) {
            try (var g = Torch.noGrad()) {
                second.params.get(i).copy_(first.params.get(i));
            }
        }
        second.opt.loadStateDict(saved);
        for (int k = 51; k <= 100; k++) second.step(k);
        List<Tensor> expected = tensors(c.getAsJsonObject("record").getAsJsonArray("100"));
        for (int i = 0; i < expected.size(); i++) assertClose(expected.get(i), second.params.get(i), OPTIM_TOL, "param " + i);
        checkStateDict(c, second.opt.stateDict());
    }

    @SuppressWarnings("unchecked")
    static void checkStateDict(JsonObject c, Map<String, Object> sd) {
        assertEquals(List.of("state", "param_groups"), new ArrayList<>(sd.keySet()));
        Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) sd.get("state");
        JsonObject expState = c.getAsJsonObject("state");
        assertEquals(new TreeSet<>(expState.keySet()), new TreeSet<>(state.keySet().stream().map(String::valueOf).toList()));
        for (String idx : expState.keySet()) {
            JsonObject exp = expState.getAsJsonObject(idx);
            Map<String, Object> act = state.get(Integer.parseInt(idx));
            assertEquals(new ArrayList<>(exp.keySet()), new ArrayList<>(act.keySet()), "state keys of " + idx);
            for (String k : exp.keySet()) checkValue(exp.get(k), act.get(k), OPTIM_TOL, "state[" + idx + "][" + k + "]");
        }
        List<Map<String, Object>> groups = (List<Map<String, Object>>) sd.get("param_groups");
        JsonArray expGroups = c.getAsJsonArray("param_groups");
        assertEquals(expGroups.size(), groups.size());
        for (int i = 0; i < groups.size(); i++) {
            JsonObject eg = expGroups.get(i).getAsJsonObject();
            List<String> keys = new ArrayList<>();
            for (JsonElement k : eg.getAsJsonArray("keys")) keys.add(k.getAsString());
            assertEquals(keys, new ArrayList<>(groups.get(i).keySet()), "param_groups[" + i + "] keys");
            JsonObject values = eg.getAsJsonObject("values");
            for (String k : keys) checkValue(values.get(k), groups.get(i).get(k), 0, "param_groups[" + i + "][" + k + "]");
        }
    }

    static void checkValue(JsonElement exp, Object act, double tol, String what) {
        if (exp.isJsonNull()) {
            assertNull(act, what);
        } else if (exp.isJsonObject() && exp.getAsJsonObject().has("tensor")) {
            assertInstanceOf(Tensor.class, act, what);
            assertClose(tensor(exp.getAsJsonObject().getAsJsonObject("tensor")), (Tensor) act, tol, what);
        } else if (exp.isJsonArray()) {
            List<?> l = (List<?>) act;
            assertEquals(exp.getAsJsonArray().size(), l.size(), what);
            for (int i = 0; i < l.size(); i++) checkValue(exp.getAsJsonArray().get(i), l.get(i), tol, what + "[" + i + "]");
        } else if (exp.isJsonPrimitive() && exp.getAsJsonPrimitive().isBoolean()) {
            assertEquals(exp.getAsBoolean(), act, what);
        } else {
            assertEquals(num(exp), ((Number) act).doubleValue(), tol, what);
        }
    }

    // ------------------------------------------------------------------ schedulers

    static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = (int) num(a.get(i));
        return r;
    }

    /** The lr_lambda functions of gen_optim.py's LAMBDAS, by name. */
    static IntToDoubleFunction lambda(String name) {
        return switch (name) {
            case "pow095" -> e -> Math.pow(0.95, e);
            case "inv" -> e -> 1.0 / (1 + 0.1 * e);
            case "const097" -> e -> 0.97;
            case "alternate" -> e -> e % 2 != 0 ? 0.99 : 0.9;
            default -> throw new AssertionError(name);
        };
    }

    static Object scheduler(String name, Optimizer o, JsonObject kw) { return scheduler(name, o, kw, null); }

    static Object scheduler(String name, Optimizer o, JsonObject kw, JsonElement lambdaNames) {
        List<IntToDoubleFunction> fns = new ArrayList<>();
        if (lambdaNames != null && !lambdaNames.isJsonNull()) for (JsonElement e : lambdaNames.getAsJsonArray()) fns.add(lambda(e.getAsString()));
        return switch (name) {
            case "LambdaLR" -> fns.size() == 1 ? new LambdaLR(o, fns.get(0)) : new LambdaLR(o, fns);
            case "MultiplicativeLR" -> fns.size() == 1 ? new MultiplicativeLR(o, fns.get(0)) : new MultiplicativeLR(o, fns);
            case "LinearLR" -> new LinearLR(o, opt(kw, "start_factor", 1.0 / 3), opt(kw, "end_factor", 1.0), (int) opt(kw, "total_iters", 5));
            case "ConstantLR" -> new ConstantLR(o, opt(kw, "factor", 1.0 / 3), (int) opt(kw, "total_iters", 5));
            case "StepLR" -> new StepLR(o, (int) num(kw.get("step_size")), opt(kw, "gamma", 0.1));
            case "MultiStepLR" -> new MultiStepLR(o, ints(kw.get("milestones")), opt(kw, "gamma", 0.1));
            case "ExponentialLR" -> new ExponentialLR(o, num(kw.get("gamma")));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(o, (int) num(kw.get("T_max")), opt(kw, "eta_min", 0));
            case "ReduceLROnPlateau" -> new ReduceLROnPlateau(o, kw.has("mode") ? kw.get("mode").getAsString() : "min",
                    opt(kw, "factor", 0.1), (int) opt(kw, "patience", 10), opt(kw, "threshold", 1e-4),
                    kw.has("threshold_mode") ? kw.get("threshold_mode").getAsString() : "rel", (int) opt(kw, "cooldown", 0),
                    opt(kw, "min_lr", 0), opt(kw, "eps", 1e-8));
            case "OneCycleLR" -> {
                int total = kw.has("total_steps") ? (int) num(kw.get("total_steps"))
                        : (int) num(kw.get("epochs")) * (int) num(kw.get("steps_per_epoch"));
                yield new OneCycleLR(o, num(kw.get("max_lr")), total, opt(kw, "pct_start", 0.3),
                        kw.has("anneal_strategy") ? kw.get("anneal_strategy").getAsString() : "cos",
                        !kw.has("cycle_momentum") || kw.get("cycle_momentum").getAsBoolean(), opt(kw, "base_momentum", 0.85),
                        opt(kw, "max_momentum", 0.95), opt(kw, "div_factor", 25.), opt(kw, "final_div_factor", 1e4),
                        flag(kw, "three_phase"));
            }
            default -> throw new AssertionError(name);
        };
    }

    static List<Double> momenta(Optimizer o) {
        List<Double> r = new ArrayList<>();
        for (ParamGroup g : o.paramGroups()) {
            if (g.has("betas")) r.add(g.getDoubles("betas")[0]);
            else r.add(g.has("momentum") ? g.getDouble("momentum") : 0.0);
        }
        return r;
    }

    static void assertSeq(JsonElement expected, List<Double> actual, String what) {
        double[] e = doubles(expected);
        assertEquals(e.length, actual.size(), what);
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - actual.get(i));
            if (!(d <= SCHED_TOL * Math.max(1e-3, Math.abs(e[i])))) fail(what + "[" + i + "]: expected " + e[i] + " but was " + actual.get(i));
        }
    }

    static void replaySched(JsonObject c) {
        double[] lrs = doubles(c.get("group_lrs"));
        List<ParamGroup> groups = new ArrayList<>();
        for (double lr : lrs) groups.add(new ParamGroup(Torch.zeros(2).requiresGrad_()).set("lr", lr));
        Optimizer o = optimizer(c.get("optimizer").getAsString(), c.getAsJsonObject("opt_kwargs"), groups);
        Object s = scheduler(c.get("scheduler").getAsString(), o, c.getAsJsonObject("kwargs"), c.get("lambdas"));
        JsonArray expLrs = c.getAsJsonArray("lrs"), expMom = c.getAsJsonArray("momenta");
        List<Double> now = new ArrayList<>();
        for (ParamGroup g : o.paramGroups()) now.add(g.lr());
        assertSeq(expLrs.get(0), now, "lr after construction");
        assertSeq(expMom.get(0), momenta(o), "momentum after construction");
        for (int i = 0; i < expLrs.size() - 1; i++) {
            o.step();
            List<Double> got;
            if (s instanceof ReduceLROnPlateau p) {
                p.step(num(c.getAsJsonArray("metrics").get(i)));
                got = p.getLastLr();
            } else {
                LRScheduler l = (LRScheduler) s;
                if (c.get("epochs").isJsonNull()) l.step();
                else l.step(c.getAsJsonArray("epochs").get(i).getAsInt());
                got = l.getLastLr();
            }
            assertSeq(expLrs.get(i + 1), got, "lr at step " + (i + 1));
            assertSeq(expMom.get(i + 1), momenta(o), "momentum at step " + (i + 1));
        }
        Map<String, Object> sd = s instanceof ReduceLROnPlateau p ? p.stateDict() : ((LRScheduler) s).stateDict();
        TreeSet<String> keys = new TreeSet<>(sd.keySet());
        keys.remove("anneal_strategy"); // PyTorch stores the bound method anneal_func instead
        List<String> expKeys = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("state_keys")) expKeys.add(e.getAsString());
        assertEquals(expKeys, new ArrayList<>(keys));
    }

    // ------------------------------------------------------------------ errors and repr

    static List<Tensor> P(int n) {
        List<Tensor> r = new ArrayList<>();
        for (int i = 0; i < n; i++) r.add(Torch.zeros(2).requiresGrad_());
        return r;
    }

    static void replayError(JsonObject c) {
        Runnable r = switch (c.get("id").getAsString()) {
            case "sgd_negative_lr" -> () -> new SGD(P(1), -0.5);
            case "sgd_negative_momentum" -> () -> new SGD(P(1), 0.1, -0.5);
            case "sgd_nesterov_no_momentum" -> () -> new SGD(P(1), 0.1, 0, 0, 0, true);
            case "sgd_missing_lr" -> () -> new SGD(List.of(new ParamGroup(P(1))));
            case "adam_beta0" -> () -> new Adam(P(1), 1e-3, new double[] {1.0, 0.9});
            case "adam_beta1" -> () -> new Adam(P(1), 1e-3, new double[] {0.9, -0.25});
            case "adam_eps" -> () -> new Adam(P(1), 1e-3, new double[] {0.9, 0.999}, -1e-8, 0, false);
            case "adamw_wd" -> () -> new AdamW(P(1), 1e-3, new double[] {0.9, 0.999}, 1e-8, -0.01, false);
            case "rmsprop_alpha" -> () -> new RMSprop(P(1), 1e-2, -0.99, 1e-8, 0, 0, false);
            case "adagrad_lr_decay" -> () -> new Adagrad(P(1), 1e-2, -0.1, 0, 0, 1e-10);
            case "adagrad_initial_acc" -> () -> new Adagrad(P(1), 1e-2, 0, 0, -1.0, 1e-10);
            case "empty_params" -> () -> new SGD(List.<Tensor>of(), 0.1);
            case "duplicate_groups" -> () -> {
                List<Tensor> p = P(2);
                new SGD(List.of(new ParamGroup(p), new ParamGroup(p.get(1))), 0.1);
            };
            case "non_leaf" -> () -> new SGD(List.of(Torch.zeros(2).requiresGrad_().mul(2.0)), 0.1);
            case "load_group_count" -> () -> {
                List<Tensor> p = P(2);
                new SGD(List.of(new ParamGroup(p.get(0)), new ParamGroup(p.get(1))), 0.1).loadStateDict(new SGD(P(2), 0.1).stateDict());
            };
            case "load_group_size" -> () -> new SGD(P(3), 0.1).loadStateDict(new SGD(P(2), 0.1).stateDict());
            case "plateau_factor" -> () -> new ReduceLROnPlateau(new SGD(P(1), 0.1), "min", 1.0, 10);
            case "plateau_mode" -> () -> new ReduceLROnPlateau(new SGD(P(1), 0.1), "avg", 0.1, 10);
            case "onecycle_total_steps" -> () -> new OneCycleLR(new SGD(P(1), 0.1), 0.5, 0);
            case "onecycle_no_momentum" -> () -> new OneCycleLR(new Adagrad(P(1)), 0.5, 10);
            case "onecycle_too_many_steps" -> () -> {
                OneCycleLR s = new OneCycleLR(new SGD(P(1), 0.1, 0.9), 0.5, 3);
                for (int i = 0; i < 4; i++) s.step();
            };
            case "resume_without_initial_lr" -> () -> new StepLR(new SGD(P(1), 0.1), 2, 0.1, 3);
            case "lambda_count" -> () -> new LambdaLR(new SGD(P(1), 0.1), List.of(lambda("inv"), lambda("inv")));
            case "linear_start_factor" -> () -> new LinearLR(new SGD(P(1), 0.1), 1.5, 1.0, 5);
            case "constant_factor" -> () -> new ConstantLR(new SGD(P(1), 0.1), -0.5, 5);
            default -> throw new AssertionError(c.get("id").getAsString());
        };
        Class<? extends Throwable> type = switch (c.get("type").getAsString()) {
            case "ValueError" -> IllegalArgumentException.class;
            case "KeyError" -> NoSuchElementException.class;
            default -> throw new AssertionError(c.get("type").getAsString());
        };
        Throwable t = assertThrows(type, r::run);
        assertEquals(c.get("msg").getAsString(), t.getMessage());
    }

    static void replayRepr(JsonObject c) {
        String text = switch (c.get("id").getAsString()) {
            case "sgd_repr" -> {
                List<Tensor> p = P(2);
                yield new SGD(List.of(new ParamGroup(p.get(0)), new ParamGroup(p.get(1)).set("lr", 1e-5)), 0.1, 0.9, 0.0, 0.0005, false)
                        .toString();
            }
            case "adam_repr" -> new Adam(P(1), 0.001).toString();
            default -> throw new AssertionError(c.get("id").getAsString());
        };
        assertEquals(c.get("text").getAsString(), text);
    }
}
