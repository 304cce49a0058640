package dev.jtorch.backend.cuda;

import com.google.gson.JsonObject;
import dev.jtorch.Device;
import dev.jtorch.IndexingConformanceTest;
import dev.jtorch.MathConformanceTest;
import dev.jtorch.Torch;
import dev.jtorch.autograd.AutogradConformanceTest;
import dev.jtorch.conformance.CoreConformanceTest;
import dev.jtorch.nn.NnConformanceTest;
import dev.jtorch.testing.Golden;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PyTorch golden cases of the CPU conformance tests, replayed with their inputs on the GPU: the same
 * replay code (the tests' decoders put inputs on {@link Golden#device()}), the same tolerances, and results
 * and gradients must come back on the GPU.
 *
 * <p>Each case ends as passed, mismatch (a value, dtype, shape, device or error message differs: a failure),
 * unsupported (the op reads device memory from Java, reported as "call .cpu() first": counted, not a failure,
 * unless the op is expected to work) or error (any other exception, such as a NullPointerException: a
 * failure). Every op of a file is expected to work on the GPU except those in {@link #HOST_ONLY}: the
 * backend runs kernels it has no CUDA code for on host copies, so only ops that read memory from Java
 * outside the backend may be unsupported. A table per file goes to stdout (gpu-check.sh shows it) and with
 * every non-passing case to {@code $OUT/cuda-golden.txt} (else {@code target/cuda-golden.txt}).
 *
 * <p>The replay stops starting cases after {@code -Djtorch.cuda.goldenSeconds} (default 100) so that
 * scripts/gpu-check.sh keeps to its time; cases left are counted as "not run (time)", not as failures. The
 * files run in order of importance, core.jsonl (mostly views, 16k cases) last.
 *
 * <p>Without a GPU the class is skipped with the reason; {@code -Djtorch.cuda.emulate=true} replays on
 * {@link EmulatedCuda} instead, which checks the op layer's device handling and this harness, not kernels.
 */
@Tag("cuda")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CudaGoldenReplayTest {
    static final Device CUDA = Device.of("cuda:0");

    /**
     * Ops allowed to fail as unsupported on the GPU, by file; every other op must pass. Empty: ops without a
     * CUDA kernel (scans, sorts, factorizations, pooling, convolution's im2col) run on host copies and hand
     * their results back on the GPU, so every op of the golden files is expected to work.
     */
    static final Map<String, Set<String>> HOST_ONLY = Map.of();

    /** nn.jsonl kinds that run tensors through modules; init, repr and state-dict cases are CPU-side. */
    static final Set<String> NN_KINDS = Set.of("forward", "error", "train", "rnn", "mha", "functional", "pad_sequence",
            "clip_norm", "clip_value");

    enum Outcome { PASSED, MISMATCH, UNSUPPORTED, ERROR }

    record Result(String file, String id, String op, Outcome outcome, String detail) {}

    private static final Map<String, int[]> TABLE = new TreeMap<>();   // file -> counts by Outcome, not replayed, out of time
    private static final long BUDGET_SECONDS = Long.getLong("jtorch.cuda.goldenSeconds", 100);
    private static long deadline = Long.MAX_VALUE;
    private static final List<Result> NOT_PASSED = new ArrayList<>();
    private static boolean emulated;

    @BeforeAll static void emulateWithoutGpu() {
        if (!Torch.cuda.isAvailable() && Boolean.getBoolean("jtorch.cuda.emulate")) {
            EmulatedCuda.install();
            emulated = true;
        }
        deadline = System.nanoTime() + BUDGET_SECONDS * 1_000_000_000L;
    }

    @BeforeEach void needsGpu() {
        assumeTrue(emulated || Torch.cuda.isAvailable(), "no CUDA device: " + Torch.cuda.unavailableReason());
    }

    @AfterAll static void report() throws IOException {
        if (emulated) EmulatedCuda.uninstall();
        if (TABLE.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        sb.append("== cuda golden replay (").append(emulated ? "EMULATED on the CPU, no GPU kernels ran" : Cuda.deviceName(0))
                .append(") ==\n");
        String row = "%-18s %6s %7s %8s %11s %6s %8s %9s%n";
        sb.append(String.format(row, "file", "cases", "passed", "mismatch", "unsupported", "errors", "n/a", "no time"));
        int[] total = new int[6];
        for (var e : TABLE.entrySet()) {
            int[] n = e.getValue();
            sb.append(String.format(row, e.getKey().replace(".jsonl", ""), n[0] + n[1] + n[2] + n[3], n[0], n[1], n[2], n[3], n[4], n[5]));
            for (int i = 0; i < 6; i++) total[i] += n[i];
        }
        sb.append(String.format(row, "total", total[0] + total[1] + total[2] + total[3], total[0], total[1], total[2], total[3],
                total[4], total[5]));
        sb.append("(n/a: cases with no GPU side; no time: not started within -Djtorch.cuda.goldenSeconds=").append(BUDGET_SECONDS)
                .append(")\n");
        Map<String, Integer> unsupportedOps = new TreeMap<>();
        for (Result r : NOT_PASSED) {
            if (r.outcome == Outcome.UNSUPPORTED) unsupportedOps.merge(r.file + ":" + r.op, 1, Integer::sum);
        }
        if (!unsupportedOps.isEmpty()) sb.append("unsupported ops (cases): ").append(unsupportedOps).append('\n');
        sb.append("== end of cuda golden replay ==\n");
        System.out.print(sb);
        StringBuilder detail = new StringBuilder(sb);
        for (Result r : NOT_PASSED) {
            detail.append(r.outcome).append(' ').append(r.file).append(' ').append(r.id).append(": ").append(r.detail).append('\n');
        }
        String out = System.getenv("OUT");
        Path p = out != null && !out.isEmpty() ? Path.of(out, "cuda-golden.txt") : Path.of("target", "cuda-golden.txt");
        Files.createDirectories(p.toAbsolutePath().getParent());
        Files.writeString(p, detail.toString());
    }

    // ------------------------------------------------------------------ one file

    interface Case {
        void run(JsonObject c) throws Throwable;
    }

    /**
     * Replays {@code cases} of {@code file} on the GPU ({@code applies} false: counted as not replayed) and
     * fails with the mismatches and unexpected errors, and with unsupported ops that are expected to work.
     */
    static void replay(String file, List<JsonObject> cases, Function<JsonObject, String> id, Function<JsonObject, String> op,
                       Predicate<JsonObject> applies, Case runner) {
        int[] n;
        synchronized (TABLE) { n = TABLE.computeIfAbsent(file, k -> new int[6]); }
        Set<String> hostOnly = HOST_ONLY.getOrDefault(file, Set.of());
        List<String> failures = new ArrayList<>();
        for (JsonObject c : cases) {
            if (!applies.test(c)) {
                n[4]++;
                continue;
            }
            if (System.nanoTime() > deadline) {
                n[5]++;
                continue;
            }
            String name = op.apply(c);
            Result r = runOne(file, id.apply(c), name, c, runner);
            n[r.outcome.ordinal()]++;
            if (r.outcome == Outcome.PASSED) continue;
            synchronized (TABLE) { NOT_PASSED.add(r); }
            if (r.outcome != Outcome.UNSUPPORTED || !hostOnly.contains(name)) {
                failures.add(r.outcome + (r.outcome == Outcome.UNSUPPORTED ? " (expected to work)" : "") + " " + r.id + ": "
                        + r.detail);
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(failures.size() + " of " + cases.size() + " golden cases of " + file
                    + " failed on " + CUDA + ":\n");
            for (int i = 0; i < Math.min(40, failures.size()); i++) sb.append("  ").append(failures.get(i)).append('\n');
            if (failures.size() > 40) sb.append("  ... (all in cuda-golden.txt)\n");
            fail(sb.toString());
        }
    }

    static Result runOne(String file, String id, String op, JsonObject c, Case runner) {
        try {
            Golden.onDevice(CUDA, () -> runner.run(c));
            return new Result(file, id, op, Outcome.PASSED, null);
        } catch (Throwable t) {
            String detail = oneLine(t);
            if (unsupported(t)) return new Result(file, id, op, Outcome.UNSUPPORTED, detail);
            // a wrong value, or a clear exception where PyTorch returns a result; anything else is an error
            boolean mismatch = t instanceof AssertionError ? !(t.getCause() instanceof RuntimeException rt && !clear(rt))
                    : t instanceof RuntimeException rt && clear(rt);
            return new Result(file, id, op, mismatch ? Outcome.MISMATCH : Outcome.ERROR, detail);
        }
    }

    /** The GPU refusing an op clearly: Java reading device memory, or an op that says it has no CUDA version. */
    static boolean unsupported(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("call .cpu() first")) return true;
            if (c instanceof UnsupportedOperationException && (m.contains("cuda") || m.contains("CUDA"))) return true;
        }
        return false;
    }

    /** Exceptions with a message a user can act on; NullPointerException, ClassCastException and the like are not. */
    static boolean clear(RuntimeException e) {
        return (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof IndexOutOfBoundsException
                || e instanceof ArithmeticException || e instanceof UnsupportedOperationException) && e.getMessage() != null;
    }

    private static String oneLine(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 600; c = c.getCause()) {
            if (c != t) sb.append(" <- ");
            sb.append(c.getClass().getSimpleName()).append(": ").append(String.valueOf(c.getMessage()).replace('\n', ' '));
            if (!(c instanceof AssertionError)) sb.append(" at ").append(where(c));
        }
        return sb.length() > 600 ? sb.substring(0, 600) + "..." : sb.toString();
    }

    /** The first frames of the core below the generic accessors: where an op read device memory. */
    private static String where(Throwable t) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            String cls = e.getClassName();
            if (cls.equals("dev.jtorch.Storage") || cls.equals("dev.jtorch.internal.Mem") || cls.startsWith("java.")) continue;
            frames.add(cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber());
            if (frames.size() == 6) break;
        }
        return String.join(" < ", frames);
    }

    private static String str(JsonObject c, String k) { return c.has(k) && !c.get(k).isJsonNull() ? c.get(k).getAsString() : "?"; }

    // ------------------------------------------------------------------ the files

    private static void math(String file, Predicate<JsonObject> applies) {
        List<JsonObject> cases = Golden.load("/golden/" + file);
        int[] i = {0};
        replay(file, cases, c -> "#" + i[0]++ + " " + str(c, "op"), c -> str(c, "op"), applies, MathConformanceTest::runCase);
    }

    @Test @Order(1) void mathBinary() { math("math_binary.jsonl", c -> true); }

    @Test @Order(2) void mathUnary() { math("math_unary.jsonl", c -> true); }

    @Test @Order(3) void mathReduce() { math("math_reduce.jsonl", c -> true); }

    @Test @Order(4) void mathIndex() { math("math_index.jsonl", c -> true); }

    /** All of it: the factorizations run on host copies of the matrices and return their results on the GPU. */
    @Test @Order(5) void mathLinalg() { math("math_linalg.jsonl", c -> true); }

    @Test @Order(6) void indexing() throws Exception {
        replay("indexing.jsonl", IndexingConformanceTest.load("indexing.jsonl"), c -> str(c, "id"), c -> str(c, "op"), c -> true,
                IndexingConformanceTest::replay);
    }

    @Test @Order(7) void autograd() {
        replay("autograd.jsonl", AutogradConformanceTest.cases(), c -> str(c, "op") + " " + c.get("inputs"), c -> str(c, "op"),
                c -> true, AutogradConformanceTest::check);
    }

    @Test @Order(8) void nn() {
        List<JsonObject> cases = new java.util.ArrayList<>(Golden.load("/golden/nn.jsonl"));
        cases.addAll(Golden.load("/golden/nn_conv.jsonl")); // the convolutions and pooling at the book's shapes
        int[] i = {0};
        replay("nn.jsonl", cases, c -> "#" + i[0]++ + " " + str(c, "kind") + " " + c.get("spec"), CudaGoldenReplayTest::nnOp,
                c -> NN_KINDS.contains(str(c, "kind")), NnConformanceTest::run);
    }

    private static String nnOp(JsonObject c) {
        String kind = str(c, "kind");
        if (c.has("spec") && c.get("spec").isJsonObject() && c.getAsJsonObject("spec").has("type")) {
            return kind + ":" + c.getAsJsonObject("spec").get("type").getAsString();
        }
        return c.has("fn") ? kind + ":" + str(c, "fn") : kind;
    }

    /** core.jsonl: every case with a tensor input (creation from Java values has no GPU side). */
    @Test @Order(9) void core() {
        replay("core.jsonl", Golden.load("/golden/core.jsonl"), c -> str(c, "id"), c -> str(c, "op"),
                c -> c.has("inputs") && !c.getAsJsonArray("inputs").isEmpty(), CoreConformanceTest::run);
    }
}
