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

/** Replays nn.jsonl (conformance/gen_nn.py, PyTorch 1.13): seeded init, forward/backward, state dicts, reprs, errors. */
class NnConformanceTest {
    // float32 results of compositions summed in another order than PyTorch's kernels: a few ulps per term
    private static final double SCALE = 30;

    @TestFactory
    Stream<DynamicTest> golden() {
        List<JsonObject> cases = Golden.load("/golden/nn.jsonl");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i);
            String name = i + " " + c.get("kind").getAsString() + " " + c.getAsJsonObject("spec") + (c.has("dtype") ? " " + c.get("dtype").getAsString() : "")
                    + (c.has("train") ? (c.get("train").getAsBoolean() ? " train" : " eval") : "");
            tests.add(DynamicTest.dynamicTest(name, () -> run(c)));
        }
        return tests.stream();
    }

    private static void run(JsonObject c) {
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
            default -> fail("unknown kind");
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

    private static void check(Tensor actual, JsonObject expected, String what) {
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
