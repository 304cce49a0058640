package dev.jtorch.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.internal.Mem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AssertionFailureBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replays the golden cases that conformance/generate_core.py recorded with PyTorch 1.13 (views, reshapes,
 * casts, creation, joins and splits, in-place fills and copies) against the Java core: dtype, shape,
 * strides, values, storage sharing, and for failing calls the exception class and PyTorch's message.
 */
public class CoreConformanceTest {
    private static final String RESOURCE = "/golden/core.jsonl";

    /**
     * Cases whose difference from PyTorch is known and not fixed yet: matched by id (regex), with the reason.
     * They still run; a failure is reported as aborted with the reason, and counted apart in the table.
     */
    private static final Map<Pattern, String> KNOWN_FAILURES = new LinkedHashMap<>();

    private static void known(String idRegex, String reason) { KNOWN_FAILURES.put(Pattern.compile(idRegex), reason); }

    static {
    }

    /** family -> {passed, failed, known failures}. */
    private static final Map<String, int[]> COUNTS = new TreeMap<>();
    private static final List<String> KNOWN_SEEN = new ArrayList<>();

    @FunctionalInterface
    private interface Op {
        Object apply(List<Tensor> in, Args a);
    }

    private static final Map<String, Op> OPS = new HashMap<>();

    static {
        // reshaping
        OPS.put("view", (in, a) -> in.get(0).view(a.longs(0)));
        OPS.put("reshape", (in, a) -> in.get(0).reshape(a.longs(0)));
        OPS.put("flatten", (in, a) -> a.size() == 0 ? in.get(0).flatten() : in.get(0).flatten(a.lng(0), a.lng(1)));
        OPS.put("unflatten", (in, a) -> in.get(0).unflatten(a.lng(0), a.longs(1)));
        // dims
        OPS.put("transpose", (in, a) -> in.get(0).transpose(a.lng(0), a.lng(1)));
        OPS.put("permute", (in, a) -> in.get(0).permute(a.longs(0)));
        OPS.put("t", (in, a) -> in.get(0).t());
        OPS.put("mT", (in, a) -> in.get(0).mT());
        OPS.put("squeeze", (in, a) -> a.size() == 0 ? in.get(0).squeeze() : in.get(0).squeeze(a.lng(0)));
        OPS.put("unsqueeze", (in, a) -> in.get(0).unsqueeze(a.lng(0)));
        // broadcasting
        OPS.put("expand", (in, a) -> in.get(0).expand(a.longs(0)));
        OPS.put("expandAs", (in, a) -> in.get(0).expandAs(in.get(1)));
        // selecting
        OPS.put("narrow", (in, a) -> in.get(0).narrow(a.lng(0), a.lng(1), a.lng(2)));
        OPS.put("select", (in, a) -> in.get(0).select(a.lng(0), a.lng(1)));
        OPS.put("slice", (in, a) -> in.get(0).slice(a.lng(0), a.isNull(1) ? 0 : a.lng(1),
                a.isNull(2) ? Long.MAX_VALUE : a.lng(2), a.lng(3)));
        OPS.put("unfold", (in, a) -> in.get(0).unfold(a.lng(0), a.lng(1), a.lng(2)));
        OPS.put("asStrided", (in, a) -> in.get(0).asStrided(a.longs(0), a.longs(1), a.lng(2)));
        // copies and conversions
        OPS.put("contiguous", (in, a) -> in.get(0).contiguous());
        OPS.put("isContiguous", (in, a) -> in.get(0).isContiguous());
        OPS.put("clone", (in, a) -> in.get(0).clone());
        OPS.put("to", (in, a) -> in.get(0).to(a.dtype(0)));
        // scalars and metadata
        OPS.put("item", (in, a) -> in.get(0).item());
        OPS.put("size", (in, a) -> a.size() == 0 ? in.get(0).size() : (Object) in.get(0).size(a.lng(0)));
        OPS.put("dim", (in, a) -> in.get(0).dim());
        OPS.put("numel", (in, a) -> in.get(0).numel());
        // splitting
        OPS.put("chunk", (in, a) -> in.get(0).chunk(a.lng(0), a.lng(1)));
        OPS.put("split", (in, a) -> a.get(0).isJsonArray() ? in.get(0).split(a.longs(0), a.lng(1))
                : in.get(0).split(a.lng(0), a.lng(1)));
        OPS.put("unbind", (in, a) -> in.get(0).unbind(a.lng(0)));
        // joining
        OPS.put("cat", (in, a) -> a.isNull(0) ? Torch.cat(in) : Torch.cat(in, a.lng(0)));
        OPS.put("stack", (in, a) -> Torch.stack(in, a.lng(0)));
        // in place
        OPS.put("copy_", (in, a) -> in.get(0).copy_(in.get(1)));
        OPS.put("fill_", (in, a) -> a.isInt(0) ? in.get(0).fill_(a.lng(0)) : in.get(0).fill_(a.dbl(0)));
        OPS.put("zero_", (in, a) -> in.get(0).zero_());
        // creation
        OPS.put("tensor", (in, a) -> a.isNull(1) ? Torch.tensor(nested(a.get(0))) : Torch.tensor(nested(a.get(0)), a.dtype(1)));
        OPS.put("zeros", (in, a) -> a.isNull(1) ? Torch.zeros(a.longs(0)) : Torch.zeros(a.longs(0), a.dtype(1)));
        OPS.put("ones", (in, a) -> a.isNull(1) ? Torch.ones(a.longs(0)) : Torch.ones(a.longs(0), a.dtype(1)));
        OPS.put("full", (in, a) -> {
            if (!a.isNull(2)) return a.isInt(1) ? Torch.full(a.longs(0), a.lng(1), a.dtype(2)) : Torch.full(a.longs(0), a.dbl(1), a.dtype(2));
            return a.isInt(1) ? Torch.full(a.longs(0), a.lng(1)) : Torch.full(a.longs(0), a.dbl(1));
        });
        OPS.put("arange", CoreConformanceTest::arange);
        OPS.put("linspace", (in, a) -> a.isNull(3) ? Torch.linspace(a.dbl(0), a.dbl(1), a.lng(2))
                : Torch.linspace(a.dbl(0), a.dbl(1), a.lng(2), a.dtype(3)));
        OPS.put("logspace", (in, a) -> a.isNull(4) && a.dbl(3) == 10.0 ? Torch.logspace(a.dbl(0), a.dbl(1), a.lng(2))
                : Torch.logspace(a.dbl(0), a.dbl(1), a.lng(2), a.dbl(3), a.isNull(4) ? Torch.getDefaultDtype() : a.dtype(4)));
        OPS.put("eye", (in, a) -> a.isNull(1) && a.isNull(2) ? Torch.eye(a.lng(0))
                : Torch.eye(a.lng(0), a.isNull(1) ? a.lng(0) : a.lng(1), a.isNull(2) ? Torch.getDefaultDtype() : a.dtype(2)));
        OPS.put("zerosLike", (in, a) -> a.isNull(0) ? Torch.zerosLike(in.get(0)) : Torch.zerosLike(in.get(0), a.dtype(0)));
        OPS.put("onesLike", (in, a) -> Torch.onesLike(in.get(0)));
        OPS.put("fullLike", (in, a) -> a.isInt(0) ? Torch.fullLike(in.get(0), a.lng(0)) : Torch.fullLike(in.get(0), a.dbl(0)));
    }

