package dev.jtorch.examples.book;

import dev.jtorch.DType;
import dev.jtorch.Generator;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.F;
import dev.jtorch.optim.SGD;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chapter-5 CNN (convolutions, max-pooling, both dropouts, cross-entropy, SGD with momentum) trains to
 * the same bits every time: twice in this JVM, with 1 and with 2 threads, in a child JVM limited to C1,
 * where every Vector API operation runs its Java fallback, and in one where C2 compiles nearly at once. Its batch losses used
 * to differ between two runs of one build from about batch 15 on, because the Vector API's exp (in the
 * loss's log_softmax) gave other last bits once C2 had compiled it, at a moment that depends on timing.
 */
class RepeatableTrainingTest {
    private static final int STEPS = 12, BATCH = 16;

    /** Every batch's loss (float bits) and then every parameter's values (float bits), as hex words. */
    static List<String> train(int threads) {
        int before = Torch.getNumThreads();
        Torch.setNumThreads(threads);
        try {
            Generator data = new Generator().manualSeed(7);
            Tensor images = Torch.randn(new long[] {STEPS * BATCH, 1, 28, 28}, DType.FLOAT32, data);
            Tensor labels = Torch.randint(0, 10, new long[] {STEPS * BATCH}, DType.INT64, data);
            Torch.manualSeed(0); // initialisation and dropout masks
            Cnn.Net model = new Cnn.Net();
            SGD optimizer = new SGD(model.parameters(), 0.01, 0.5);
            model.train();
            List<String> out = new ArrayList<>();
            for (int s = 0; s < STEPS; s++) {
                optimizer.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(images.narrow(0, s * BATCH, BATCH)), labels.narrow(0, s * BATCH, BATCH));
                loss.backward();
                optimizer.step();
                out.add("loss " + Integer.toHexString(Float.floatToRawIntBits(loss.itemFloat())));
            }
            for (Tensor p : model.parameters()) {
                StringBuilder sb = new StringBuilder("param");
                for (double v : p.detach().toDoubleArray()) sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits((float) v)));
                out.add(sb.toString());
            }
            return out;
        } finally {
            Torch.setNumThreads(before);
        }
    }

    /** Child JVM: the 2-thread run, one line each. */
    public static void main(String[] args) {
        for (String line : train(2)) System.out.println(line);
    }

    @Test
    void cnnTrainsToTheSameBitsInEveryRunThreadCountAndCompiler() throws Exception {
        List<String> first = train(2);
        assertEquals(List.of(), diff(first, train(2)), "second run in this JVM");
        assertEquals(List.of(), diff(first, train(1)), "one thread");

        // C1 does not intrinsify the Vector API: every lane operation runs its Java fallback
        assertEquals(List.of(), diff(first, child("-XX:TieredStopAtLevel=1")), "child JVM limited to C1");
        // C2 compiles each method after 100 calls, in the foreground: nearly all steps run C2's intrinsics
        assertEquals(List.of(), diff(first, child("-XX:-TieredCompilation", "-XX:CompileThreshold=100", "-Xbatch")), "child JVM with early C2");
    }

    private static List<String> child(String... jvmFlags) throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(javaBin, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RepeatableTrainingTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("loss ") || l.startsWith("param")).toList();
    }

    /** The differing lines (shortened), so that a failure says where the runs part. */
    private static List<String> diff(List<String> a, List<String> b) {
        List<String> d = new ArrayList<>();
        if (a.size() != b.size()) d.add(a.size() + " lines against " + b.size());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                String x = a.get(i), y = b.get(i);
                d.add("line " + i + ": " + x.substring(0, Math.min(60, x.length())) + " / " + y.substring(0, Math.min(60, y.length())));
            }
        }
        return d;
    }
}
