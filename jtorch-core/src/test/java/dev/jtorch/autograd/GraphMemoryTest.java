package dev.jtorch.autograd;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph is freed after backward: {@link GraphMemoryLoop} must finish 10^5 steps with -Xmx64m. */
class GraphMemoryTest {
    @Test
    void hundredThousandStepsInA64MegabyteHeap() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = List.of(java, "-Xmx64m", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                GraphMemoryLoop.class.getName(), "100000");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long t0 = System.nanoTime();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(finished, "did not finish in 120 s: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("done 100000 steps"), out);
        System.out.printf("GraphMemoryLoop: 10^5 steps in %.1f s with -Xmx64m%n", seconds);
    }
}
