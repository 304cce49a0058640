package dev.jtorch.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Replays nn.jsonl (conformance/gen_nn.py, PyTorch 1.13) and nn_conv.jsonl (gen_nn_conv.py): seeded init, forward/backward, state dicts, reprs, errors. */
public class NnConformanceTest {
    // float32 results of compositions summed in another order than PyTorch's kernels: a few ulps per term
    private static final double SCALE = 30;

    @TestFactory
    Stream<DynamicTest> golden() {
        List<JsonObject> cases = new ArrayList<>(Golden.load("/golden/nn.jsonl"));
        cases.addAll(Golden.load("/golden/nn_conv.jsonl")); // conformance/gen_nn_conv.py: the conv kernels at the book's shapes
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i);
            String name = i + " " + c.get("kind").getAsString() + " " + c.getAsJsonObject("spec") + (c.has("dtype") ? " " + c.get("dtype").getAsString() : "")
                    + (c.has("train") ? (c.get("train").getAsBoolean() ? " train" : " eval") : "");
            tests.add(DynamicTest.dynamicTest(name, () -> run(c)));
        }
        return tests.stream();
    }

    /** A GPU replay moves each built module to the replay device once its state is loaded. */
    private static void onReplayDevice(Module m) {
        if (Golden.device().type() != dev.jtorch.Device.Type.CPU) m.to(Golden.device());
    }

    public static void run(JsonObject c) {
        caseTol = c.has("tol") ? new double[] {c.getAsJsonArray("tol").get(0).getAsDouble(), c.getAsJsonArray("tol").get(1).getAsDouble()} : null;
        switch (c.get("kind").getAsString()) {
            case "init" -> {
                Torch.manualSeed(c.get("seed").getAsLong());
                Module m = Specs.build(c.getAsJsonObject("spec"));
                compareState(m.stateDict(), c.getAsJsonArray("state"), 1);
            }
            case "repr" -> {
                Module m = Specs.build(c.getAsJsonObject("spec"));
                assertEquals(c.get("repr").getAsString(), m.toString());
                Map<String, Tensor> sd = m.stateDict();
                List<String> keys = new ArrayList<>();
                for (JsonElement e : c.getAsJsonArray("keys")) {
                    String k = e.getAsJsonArray().get(0).getAsString();
                    keys.add(k);
                    long[] shape = Golden.shape(wrapShape(e.getAsJsonArray().get(1).getAsJsonArray()));
                    assertEquals(java.util.Arrays.toString(shape), java.util.Arrays.toString(sd.get(k).shape()), k);
                }
                assertEquals(keys, new ArrayList<>(sd.keySet()));
                List<String> params = new ArrayList<>();
                for (JsonElement e : c.getAsJsonArray("params")) params.add(e.getAsString());
                assertEquals(params, new ArrayList<>(m.namedParameters().keySet()));
            }
            case "forward" -> forward(c);
            case "error" -> {
                RuntimeException e = assertThrows(RuntimeException.class, () -> forward(c));
                assertEquals(c.get("error").getAsString(), e.getMessage().split("\n")[0]);
            }
            case "load" -> {
                Module m = Specs.build(c.getAsJsonObject("spec"));
                boolean strict = c.get("strict").getAsBoolean();
                LinkedHashMap<String, Tensor> sd = decodeState(c.getAsJsonArray("state"));
                if (c.has("error")) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(sd, strict));
                    assertEquals(c.get("error").getAsString(), e.getMessage());
                } else {
                    assertEquals(c.get("result").getAsString(), m.loadStateDict(sd, strict).toString());
                }
            }
            case "param_repr" -> {
                Torch.manualSeed(c.get("seed").getAsLong());
                Linear lin = new Linear(2, 3);
                assertEquals(c.get("weight").getAsString(), lin.weight.toString());
                assertEquals(c.get("bias").getAsString(), lin.bias.toString());
            }
            case "init_fn" -> initFn(c);
            case "gain" -> {
                Double param = c.get("param").isJsonNull() ? null : c.get("param").getAsDouble();
                assertEquals(c.get("out").getAsDouble(), Init.calculateGain(c.get("nonlinearity").getAsString(), param), 1e-15);
            }
            case "clip_norm", "clip_value" -> clip(c);
            case "functional" -> functional(c);
            case "param_vector" -> {
                Torch.manualSeed(c.get("seed").getAsLong());
                Specs.Net net = new Specs.Net();
                check(Utils.parametersToVector(net.parameters()), c.getAsJsonObject("vector"), "vector");
                Utils.vectorToParameters(Golden.tensor(c.getAsJsonObject("new")), net.parameters());
                compareState(net.stateDict(), c.getAsJsonArray("state_after"), 1);
            }
            case "pad_sequence" -> {
                List<Tensor> seqs = new ArrayList<>();
                for (JsonElement e : c.getAsJsonArray("seqs")) seqs.add(Golden.tensor(e.getAsJsonObject()).requiresGrad_(true));
                Tensor out = Utils.padSequence(seqs, c.get("batch_first").getAsBoolean(), c.get("value").getAsDouble());
                check(out, c.getAsJsonObject("out"), "padded");
                out.backward(Golden.tensor(c.getAsJsonObject("gout")));
                JsonArray grads = c.getAsJsonArray("grads");
                for (int i = 0; i < seqs.size(); i++) check(seqs.get(i).grad(), grads.get(i).getAsJsonObject(), "grad " + i);
            }
            case "rnn" -> rnn(c);
            case "mha" -> mha(c);
            case "train" -> train(c);
            default -> fail("unknown kind");
        }
    }

    /** The same seeded model, data and plain SGD steps as PyTorch: the loss at every step and the final weights. */
    private static void train(JsonObject c) {
        Torch.manualSeed(c.get("seed").getAsLong());
        Module m = Specs.build(c.getAsJsonObject("spec"));
        onReplayDevice(m);
        m.train();
        Module lossFn = c.get("loss").getAsString().equals("BCELoss") ? new BCELoss() : new CrossEntropyLoss();
        Tensor x = Golden.tensor(c.getAsJsonObject("x")), y = Golden.tensor(c.getAsJsonObject("y"));
        double lr = c.get("lr").getAsDouble();
        JsonArray losses = c.getAsJsonArray("losses");
        for (int step = 0; step < c.get("steps").getAsInt(); step++) {
            m.zeroGrad();
            Tensor loss = lossFn.call(m.call(x), y);
            loss.backward();
            try (var g = Torch.noGrad()) {
                for (Parameter p : m.parameters()) p.sub_(p.grad().mul(lr));
            }
            double want = losses.get(step).getAsDouble();
            assertEquals(want, loss.itemDouble(), 1e-5 * Math.max(1, Math.abs(want)), "loss at step " + step);
        }
        compareState(m.stateDict(), c.getAsJsonArray("state_after"), 1000);
    }

    private static void mha(JsonObject c) {
        MultiheadAttention m = (MultiheadAttention) Specs.build(c.getAsJsonObject("spec"));
        DType dt = DType.of(c.get("dtype").getAsString());
        if (dt != DType.FLOAT32) m.to(dt);
        m.loadStateDict(decodeState(c.getAsJsonArray("state")));
        onReplayDevice(m);
        m.train(c.get("train").getAsBoolean());
        List<Tensor> leaves = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("inputs")) leaves.add(Golden.tensor(e.getAsJsonObject()).requiresGrad_(true));
        Tensor q = leaves.get(0), k = leaves.size() > 1 ? leaves.get(1) : q, v = leaves.size() > 1 ? leaves.get(2) : q;
        Tensor kpm = c.get("kpm").isJsonNull() ? null : Golden.tensor(c.getAsJsonObject("kpm"));
        Tensor mask = c.get("mask").isJsonNull() ? null : Golden.tensor(c.getAsJsonObject("mask"));
        Torch.manualSeed(c.get("seed").getAsLong());
        MultiheadAttention.Result r = m.forward(q, k, v, kpm, c.get("need_weights").getAsBoolean(), mask, c.get("average").getAsBoolean());
        Tensor[] outs = r.weights() == null ? new Tensor[] {r.output()} : new Tensor[] {r.output(), r.weights()};
        backwardAndCompare(c, m, leaves, outs);
    }

    private static void backwardAndCompare(JsonObject c, Module m, List<Tensor> leaves, Tensor[] outs) {
        JsonArray expected = c.getAsJsonArray("outs"), gouts = c.getAsJsonArray("gouts");
        assertEquals(expected.size(), outs.length);
        Tensor loss = null;
        for (int i = 0; i < outs.length; i++) {
            check(outs[i], expected.get(i).getAsJsonObject(), "output " + i);
            Tensor term = outs[i].mul(Golden.tensor(gouts.get(i).getAsJsonObject())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        Map<String, Parameter> params = m.namedParameters();
        List<String> names = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("param_names")) names.add(e.getAsString());
        assertEquals(names, new ArrayList<>(params.keySet()));
        List<Tensor> all = new ArrayList<>(leaves);
        all.addAll(params.values());
        JsonArray grads = c.getAsJsonArray("grads");
        for (int i = 0; i < grads.size(); i++) {
            if (grads.get(i).isJsonNull()) continue;
            assertNotNull(all.get(i).grad(), "grad " + i);
            check(all.get(i).grad(), grads.get(i).getAsJsonObject(), "grad " + i);
        }
    }

    private static void rnn(JsonObject c) {
        Module m = Specs.build(c.getAsJsonObject("spec"));
        DType dt = DType.of(c.get("dtype").getAsString());
        if (dt != DType.FLOAT32) m.to(dt);
        m.loadStateDict(decodeState(c.getAsJsonArray("state")));
        onReplayDevice(m);
        m.train(c.get("train").getAsBoolean());
        Tensor x = Golden.tensor(c.getAsJsonObject("x")).requiresGrad_(true);
        List<Tensor> leaves = new ArrayList<>(List.of(x));
        List<Tensor> st = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("states")) {
            Tensor s = Golden.tensor(e.getAsJsonObject()).requiresGrad_(true);
            st.add(s);
            leaves.add(s);
        }
        Torch.manualSeed(c.get("seed").getAsLong());
        Tensor[] outs;
        if (m instanceof LSTMCell cell) {
            LSTMCell.Result r = cell.forwardState(x, st.isEmpty() ? null : st.get(0), st.isEmpty() ? null : st.get(1));
            outs = new Tensor[] {r.h(), r.c()};
        } else if (m instanceof LSTM lstm) {
            LSTM.Result r = lstm.forwardState(x, st.isEmpty() ? null : st.get(0), st.isEmpty() ? null : st.get(1));
            outs = new Tensor[] {r.output(), r.hN(), r.cN()};
        } else if (m instanceof GRU gru) {
            GRU.Result r = gru.forwardState(x, st.isEmpty() ? null : st.get(0));
            outs = new Tensor[] {r.output(), r.hN()};
        } else {
            RNN.Result r = ((RNN) m).forwardState(x, st.isEmpty() ? null : st.get(0));
            outs = new Tensor[] {r.output(), r.hN()};
        }
        JsonArray expected = c.getAsJsonArray("outs"), gouts = c.getAsJsonArray("gouts");
        Tensor loss = null;
        for (int i = 0; i < outs.length; i++) {
            check(outs[i], expected.get(i).getAsJsonObject(), "output " + i);
            Tensor term = outs[i].mul(Golden.tensor(gouts.get(i).getAsJsonObject())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        Map<String, Parameter> params = m.namedParameters();
        List<String> names = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("param_names")) names.add(e.getAsString());
        assertEquals(names, new ArrayList<>(params.keySet()));
        leaves.addAll(params.values());
        JsonArray grads = c.getAsJsonArray("grads");
        for (int i = 0; i < grads.size(); i++) {
            if (grads.get(i).isJsonNull()) continue;
            assertNotNull(leaves.get(i).grad(), "grad " + i);
            check(leaves.get(i).grad(), grads.get(i).getAsJsonObject(), "grad " + i);
        }
    }

    private static void initFn(JsonObject c) {
        JsonObject kw = c.getAsJsonObject("kw");
        Tensor t = Torch.zeros(Golden.shape(c));
        Torch.manualSeed(5);
        double gain = kw.has("gain") ? kw.get("gain").getAsDouble() : 1.0;
        double a = kw.has("a") ? kw.get("a").getAsDouble() : 0.0;
        String mode = kw.has("mode") ? kw.get("mode").getAsString() : "fan_in";
        String nl = kw.has("nonlinearity") ? kw.get("nonlinearity").getAsString() : "leaky_relu";
        switch (c.get("fn").getAsString()) {
            case "xavier_uniform_" -> Init.xavierUniform_(t, gain);
            case "xavier_normal_" -> Init.xavierNormal_(t, gain);
            case "kaiming_uniform_" -> Init.kaimingUniform_(t, a, mode, nl);
            case "kaiming_normal_" -> Init.kaimingNormal_(t, a, mode, nl);
            case "uniform_" -> Init.uniform_(t, kw.get("a").getAsDouble(), kw.get("b").getAsDouble());
            case "normal_" -> Init.normal_(t, kw.get("mean").getAsDouble(), kw.get("std").getAsDouble());
            case "constant_" -> Init.constant_(t, kw.get("val").getAsDouble());
            case "trunc_normal_" -> {
                if (kw.has("mean")) Init.truncNormal_(t, kw.get("mean").getAsDouble(), kw.get("std").getAsDouble(), kw.get("a").getAsDouble(), kw.get("b").getAsDouble());
                else Init.truncNormal_(t);
            }
            case "zeros_" -> Init.zeros_(t.fill_(3.0));
            case "ones_" -> Init.ones_(t);
            default -> fail(c.get("fn").getAsString());
        }
        check(t, c.getAsJsonObject("out"), "init");
    }

    private static void clip(JsonObject c) {
        List<Tensor> ps = new ArrayList<>();
        for (JsonElement g : c.getAsJsonArray("grads")) {
            Tensor gt = Golden.tensor(g.getAsJsonObject());
            Tensor p = Torch.zerosLike(gt).requiresGrad_(true);
            p.setGrad(gt);
            ps.add(p);
        }
        if (c.get("kind").getAsString().equals("clip_value")) {
            Utils.clipGradValue_(ps, c.get("clip").getAsDouble());
        } else {
            JsonElement nt = c.get("norm_type");
            double normType = nt.getAsJsonPrimitive().isString() ? Double.POSITIVE_INFINITY : nt.getAsDouble();
            Tensor total = Utils.clipGradNorm_(ps, c.get("max_norm").getAsDouble(), normType, false);
            check(total, c.getAsJsonObject("total"), "total norm");
        }
        JsonArray after = c.getAsJsonArray("after");
        for (int i = 0; i < ps.size(); i++) check(ps.get(i).grad(), after.get(i).getAsJsonObject(), "grad " + i);
    }

    private static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    private static void functional(JsonObject c) {
        Tensor x = Golden.tensor(c.getAsJsonObject("in"));
        long[] args = longs(c.getAsJsonArray("args"));
        switch (c.get("fn").getAsString()) {
            case "pad" -> {
                Tensor xx = x.requiresGrad_(true);
                Tensor out = F.pad(xx, args, c.get("value").getAsDouble());
                check(out, c.getAsJsonObject("out"), "pad");
                out.backward(Golden.tensor(c.getAsJsonObject("gout")));
                check(xx.grad(), c.getAsJsonObject("grad"), "pad grad");
            }
            case "max_pool2d_with_indices" -> {
                Tensor[] r = F.maxPool2dWithIndices(x, new long[] {args[0]}, new long[] {args[1]}, new long[] {args[2]}, new long[] {args[3]});
                check(r[0], c.getAsJsonObject("out"), "values");
                check(r[1], c.getAsJsonObject("indices"), "indices");
            }
            case "pad_mode" -> {
                Tensor xx = x.requiresGrad_(true);
                String mode = c.get("mode").getAsString();
                if (c.has("error")) {
                    RuntimeException e = assertThrows(RuntimeException.class, () -> F.pad(xx, args, mode));
                    assertEquals(c.get("error").getAsString(), e.getMessage());
                    Class<?> want = c.get("etype").getAsString().equals("NotImplementedError") ? UnsupportedOperationException.class
                            : IllegalArgumentException.class;
                    assertEquals(want, e.getClass());
                    return;
                }
                Tensor out = F.pad(xx, args, mode);
                check(out, c.getAsJsonObject("out"), "pad");
                out.backward(Golden.tensor(c.getAsJsonObject("gout")));
                check(xx.grad(), c.getAsJsonObject("grad"), "pad grad");
            }
            case "normalize", "cosine_similarity" -> {
                JsonObject kw = c.getAsJsonObject("kw");
                Tensor a = x.requiresGrad_(true), b = Golden.tensor(c.getAsJsonObject("other")).requiresGrad_(true);
                Tensor out = c.get("fn").getAsString().equals("normalize")
                        ? (kw.has("p") ? F.normalize(a, kw.get("p").getAsDouble(), kw.get("dim").getAsLong(), kw.get("eps").getAsDouble()) : F.normalize(a))
                        : (kw.has("dim") ? F.cosineSimilarity(a, b, kw.get("dim").getAsLong(), kw.get("eps").getAsDouble()) : F.cosineSimilarity(a, b));
                check(out, c.getAsJsonObject("out"), "out");
                out.backward(Golden.tensor(c.getAsJsonObject("gout")));
                check(a.grad(), c.getAsJsonObject("grad"), "grad");
                if (!c.get("grad_other").isJsonNull()) check(b.grad(), c.getAsJsonObject("grad_other"), "grad of other");
            }
            case "one_hot" -> {
                if (c.has("error")) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> F.oneHot(x, args[0]));
                    assertEquals(c.get("error").getAsString(), e.getMessage());
                } else {
                    check(F.oneHot(x, args[0]), c.getAsJsonObject("out"), "one_hot");
                }
            }
            case "bce_target" -> {
                Tensor xx = x.requiresGrad_(true);
                Tensor t = Golden.tensor(c.getAsJsonObject("target")).requiresGrad_(true);
                Tensor w = c.get("weight").isJsonNull() ? null : Golden.tensor(c.getAsJsonObject("weight"));
                Tensor out = F.binaryCrossEntropy(xx, t, w, c.get("reduction").getAsString());
                check(out, c.getAsJsonObject("out"), "bce");
                out.backward(Golden.tensor(c.getAsJsonObject("gout")));
                check(xx.grad(), c.getAsJsonObject("grad"), "input grad");
                check(t.grad(), c.getAsJsonObject("grad_target"), "target grad");
            }
            default -> fail(c.get("fn").getAsString());
        }
    }

    private static JsonObject wrapShape(JsonArray shape) {
        JsonObject o = new JsonObject();
        o.add("shape", shape);
        return o;
    }

    private static void forward(JsonObject c) {
        Module m = Specs.build(c.getAsJsonObject("spec"));
        DType dt = DType.of(c.get("dtype").getAsString());
        if (dt != DType.FLOAT32) m.to(dt);
        m.loadStateDict(decodeState(c.getAsJsonArray("state")));
        onReplayDevice(m);
        m.train(c.get("train").getAsBoolean());
        JsonArray ins = c.getAsJsonArray("inputs");
        int nDiff = c.get("ninputs").getAsInt();
        List<Tensor> args = new ArrayList<>(), leaves = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            Tensor t = Golden.tensor(ins.get(i).getAsJsonObject());
            if (i < nDiff && t.isFloatingPoint()) {
                t.requiresGrad_(true);
                leaves.add(t);
            }
            args.add(t);
        }
        Torch.manualSeed(c.get("seed").getAsLong());
        Tensor out = args.size() == 1 ? m.call(args.get(0)) : m.call(args.get(0), args.get(1));
        check(out, c.getAsJsonObject("out"), "output");
        if (c.has("grads")) {
            Map<String, Parameter> params = m.namedParameters();
            List<String> names = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("param_names")) names.add(e.getAsString());
            assertEquals(names, new ArrayList<>(params.keySet()));
            out.backward(Golden.tensor(c.getAsJsonObject("gout")));
            JsonArray grads = c.getAsJsonArray("grads");
            List<Tensor> all = new ArrayList<>(leaves);
            all.addAll(params.values());
            for (int i = 0; i < grads.size(); i++) {
                String what = i < leaves.size() ? "grad of input " + i : "grad of " + names.get(i - leaves.size());
                if (grads.get(i).isJsonNull()) {
                    Tensor g = all.get(i).grad();
                    if (g != null) assertEquals(0.0, g.abs().sum().itemDouble(), what);
                } else {
                    assertNotNull(all.get(i).grad(), what);
                    check(all.get(i).grad(), grads.get(i).getAsJsonObject(), what);
                }
            }
        }
        compareState(m.stateDict(), c.getAsJsonArray("state_after"), SCALE);
    }

    /** A case's own {rtol, atol} (nn_conv.jsonl's long float32 sums), or null for the dtype's default. */
    private static double[] caseTol;

    private static void check(Tensor actual, JsonObject expected, String what) {
        if (caseTol != null) {
            Tensor e = Golden.tensor(expected);
            assertEquals(java.util.Arrays.toString(e.shape()), java.util.Arrays.toString(actual.shape()), what);
            if (!actual.allclose(e, caseTol[0], caseTol[1], false)) fail(what + ": max abs difference " + actual.sub(e).abs().max().itemDouble());
            return;
        }
        String err = Golden.compareTensor(actual, expected, SCALE);
        if (err != null) fail(what + ": " + err);
    }

    static LinkedHashMap<String, Tensor> decodeState(JsonArray state) {
        LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
        for (JsonElement e : state) sd.put(e.getAsJsonArray().get(0).getAsString(), Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()));
        return sd;
    }

    private static void compareState(Map<String, Tensor> actual, JsonArray expected, double scale) {
        List<String> keys = new ArrayList<>();
        for (JsonElement e : expected) {
            String k = e.getAsJsonArray().get(0).getAsString();
            keys.add(k);
            Tensor a = actual.get(k);
            assertNotNull(a, "missing state key " + k);
            String err = Golden.compareTensor(a, e.getAsJsonArray().get(1).getAsJsonObject(), scale);
            assertNull(err, k + ": " + err);
        }
        assertEquals(keys, new ArrayList<>(actual.keySet()));
    }
}
