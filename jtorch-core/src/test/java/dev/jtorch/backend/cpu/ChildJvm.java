package dev.jtorch.backend.cpu;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a test class's {@code main} in a child JVM with the vector module and given JIT flags. */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * The child's output lines that start with one of {@code prefixes}, after checking that it ran to a
     * zero exit within two minutes. {@code args} go to {@code main}.
     */
    static List<String> lines(Class<?> main, List<String> jvmFlags, List<String> args, String... prefixes) throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(javaBin, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\\R")) {
            for (String prefix : prefixes) {
                if (l.startsWith(prefix)) {
                    lines.add(l);
                    break;
                }
            }
        }
        assertEquals(prefixes.length, lines.size(), out);
        return lines;
    }
}