    private static Object arange(List<Tensor> in, Args a) {
        JsonArray v = a.get(0).getAsJsonArray();
        boolean ints = true;
        for (JsonElement e : v) ints &= isIntLiteral(e);
        if (ints && a.isNull(1)) {
            return switch (v.size()) {
                case 1 -> Torch.arange(v.get(0).getAsLong());
                case 2 -> Torch.arange(v.get(0).getAsLong(), v.get(1).getAsLong());
                default -> Torch.arange(v.get(0).getAsLong(), v.get(1).getAsLong(), v.get(2).getAsLong());
            };
        }
        double start = v.size() == 1 ? 0 : num(v.get(0));
        double end = v.size() == 1 ? num(v.get(0)) : num(v.get(1));
        double step = v.size() == 3 ? num(v.get(2)) : 1;
        return a.isNull(1) ? Torch.arange(start, end, step) : Torch.arange(start, end, step, a.dtype(1));
    }

    // ------------------------------------------------------------------ the factory

    @TestFactory
    Stream<DynamicTest> core() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (InputStream is = CoreConformanceTest.class.getResourceAsStream(RESOURCE)) {
            if (is == null) throw new IllegalStateException("missing test resource " + RESOURCE);
            BufferedReader r = new BufferedReader(new InputStreamReader(is, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonObject c = JsonParser.parseString(line).getAsJsonObject();
                tests.add(DynamicTest.dynamicTest(c.get("id").getAsString(), () -> runCounted(c)));
            }
        }
        return tests.stream();
    }

