package dev.jtorch;

import dev.jtorch.internal.LibM;
import dev.jtorch.internal.Mem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays golden/rng.txt (written by conformance/gen_rng.py with the real PyTorch 1.13) bit for bit.
 */
class GeneratorTest {

    private record Op(int line, String call, String expected) {}

    private record Case(String name, String seed, List<Op> ops) {}

    private static List<Case> loadCases() throws IOException {
        List<Case> cases = new ArrayList<>();
        // -Djtorch.rng.golden=FILE replays another file, e.g. one written under ATEN_CPU_CAPABILITY=default
        // (then run with -Djtorch.rng.cpuCapability=default too)
        String external = System.getProperty("jtorch.rng.golden");
        try (InputStream in = external != null ? java.nio.file.Files.newInputStream(java.nio.file.Path.of(external))
                : GeneratorTest.class.getResourceAsStream("/golden/rng.txt")) {
            if (in == null) throw new IOException("golden/rng.txt missing from the test classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            int no = 0;
            Case current = null;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) continue;
                if (line.startsWith("case ")) {
                    String[] p = line.split(" ");
                    current = new Case(p[1], p[2], new ArrayList<>());
                    cases.add(current);
                } else {
                    int eq = line.indexOf(" = ");
                    if (current == null || eq < 0) throw new IOException("bad line " + no);
                    current.ops().add(new Op(no, line.substring(0, eq), line.substring(eq + 3)));
                }
            }
        }
        return cases;
    }

    @TestFactory
    List<DynamicTest> goldenCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : loadCases()) tests.add(DynamicTest.dynamicTest(c.name(), () -> replay(c)));
        assertTrue(tests.size() > 150, "golden file looks truncated");
        return tests;
    }

    private static void replay(Case c) {
        Generator g = c.seed().equals("default") ? new Generator() : new Generator().manualSeed(Long.parseLong(c.seed()));
        try (Arena arena = Arena.ofConfined()) {
            for (Op op : c.ops()) {
                String[] a = op.call().split(" ");
                String where = c.name() + " line " + op.line() + " (" + a[0] + ")";
                switch (a[0]) {
                    case "uniform", "normal", "randint", "bernoulli_p" -> {
                        DType dt = DType.of(a[1]);
                        int n = Integer.parseInt(a[2]);
                        MemorySegment out = arena.allocate(Math.max(1, (long) n * dt.itemSize()), 8);
                        switch (a[0]) {
                            case "uniform" -> g.uniform(out, dt, n, Double.parseDouble(a[3]), Double.parseDouble(a[4]));
                            case "normal" -> g.normal(out, dt, n, Double.parseDouble(a[3]), Double.parseDouble(a[4]));
                            case "randint" -> g.randint(out, dt, n, Long.parseLong(a[3]), Long.parseLong(a[4]));
                            default -> g.bernoulli(out, dt, n, Double.parseDouble(a[3]));
                        }
                        check(where, out, dt, n, op.expected());
                    }
                    case "bernoulli_t" -> {
                        DType dt = DType.of(a[1]);
                        int n = Integer.parseInt(a[2]);
                        DType pdt = DType.of(a[3]);
                        String[] pv = a[4].split(",");
                        MemorySegment probs = arena.allocate((long) n * pdt.itemSize(), 8);
                        for (int i = 0; i < n; i++) Mem.setDouble(probs, pdt, i, Double.parseDouble(pv[i]));
                        MemorySegment out = arena.allocate((long) n * dt.itemSize(), 8);
                        g.bernoulli(out, dt, n, probs, pdt);
                        check(where, out, dt, n, op.expected());
                    }
                    case "randperm" -> {
                        int n = Integer.parseInt(a[1]);
                        long[] perm = g.randperm(n);
                        assertEquals(n, perm.length, where);
                        MemorySegment out = arena.allocate(Math.max(8, 8L * n), 8);
                        MemorySegment.copy(perm, 0, out, Mem.I64, 0, n);
                        check(where, out, DType.INT64, n, op.expected());
                    }
                    case "getstate" -> assertEquals(op.expected(), HexFormat.of().formatHex(g.getState()), where);
                    case "setstate" -> g.setState(HexFormat.of().parseHex(a[1]));
                    case "initial_seed" -> assertEquals(Long.parseUnsignedLong(op.expected()), g.initialSeed(), where);
                    default -> fail("unknown op " + a[0] + " at " + where);
                }
            }
        }
    }

    /** Compares n elements with the expected list, or with its sha256 and first values for large fills. */
    private static void check(String where, MemorySegment out, DType dt, int n, String expected) {
        String[] vals;
        if (expected.startsWith("sha256:")) {
            int semi = expected.indexOf(';');
            vals = expected.substring(semi + 1).split(",");
            String digest = expected.substring(7, semi);
            compareValues(where, out, dt, vals.length, vals);
            assertEquals(digest, sha256(out.asSlice(0, (long) n * dt.itemSize())), where + ": digest of " + n + " elements");
        } else {
            vals = expected.isEmpty() ? new String[0] : expected.split(",");
            assertEquals(n, vals.length, where + ": golden count");
            compareValues(where, out, dt, n, vals);
        }
    }

    private static void compareValues(String where, MemorySegment out, DType dt, int n, String[] vals) {
        int bad = 0;
        String first = null;
        for (int i = 0; i < n; i++) {
            boolean ok;
            String got;
            if (dt.isFloatingPoint()) {
                double want = Double.parseDouble(vals[i]);
                double have = Mem.getDouble(out, dt, i);
                ok = Double.doubleToRawLongBits(want) == Double.doubleToRawLongBits(have);
                got = Double.toHexString(have);
            } else {
                long want = Long.parseLong(vals[i]);
                long have = Mem.getLong(out, dt, i);
                ok = want == have;
                got = Long.toString(have);
            }
            if (!ok) {
                if (bad++ == 0) first = "element " + i + ": expected " + vals[i] + " got " + got;
            }
        }
        assertEquals(0, bad, where + ": " + bad + " of " + n + " elements differ; first " + first);
    }

    private static String sha256(MemorySegment s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toArray(Mem.I8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void nativeMathIsInUse() {
        assertTrue(LibM.isNative(), "the C library's log/sin/cos are needed for bit-exact normals");
    }

    @Test
    void stateRoundTrips() {
        Generator g = new Generator().manualSeed(2024);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8 * 40), b = arena.allocate(8 * 40);
            g.normal(a, DType.FLOAT64, 3, 0, 1); // leaves a cached normal value
            g.uniform(a, DType.FLOAT32, 5, 0, 1);
            byte[] st = g.getState();
            assertEquals(Generator.STATE_SIZE, st.length);

            double cached = g.nextGaussian(); // the value cached before the state was taken
            g.normal(a, DType.FLOAT64, 20, 0, 1);
            long[] p1 = g.randperm(50);
            long x1 = g.nextLong();

            Generator h = new Generator().manualSeed(7);
            h.setState(st);
            assertArrayEquals(st, h.getState());
            assertEquals(2024, h.initialSeed());
            assertEquals(cached, h.nextGaussian());
            h.normal(b, DType.FLOAT64, 20, 0, 1);
            assertEquals(-1, a.asSlice(0, 160).mismatch(b.asSlice(0, 160)));
            assertArrayEquals(p1, h.randperm(50));
            assertEquals(x1, h.nextLong());

            g.setState(st); // back in time on the same generator
            assertEquals(cached, g.nextGaussian());
            g.normal(b, DType.FLOAT64, 20, 0, 1);
            assertEquals(-1, a.asSlice(0, 160).mismatch(b.asSlice(0, 160)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Generator().setState(new byte[10]));
        byte[] broken = new Generator().getState();
        broken[8] = 0; // left = 0 is invalid
        broken[9] = 0;
        assertThrows(IllegalArgumentException.class, () -> new Generator().setState(broken));
    }

    @Test
    void seedingBasics() {
        assertEquals(Generator.DEFAULT_SEED, new Generator().initialSeed());
        assertEquals(67280421310721L, Generator.DEFAULT_SEED);
        assertTrue(Generator.defaultGenerator() == Generator.defaultGenerator());
        // only the low 32 bits reach the engine
        assertEquals(new Generator(5).nextLong(), new Generator((1L << 32) + 5).nextLong());
        Generator g = new Generator();
        long s = g.seed();
        assertEquals(s, g.initialSeed());
        assertTrue(s >= 0 && s < (1L << 53));
        assertEquals(new Generator(s).nextLong(), g.nextLong());
        // mt19937 seeded with 0: the standard reference outputs
        Generator z = new Generator(0);
        assertEquals(2357136044L, Integer.toUnsignedLong(z.nextInt()));
        assertEquals(2546248239L, Integer.toUnsignedLong(z.nextInt()));
        assertNotEquals(new Generator(1).nextLong(), new Generator(2).nextLong());
    }

    @Test
    void lowLevelDrawsMatchFills() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(4 * 10), d = arena.allocate(8 * 10);
            new Generator(3).uniform(f, DType.FLOAT32, 10, 0, 1);
            new Generator(3).uniform(d, DType.FLOAT64, 10, 0, 1);
            Generator a = new Generator(3), b = new Generator(3);
            for (int i = 0; i < 10; i++) {
                assertEquals(f.getAtIndex(Mem.F32, i), a.nextFloat());
                assertEquals(d.getAtIndex(Mem.F64, i), b.nextDouble());
            }
            new Generator(4).normal(d, DType.FLOAT64, 3, 0, 1);
            Generator c = new Generator(4);
            for (int i = 0; i < 3; i++) assertEquals(d.getAtIndex(Mem.F64, i), c.nextGaussian());
        }
    }

    @Test
    void argumentChecks() {
        Generator g = new Generator(0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64);
            assertThrows(IllegalArgumentException.class, () -> g.uniform(s, DType.FLOAT32, 2, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> g.uniform(s, DType.INT64, 2, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> g.uniform(s, DType.FLOAT16, 2, 0, 1e6));
            assertThrows(IllegalArgumentException.class, () -> g.normal(s, DType.FLOAT32, 2, 0, -1));
            assertThrows(IllegalArgumentException.class, () -> g.normal(s, DType.INT32, 2, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> g.randint(s, DType.INT64, 2, 5, 5));
            assertThrows(IllegalArgumentException.class, () -> g.randint(s, DType.UINT8, 2, 0, 257));
            assertThrows(IllegalArgumentException.class, () -> g.bernoulli(s, DType.FLOAT32, 2, 1.5));
            assertThrows(IllegalArgumentException.class, () -> g.bernoulli(s, DType.FLOAT16, 2, 0.5));
            assertThrows(IllegalArgumentException.class, () -> g.randperm(-1));
        }
        assertEquals(0, g.randperm(0).length);
        assertTrue(Arrays.equals(new long[] {0}, g.randperm(1)));
    }
}
