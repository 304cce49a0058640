package dev.jtorch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Torch.rand/randn/... after manualSeed give PyTorch's values (golden/random_api.jsonl). */
class RandomApiTest {
    private static final Map<String, double[]> GOLDEN = load();

    private static Map<String, double[]> load() {
        Map<String, double[]> m = new HashMap<>();
        try (InputStream in = RandomApiTest.class.getResourceAsStream("/golden/random_api.jsonl")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Pattern p = Pattern.compile("\"name\": \"([^\"]+)\".*\"values\": \\[([^]]*)]");
            for (String line : text.split("\n")) {
                Matcher mt = p.matcher(line);
                if (!mt.find()) continue;
                String[] parts = mt.group(2).split(",\\s*");
                double[] v = new double[parts.length];
                for (int i = 0; i < v.length; i++) v[i] = Double.parseDouble(parts[i]);
                m.put(mt.group(1), v);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return m;
    }

    private static void check(String name, Tensor t) {
        double[] want = GOLDEN.get(name);
        assertNotNull(want, name);
        assertArrayEquals(want, t.toDouble().toDoubleArray(), 0.0, name);
    }

    @Test void randMatches() { manualSeed(0); check("rand_3", rand(3)); }

    @Test void randnMatches() { manualSeed(1); check("randn_2x3", randn(2, 3)); }

    @Test void randnFloat64() {
        manualSeed(2);
        Tensor t = randn(new long[] {17}, DType.FLOAT64);
        assertEquals(DType.FLOAT64, t.dtype());
        check("randn_17_f64", t);
    }

    @Test void randintMatches() {
        manualSeed(3);
        Tensor t = Torch.randint(0, 10, new long[] {4, 5});
        assertEquals(DType.INT64, t.dtype());
        check("randint_0_10_4x5", t);
    }

    @Test void randpermMatches() { manualSeed(4); check("randperm_12", Torch.randperm(12)); }

    @Test void normalMatches() { manualSeed(5); check("normal_2_3_5", Torch.normal(2.0, 3.0, 5)); }

    @Test void bernoulliMatches() { manualSeed(6); check("bernoulli_probs", Torch.bernoulli(linspace(0, 1, 20))); }

    @Test void uniformOnAStridedView() {
        manualSeed(7);
        Tensor x = zeros(4, 6);
        x.slice(1, 0, 6, 2).uniform_(-1, 1);
        check("uniform_strided", x);
    }

    @Test void normalOnATransposedView() {
        manualSeed(8);
        Tensor x = zeros(3, 4).t();
        x.normal_(0.5, 2.0);
        check("normal_transposed", x);
    }

    @Test void streamCarriesOverBetweenCalls() {
        manualSeed(9);
        check("rand_then_randn", cat(rand(5), randn(20)));
    }

    @Test void integerDtypesAreRefusedWherePyTorchRefuses() {
        assertThrows(IllegalArgumentException.class, () -> Torch.rand(new long[] {2}, DType.INT64));
        assertThrows(IllegalArgumentException.class, () -> Torch.randint(5, 5, new long[] {2}));
    }
}