    private static void runCounted(JsonObject c) {
        String id = c.get("id").getAsString();
        String family = c.get("family").getAsString();
        int[] n;
        synchronized (COUNTS) { n = COUNTS.computeIfAbsent(family, k -> new int[3]); }
        try {
            run(c);
            synchronized (COUNTS) { n[0]++; }
        } catch (AssertionError | RuntimeException e) {
            String reason = knownReason(id);
            if (reason != null) {
                synchronized (COUNTS) {
                    n[2]++;
                    KNOWN_SEEN.add(id + ": " + reason);
                }
                throw new TestAbortedException("known failure (" + reason + "): " + e.getMessage(), e);
            }
            synchronized (COUNTS) { n[1]++; }
            throw e;
        }
    }

    private static String knownReason(String id) {
        for (var e : KNOWN_FAILURES.entrySet()) if (e.getKey().matcher(id).find()) return e.getValue();
        return null;
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder sb = new StringBuilder("jtorch core conformance against PyTorch 1.13 (golden/core.jsonl)\n");
        sb.append(String.format("%-10s %7s %7s %7s %7s%n", "family", "cases", "pass", "fail", "known"));
        int[] tot = new int[3];
        for (var e : COUNTS.entrySet()) {
            int[] v = e.getValue();
            sb.append(String.format("%-10s %7d %7d %7d %7d%n", e.getKey(), v[0] + v[1] + v[2], v[0], v[1], v[2]));
            for (int i = 0; i < 3; i++) tot[i] += v[i];
        }
        sb.append(String.format("%-10s %7d %7d %7d %7d%n", "total", tot[0] + tot[1] + tot[2], tot[0], tot[1], tot[2]));
        if (!KNOWN_SEEN.isEmpty()) {
            sb.append("known failures:\n");
            for (String s : KNOWN_SEEN) sb.append("  ").append(s).append('\n');
        }
        System.out.print(sb);
        Path out = Path.of("target", "conformance-core.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
    }

    // ------------------------------------------------------------------ one case

    public static void run(JsonObject c) {
        List<Tensor> inputs = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("inputs")) inputs.add(buildInput(e.getAsJsonObject()));
        Op op = OPS.get(c.get("op").getAsString());
        if (op == null) fail("no dispatch for op " + c.get("op"));
        JsonObject exp = c.getAsJsonObject("expected");
        Args args = new Args(c.getAsJsonArray("args"));
        Object result;
        try {
            result = op.apply(inputs, args);
        } catch (RuntimeException e) {
            if (!exp.has("error")) {
                fail("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            checkError(exp.getAsJsonObject("error"), e);
            return;
        }
        if (exp.has("error")) {
            JsonObject err = exp.getAsJsonObject("error");
            fail("expected " + err.get("type").getAsString() + " \"" + err.get("msg").getAsString()
                    + "\" but got a result: " + describe(result));
        }
        boolean exact = !exp.has("exact") || exp.get("exact").getAsBoolean();
        Tensor first = inputs.isEmpty() ? null : inputs.get(0);
        if (exp.has("outputs")) {
            if (!(result instanceof List<?> list)) {
                fail("expected a list of tensors, got " + describe(result));
                return;
            }
            JsonArray outs = exp.getAsJsonArray("outputs");
            if (list.size() != outs.size()) {
                fail("expected " + outs.size() + " outputs, got " + list.size());
            }
            for (int i = 0; i < list.size(); i++) {
                checkTensor("output " + i + ": ", outs.get(i).getAsJsonObject(), (Tensor) list.get(i), first, exact);
            }
        } else if (exp.has("value")) {
            checkValue(exp.get("value"), result);
        } else {
            if (!(result instanceof Tensor t)) {
                fail("expected a tensor, got " + describe(result));
                return;
            }
            checkTensor("", exp, t, first, exact);
        }
    }

    private static String describe(Object o) {
        if (o instanceof long[] l) return Arrays.toString(l);
        if (o instanceof Tensor t) return "tensor " + t.dtype() + Arrays.toString(t.shapeRef());
        return String.valueOf(o);
    }

    private static Class<? extends RuntimeException> javaClassFor(String pythonType) {
        return switch (pythonType) {
            case "IndexError" -> IndexOutOfBoundsException.class;
            case "RuntimeError", "ValueError", "TypeError" -> IllegalArgumentException.class;
            default -> fail("no Java mapping for Python exception " + pythonType);
        };
    }

    private static void checkError(JsonObject err, RuntimeException e) {
        String type = err.get("type").getAsString();
        String msg = err.get("msg").getAsString();
        Class<? extends RuntimeException> want = javaClassFor(type);
        if (!want.isInstance(e) || !msg.equals(e.getMessage())) {
            AssertionFailureBuilder.assertionFailure()
                    .message("expected " + want.getSimpleName() + " (" + type + ") \"" + msg + "\" but got "
                            + e.getClass().getSimpleName() + " \"" + e.getMessage() + "\"")
                    .expected(msg).actual(e.getMessage()).cause(e).buildAndThrow();
        }
    }

    private static void checkTensor(String where, JsonObject exp, Tensor t, Tensor input, boolean exact) {
        DType dt = DType.of(exp.get("dtype").getAsString());
        if (t.dtype() != dt) mismatch(where + "dtype", dt, t.dtype());
        long[] shape = toLongs(exp.getAsJsonArray("shape"));
        if (!Arrays.equals(shape, t.shapeRef())) {
            mismatch(where + "shape", Arrays.toString(shape), Arrays.toString(t.shapeRef()));
        }
        String device = dev.jtorch.testing.Golden.wrongDevice(t);
        if (device != null) fail(where + device);
        if (exp.has("strides")) {
            long[] strides = toLongs(exp.getAsJsonArray("strides"));
            if (!Arrays.equals(strides, t.stridesRef())) {
                mismatch(where + "strides", Arrays.toString(strides), Arrays.toString(t.stridesRef()));
            }
        }
        if (exp.has("shares") && input != null) {
            boolean shares = exp.get("shares").getAsBoolean();
            if (shares != (t.storage() == input.storage())) {
                fail(where + (shares ? "expected a view of the input's storage, got a copy"
                        : "expected a copy, got a view of the input's storage"));
            }
        }
        JsonArray data = exp.getAsJsonArray("data");
        if (data.size() != t.numel()) mismatch(where + "numel", data.size(), t.numel());
        t = dev.jtorch.testing.Golden.host(t);
        for (int i = 0; i < data.size(); i++) {
            JsonElement e = data.get(i);
            if (dt.isFloatingPoint()) {
                double want = num(e), got = t.getDouble(i);
                if (!floatMatches(want, got, dt, exact)) {
                    mismatch(where + "value at flat index " + i + (exact ? " (exact)" : ""), want, got);
                }
            } else if (dt == DType.BOOL) {
                long want = e.getAsBoolean() ? 1 : 0, got = t.getLong(i);
                if (want != got) mismatch(where + "value at flat index " + i, want != 0, got != 0);
            } else {
                long want = e.getAsLong(), got = t.getLong(i);
                if (want != got) mismatch(where + "value at flat index " + i, want, got);
            }
        }
    }

    private static void mismatch(String what, Object want, Object got) {
        AssertionFailureBuilder.assertionFailure().message(what).expected(want).actual(got).buildAndThrow();
    }

    private static boolean floatMatches(double want, double got, DType dt, boolean exact) {
        if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) && Double.isNaN(got);
        if (exact || Double.isInfinite(want)) return Double.doubleToLongBits(want) == Double.doubleToLongBits(got);
        double tol = switch (dt) {
            case FLOAT64 -> 1e-12;
            case FLOAT32 -> 1e-6;
            case FLOAT16 -> 1e-3;
            default -> 8e-3; // bfloat16: 8 bits of mantissa
        };
        return Math.abs(want - got) <= tol * Math.max(Math.abs(want), 1e-30) || Math.abs(want - got) <= tol * 1e-3;
    }

    private static void checkValue(JsonElement want, Object got) {
        if (want.isJsonArray()) {
            long[] w = toLongs(want.getAsJsonArray());
            if (!(got instanceof long[] g) || !Arrays.equals(w, g)) {
                mismatch("value", Arrays.toString(w), describe(got));
            }
            return;
        }
        JsonPrimitive p = want.getAsJsonPrimitive();
        if (p.isBoolean()) {
            boolean g = got instanceof Boolean b ? b : got instanceof Number n && n.longValue() != 0;
            if (!(got instanceof Boolean || got instanceof Number) || g != p.getAsBoolean()) {
                mismatch("value", p.getAsBoolean(), got);
            }
            return;
        }
        if (!(got instanceof Number n)) {
            mismatch("value", p, describe(got));
            return;
        }
        if (isIntLiteral(p)) {
            if (n.longValue() != p.getAsLong() || n instanceof Double || n instanceof Float) {
                mismatch("value (integral)", p.getAsLong(), got);
            }
        } else {
            double w = num(p);
            if (!floatMatches(w, n.doubleValue(), DType.FLOAT64, true) || !(n instanceof Double || n instanceof Float)) {
                mismatch("value (floating)", w, got);
            }
        }
    }

    // ------------------------------------------------------------------ inputs

    private static Tensor buildInput(JsonObject spec) {
        DType dt = DType.of(spec.get("dtype").getAsString());
        long[] shape = toLongs(spec.getAsJsonArray("shape"));
        Tensor t = Tensor.allocate(shape, dt, dev.jtorch.Device.CPU);
        JsonArray data = spec.getAsJsonArray("data");
        for (int i = 0; i < data.size(); i++) {
            JsonElement e = data.get(i);
            if (dt == DType.BOOL) Mem.setLong(t.segment(), dt, i, e.getAsBoolean() ? 1 : 0);
            else if (dt.isFloatingPoint()) Mem.setDouble(t.segment(), dt, i, num(e));
            else Mem.setLong(t.segment(), dt, i, e.getAsLong());
        }
        t = dev.jtorch.testing.Golden.toDevice(t);
        if (spec.has("view")) {
            for (JsonElement s : spec.getAsJsonArray("view")) t = applyStep(t, new Args(s.getAsJsonArray()));
        }
        return t;
    }

    private static Tensor applyStep(Tensor t, Args s) {
        String op = s.get(0).getAsString();
        return switch (op) {
            case "transpose" -> t.transpose(s.lng(1), s.lng(2));
            case "permute" -> t.permute(s.longs(1));
            case "slice" -> t.slice(s.lng(1), s.isNull(2) ? 0 : s.lng(2), s.isNull(3) ? Long.MAX_VALUE : s.lng(3), s.lng(4));
            case "expand" -> t.expand(s.longs(1));
            case "select" -> t.select(s.lng(1), s.lng(2));
            case "t" -> t.t();
            default -> fail("unknown view step " + op);
        };
    }

    /** tensor(...) data: JSON arrays become Lists, integer literals Long, float literals Double, booleans Boolean. */
    private static Object nested(JsonElement e) {
        if (e.isJsonArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) l.add(nested(x));
            return l;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) return p.getAsBoolean();
        if (isIntLiteral(p)) return p.getAsLong();
        return num(p);
    }

    // ------------------------------------------------------------------ JSON helpers

    private static boolean isIntLiteral(JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return false;
        String s = e.getAsString();
        return s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
    }

    /** A float as written by the generator: a JSON number, or "nan", "inf", "-inf". */
    private static double num(JsonElement e) {
        if (e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> fail("bad float literal " + e);
            };
        }
        return e.getAsDouble();
    }

    private static long[] toLongs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** Positional op arguments. */
    private record Args(JsonArray a) {
        int size() { return a.size(); }
        JsonElement get(int i) { return a.get(i); }
        boolean isNull(int i) { return i >= a.size() || a.get(i).isJsonNull(); }
        boolean isInt(int i) { return isIntLiteral(a.get(i)); }
        long lng(int i) { return a.get(i).getAsLong(); }
        double dbl(int i) { return num(a.get(i)); }
        long[] longs(int i) { return toLongs(a.get(i).getAsJsonArray()); }
        DType dtype(int i) { return DType.of(a.get(i).getAsString()); }
    }
}
