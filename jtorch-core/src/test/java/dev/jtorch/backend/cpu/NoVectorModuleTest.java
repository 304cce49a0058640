package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} must pick the scalar kernels at start and
 * never load a class that names a vector type. The child JVM runs {@link #main} and prints its results; the
 * test compares them with the same computation here (vector kernels, when this JVM has the module).
 */
class NoVectorModuleTest {

    /** Entry point of the child JVM: whether vectors are on, then a few results, one per line. */
    public static void main(String[] args) {
        double[] r = compute();
        System.out.println("vector=" + Simd.VECTOR);
        for (double v : r) System.out.println(Double.toString(v));
    }

    private static double[] compute() {
        Generator g = new Generator().manualSeed(3);
        Tensor a = Torch.randn(new long[] {70, 90}, DType.FLOAT32, g), b = Torch.randn(new long[] {90, 40}, DType.FLOAT32, g);
        Tensor x = Torch.randn(new long[] {1000}, DType.FLOAT32, g);
        Tensor d = Torch.randn(new long[] {33, 17}, DType.FLOAT64, g);
        // a captured chain (fused, and compiled to vector loops when the module is present)
        Tensor v = Torch.randn(new long[] {3000}, DType.FLOAT64, g);
        Tensor chain;
        try (dev.jtorch.graphs.CpuGraph graph = new dev.jtorch.graphs.CpuGraph()) {
            try (var capture = graph.capture()) {
                Tensor h = v.mul(0.5).add(v.mul(v));
                chain = Torch.cat(h.slice(0, 1, 3000, 1), h.slice(0, 0, 1, 1)).sub(h.mul(1.0 / 3)).div(v.add(2.0));
            }
            graph.replay();
        }
        return new double[] {
                chain.sum().itemDouble(), chain.get(2999).itemDouble(),
                a.mm(b).sum().itemDouble(), a.mm(b).get(5, 7).itemDouble(),
                x.exp().sum().itemDouble(), x.add(x).mul(x).sum().itemDouble(),
                d.mm(d.t()).get(3, 4).itemDouble(), d.sum().itemDouble(),
                // softmax rows: the fused kernel with the module, the composition without
                a.softmax(-1).get(4, 9).itemDouble(), a.logSoftmax(-1).get(69, 0).itemDouble(),
                d.logsumexp(new long[] {-1}, false).get(5).itemDouble()};
    }

    @Test
    void scalarKernelsRunWithoutTheIncubatorModule() throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NoVectorModuleTest.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        String[] all = out.strip().split("\\R");
        int start = 0;
        while (start < all.length && !all[start].startsWith("vector=")) start++;
        assertTrue(start < all.length, out);
        String[] lines = java.util.Arrays.copyOfRange(all, start, all.length);
        assertEquals("vector=false", lines[0], out);
        assertFalse(out.contains("incubator"), "no vector module loaded: " + out);
        double[] here = compute();
        for (int i = 0; i < here.length; i++) {
            double child = Double.parseDouble(lines[i + 1]);
            assertEquals(here[i], child, 1e-4 * Math.max(1, Math.abs(here[i])), "result " + i);
        }
    }
}
