package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiles every kernel the generator can make, without a GPU: with NVRTC where libnvrtc is installed (what
 * the backend itself does at run time) and with {@code nvcc --ptx} where nvcc is. A C error in a generated
 * source would otherwise show only on a GPU machine.
 */
class KernelSourceTest {

    /** Every (op, dtypes) combination the backend may ask for, keyed by kernel name. */
    static Map<String, KernelSource.Kernel> allKernels() {
        Map<String, KernelSource.Kernel> ks = new LinkedHashMap<>();
        for (DType in : DType.values()) {
            for (UnaryOp op : UnaryOp.values()) {
                for (DType out : new DType[] {in, DType.BOOL, DType.FLOAT32}) add(ks, () -> KernelSource.unary(op, in, out));
            }
            for (BinaryOp op : BinaryOp.values()) {
                for (DType out : new DType[] {in, DType.BOOL}) add(ks, () -> KernelSource.binary(op, in, out));
            }
            for (DType out : DType.values()) add(ks, () -> KernelSource.copy(in, out));
            add(ks, () -> KernelSource.fill(in));
            add(ks, () -> KernelSource.where(DType.BOOL, in));
            for (ReduceOp op : ReduceOp.values()) {
                for (DType out : new DType[] {in, DType.BOOL, DType.INT64, DType.FLOAT64}) add(ks, () -> KernelSource.reduce(op, in, out));
            }
            for (int mode = 0; mode < 3; mode++) {
                int m = mode;
                for (int k = 1; k <= 3; k++) {
                    int kk = k;
                    add(ks, () -> KernelSource.index(in, kk, m));
                }
            }
            add(ks, () -> KernelSource.matmul(in));
        }
        return ks;
    }

    private static void add(Map<String, KernelSource.Kernel> ks, java.util.function.Supplier<KernelSource.Kernel> make) {
        try {
            KernelSource.Kernel k = make.get();
            ks.put(k.name(), k);
        } catch (KernelSource.NoKernel e) {
            // not every op is defined on every dtype: the backend runs those on the CPU
        }
    }

    @Test void generatesTheCoreKernels() {
        Map<String, KernelSource.Kernel> ks = allKernels();
        assertTrue(ks.containsKey("jt_binary_add_f32_f32"));
        assertTrue(ks.containsKey("jt_reduce_argmax_f16_i64"));
        assertTrue(ks.containsKey("jt_index_add1_f64"));
        assertTrue(ks.containsKey("jt_copy_bf16_i8"));
        assertFalse(ks.containsKey("jt_binary_div_i64_i64"), "integer true division is the op layer's (float) business");
        assertTrue(ks.size() > 900, "kernels: " + ks.size());
    }

    @Test void unsupportedCombinationsFallBack() {
        org.junit.jupiter.api.Assertions.assertThrows(KernelSource.NoKernel.class, () -> KernelSource.unary(UnaryOp.EXP, DType.INT64, DType.INT64));
        org.junit.jupiter.api.Assertions.assertThrows(KernelSource.NoKernel.class, () -> KernelSource.index(DType.INT16, 1, 2));
    }

    /** Compiling all ~1000 kernels takes minutes; by default every formula and conversion is compiled once. */
    static final boolean ALL = Boolean.getBoolean("jtorch.kernels.all");

    static Map<String, KernelSource.Kernel> selected() {
        if (ALL) return allKernels();
        Map<String, KernelSource.Kernel> sample = new LinkedHashMap<>();
        allKernels().forEach((name, k) -> {
            boolean pick = name.matches("jt_(unary|binary)_[a-z0-9_]+_(f32_f32|i64_i64|f64_b8|f16_f16)")
                    || name.matches("jt_reduce_[a-z]+_(f32_f32|i64_i64|f16_f16|f32_i64|f64_b8)")
                    || name.matches("jt_copy_(f32_[a-z0-9]+|[a-z0-9]+_f32|f16_bf16|bf16_f16|b8_i64)")
                    || name.matches("jt_index_[a-z]+[12]_(f32|i64|b8|f64)")
                    || name.startsWith("jt_fill_") || name.matches("jt_where_b8_(f32|f16)") || name.matches("jt_matmul_(f16|i64|i32)");
            if (pick) sample.put(name, k);
        });
        return sample;
    }

    private static boolean nvrtcLoads() {
        try {
            Nvrtc.load();
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    @Tag("cuda")   // also part of the GPU check: the NVRTC there is the one the backend uses
    @Test void nvrtcCompilesKernels() {
        String why = null;
        try {
            Nvrtc.load();
        } catch (Throwable t) {
            why = String.valueOf(t.getCause() != null ? t.getCause().getMessage() : t.getMessage());
        }
        Assumptions.assumeTrue(why == null, "no libnvrtc on this machine: " + why);
        int arch = Nvrtc.architecture(90);
        List<String> failures = new ArrayList<>();
        // one compile per category keeps this fast; the guards let sources share the prelude
        for (Map.Entry<String, StringBuilder> e : bundles(selected()).entrySet()) {
            try {
                byte[] ptx = Nvrtc.compile(e.getValue().toString(), e.getKey() + ".cu", arch);
                assertTrue(new String(ptx, StandardCharsets.US_ASCII).contains(".entry"), e.getKey());
            } catch (IllegalStateException ex) {
                failures.add(ex.getMessage().lines().limit(40).reduce("", (a, b) -> a + "\n" + b));
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n\n", failures));
    }

    @Test void nvccCompilesKernels() throws IOException, InterruptedException {
        Path nvcc = findNvcc();
        Assumptions.assumeTrue(nvcc != null, "no nvcc on this machine");
        Path dir = Files.createTempDirectory("jt-kernels");
        List<String> failures = new ArrayList<>();
        Assumptions.assumeTrue(ALL || !nvrtcLoads(), "NVRTC checked the kernels; -Djtorch.kernels.all=true runs nvcc as well");
        for (Map.Entry<String, StringBuilder> e : bundles(selected()).entrySet()) {
            Path src = dir.resolve(e.getKey() + ".cu");
            Files.writeString(src, e.getValue());
            Process p = new ProcessBuilder(nvcc.toString(), "--ptx", "-arch=compute_90", "-o", dir.resolve(e.getKey() + ".ptx").toString(),
                    src.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            if (p.exitValue() != 0) failures.add(e.getKey() + ":\n" + out.lines().limit(40).reduce("", (a, b) -> a + "\n" + b));
        }
        if (!failures.isEmpty()) fail(String.join("\n\n", failures));
        assertEquals(List.of(), failures);
    }

    private static Map<String, StringBuilder> bundles(Map<String, KernelSource.Kernel> ks) {
        Map<String, StringBuilder> b = new LinkedHashMap<>();
        for (KernelSource.Kernel k : ks.values()) {
            String category = k.name().split("_")[1];
            b.computeIfAbsent(category, c -> new StringBuilder()).append(k.source()).append('\n');
        }
        return b;
    }

    private static Path findNvcc() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("CUDA_HOME");
        if (home != null) candidates.add(Path.of(home, "bin", "nvcc"));
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(":")) candidates.add(Path.of(d, "nvcc"));
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        for (Path c : candidates) if (Files.isExecutable(c)) return c;
        return null;
    }
}
