package dev.jtorch.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.GradMode;
import dev.jtorch.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The out= forms against PyTorch 1.13 (conformance/gen_out.py): out's values, dtype, shape and strides
 * afterwards, the version steps, the returned tensor and PyTorch's errors.
 */
class OutOpsConformanceTest {
    @TestFactory
    Stream<DynamicTest> golden() {
        List<JsonObject> cases = Golden.load("/golden/out_ops.jsonl");
        assertTrue(cases.size() > 250, "too few cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i);
            tests.add(DynamicTest.dynamicTest(i + " " + c.get("op").getAsString() + " " + c.get("args"), () -> run(c)));
        }
        return tests.stream();
    }

    private static void run(JsonObject c) {
        String op = c.get("op").getAsString();
        List<Object> in = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("in")) in.add(Golden.decode(e));
        if (c.has("grad")) {
            int g = c.get("grad").getAsInt();
            in.set(g, ((Tensor) in.get(g)).detach().requiresGrad_(true));
        }
        if (op.equals("resize_")) {
            Tensor t = (Tensor) in.get(0);
            JsonArray sz = c.getAsJsonObject("args").getAsJsonArray("sizes");
            long[] sizes = new long[sz.size()];
            for (int i = 0; i < sizes.length; i++) sizes[i] = sz.get(i).getAsLong();
            int v = t.version();
            assertSame(t, t.resize_(sizes));
            check(c, t, v);
            return;
        }
        Tensor out = c.has("alias") ? (Tensor) in.get(c.get("alias").getAsInt()) : Golden.tensor(c.getAsJsonObject("outin"));
        if (c.has("out_grad")) out.requiresGrad_(true);
        JsonObject args = c.getAsJsonObject("args");
        int v0 = out.version();
        Tensor r;
        RuntimeException thrown = null;
        try (var ng = GradMode.set(!c.has("no_grad"))) {
            r = call(op, in, args, out);
        } catch (RuntimeException e) {
            r = null;
            thrown = e;
        }
        if (c.has("error")) {
            String msg = c.get("error").getAsString();
            assertNotNull(thrown, "expected error: " + msg);
            Class<?> expected = switch (c.get("etype").getAsString()) {
                case "IndexError" -> IndexOutOfBoundsException.class;
                default -> msg.contains("automatic differentiation") ? IllegalStateException.class : IllegalArgumentException.class;
            };
            assertTrue(expected.isInstance(thrown), "expected " + expected.getSimpleName() + " but got " + thrown);
            assertEquals(msg, thrown.getMessage());
            return;
        }
        if (thrown != null) throw thrown;
        assertSame(out, r, "the op returns out");
        check(c, out, v0);
    }

    private static void check(JsonObject c, Tensor out, int v0) {
        List<Object> in = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("in")) in.add(Golden.decode(e));
        // a float32 result cast into a float64 out carries float32 rounding differences (an ulp or so)
        boolean f32In = in.stream().anyMatch(x -> x instanceof Tensor t && t.dtype() == DType.FLOAT32);
        String diff = Golden.compareTensor(out, c.getAsJsonObject("out"), f32In && out.dtype() == DType.FLOAT64 ? 1e6 : 4);
        assertNull(diff, () -> "out mismatch: " + diff + "\n  got " + out);
        JsonArray st = c.getAsJsonArray("strides");
        long[] strides = new long[st.size()];
        for (int i = 0; i < strides.length; i++) strides[i] = st.get(i).getAsLong();
        assertArrayEquals(strides, out.stride(), "strides of out");
        assertEquals(c.get("vdelta").getAsInt(), out.version() - v0, "version steps");
    }

    private static Tensor call(String op, List<Object> in, JsonObject args, Tensor out) {
        Tensor a = (Tensor) in.get(0);
        Object b = in.size() > 1 ? in.get(1) : null;
        return switch (op) {
            case "add", "sub" -> {
                double alpha = args.has("alpha") ? args.get("alpha").getAsDouble() : 1.0;
                boolean add = op.equals("add");
                if (b instanceof Tensor t) yield add ? Torch.add(a, t, alpha, out) : Torch.sub(a, t, alpha, out);
                if (b instanceof Long l) yield add ? Torch.add(a, l, out) : Torch.sub(a, l, out);
                yield add ? Torch.add(a, (Double) b, out) : Torch.sub(a, (Double) b, out);
            }
            case "mul" -> b instanceof Tensor t ? Torch.mul(a, t, out) : b instanceof Long l ? Torch.mul(a, l, out) : Torch.mul(a, (Double) b, out);
            case "div" -> {
                if (args.has("mode")) yield Torch.div(a, (Tensor) b, args.get("mode").getAsString(), out);
                yield b instanceof Tensor t ? Torch.div(a, t, out) : b instanceof Long l ? Torch.div(a, l, out) : Torch.div(a, (Double) b, out);
            }
            case "exp" -> Torch.exp(a, out);
            case "log" -> Torch.log(a, out);
            case "sqrt" -> Torch.sqrt(a, out);
            case "neg" -> Torch.neg(a, out);
            case "abs" -> Torch.abs(a, out);
            case "sigmoid" -> Torch.sigmoid(a, out);
            case "tanh" -> Torch.tanh(a, out);
            case "sum", "mean" -> {
                JsonArray d = args.getAsJsonArray("dims");
                long[] dims = new long[d.size()];
                for (int i = 0; i < dims.length; i++) dims[i] = d.get(i).getAsLong();
                boolean keep = args.get("keepdim").getAsBoolean();
                DType dt = args.has("dtype") ? DType.of(args.get("dtype").getAsString()) : null;
                if (op.equals("sum")) yield dt == null ? Torch.sum(a, dims, keep, out) : Torch.sum(a, dims, keep, dt, out);
                yield dt == null ? Torch.mean(a, dims, keep, out) : Torch.mean(a, dims, keep, dt, out);
            }
            case "mm" -> Torch.mm(a, (Tensor) b, out);
            case "matmul" -> Torch.matmul(a, (Tensor) b, out);
            default -> throw new IllegalArgumentException(op);
        };
    }
}
