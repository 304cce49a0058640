package dev.jtorch.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link VectorMath}: within an ulp or two of {@code Math.exp} and {@code Math.log}, and the same bits whether the Vector API runs
 * its Java fallback (interpreter, C1) or C2's intrinsics, and wherever a value sits in a row. The JDK's
 * own {@code lanewise(EXP)} failed the second (SVML against {@code Math.exp} per lane), which made the
 * chapter-5 CNN's training differ from run to run.
 */
class VectorMathTest {

    private static float[] floats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // mostly the range where exp is finite and normal, some beyond both ends, some raw bit patterns
            int k = r.nextInt(10);
            x[i] = k < 7 ? (float) r.nextDouble(-88, 89) : k < 8 ? (float) r.nextDouble(-110, -85)
                    : k < 9 ? (float) r.nextDouble(-1, 1) : Float.intBitsToFloat(r.nextInt());
        }
        return x;
    }

    private static double[] doubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            x[i] = k < 7 ? r.nextDouble(-708, 709.7) : k < 8 ? r.nextDouble(-760, -700)
                    : k < 9 ? r.nextDouble(-1, 1) : Double.longBitsToDouble(r.nextLong());
        }
        return x;
    }

    @Test
    void float32ExpIsWithinOneUlp() {
        if (!Simd.VECTOR) return;
        int n = 1_000_003;
        float[] x = floats(n, 1), z = new float[n];
        VectorMath.expF32(x, 0, z, 0, n, false);
        for (int i = 0; i < n; i++) {
            float want = (float) Math.exp(x[i]);
            if (Float.isNaN(want)) assertTrue(Float.isNaN(z[i]), "exp(" + x[i] + ")");
            else if (Float.isInfinite(want) || want == 0) assertEquals(want, z[i], "exp(" + x[i] + ")");
            else assertEquals(want, z[i], Math.ulp(want), "exp(" + x[i] + ")");
        }
    }

    @Test
    void float64ExpIsWithinTwoUlps() {
        if (!Simd.VECTOR) return;
        int n = 1_000_003;
        double[] x = doubles(n, 2), z = new double[n];
        VectorMath.expF64(x, 0, z, 0, n, false);
        for (int i = 0; i < n; i++) {
            double want = Math.exp(x[i]); // itself within 1 ulp of e^x
            if (Double.isNaN(want)) assertTrue(Double.isNaN(z[i]), "exp(" + x[i] + ")");
            else if (Double.isInfinite(want) || want == 0) assertEquals(want, z[i], "exp(" + x[i] + ")");
            else assertEquals(want, z[i], 2 * Math.ulp(want), "exp(" + x[i] + ")");
        }
    }

    @Test
    void float32LogIsWithinOneUlp() {
        if (!Simd.VECTOR) return;
        int n = 1_000_003;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[n], z = new float[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(4);
            // near 1 (where log is small and cancellation bites), ordinary values, all positive bit patterns
            x[i] = k == 0 ? (float) r.nextDouble(0.5, 2) : k == 1 ? (float) r.nextDouble(0, 1000)
                    : k == 2 ? 1 + (float) r.nextDouble(-1e-3, 1e-3) : Float.intBitsToFloat(r.nextInt() & 0x7fffffff);
        }
        VectorMath.logF32(x, 0, z, 0, n);
        for (int i = 0; i < n; i++) {
            float want = (float) Math.log(x[i]);
            if (Float.isNaN(want)) assertTrue(Float.isNaN(z[i]), "log(" + x[i] + ")");
            else if (Float.isInfinite(want) || want == 0) assertEquals(want, z[i], "log(" + x[i] + ")");
            else assertEquals(want, z[i], Math.ulp(want), "log(" + x[i] + ")");
        }
        float[] special = {0f, -0f, -1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 1f,
                Float.MIN_VALUE, Float.MIN_NORMAL, Float.MIN_NORMAL / 3, Float.MAX_VALUE, 2f, 0.5f};
        float[] zs = new float[special.length];
        VectorMath.logF32(special, 0, zs, 0, special.length);
        for (int i = 0; i < special.length; i++) {
            float want = (float) Math.log(special[i]);
            assertEquals(want, zs[i], Float.isFinite(want) && want != 0 ? Math.ulp(want) : 0, "log(" + special[i] + ")");
        }
    }

    @Test
    void specialValuesAndSigmoid() {
        if (!Simd.VECTOR) return;
        float[] xf = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.72f, 88.73f, -103.9f, -104.5f, 1f};
        float[] zf = new float[xf.length], sf = new float[xf.length];
        VectorMath.expF32(xf, 0, zf, 0, xf.length, false);
        VectorMath.expF32(xf, 0, sf, 0, xf.length, true);
        for (int i = 0; i < xf.length; i++) {
            float want = (float) Math.exp(xf[i]), sig = (float) (1 / (1 + Math.exp(-(double) xf[i])));
            assertEquals(want, zf[i], Float.isFinite(want) && want != 0 ? Math.ulp(want) : 0, "exp(" + xf[i] + ")");
            assertEquals(sig, sf[i], Float.isNaN(sig) ? 0 : 2 * Math.ulp(sig), "sigmoid(" + xf[i] + ")");
        }
        double[] xd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0, 709.78, 709.79, -745.1, -1001, 1};
        double[] zd = new double[xd.length], sd = new double[xd.length];
        VectorMath.expF64(xd, 0, zd, 0, xd.length, false);
        VectorMath.expF64(xd, 0, sd, 0, xd.length, true);
        for (int i = 0; i < xd.length; i++) {
            double want = Math.exp(xd[i]), sig = 1 / (1 + Math.exp(-xd[i]));
            assertEquals(want, zd[i], Double.isFinite(want) && want != 0 ? 2 * Math.ulp(want) : 0, "exp(" + xd[i] + ")");
            assertEquals(sig, sd[i], Double.isNaN(sig) ? 0 : 2 * Math.ulp(sig), "sigmoid(" + xd[i] + ")");
        }
    }

    @Test
    void aValuesResultDoesNotDependOnItsPlaceInTheRow() {
        if (!Simd.VECTOR) return;
        int n = 101;
        float[] x = floats(n, 3), whole = new float[n];
        double[] xd = doubles(n, 4), wholeD = new double[n];
        VectorMath.expF32(x, 0, whole, 0, n, false);
        VectorMath.expF64(xd, 0, wholeD, 0, n, false);
        float[] wholeLog = new float[n];
        VectorMath.logF32(x, 0, wholeLog, 0, n);
        for (int start = 0; start < 20; start++) {
            for (int len = 1; start + len <= n; len += 7) {
                float[] z = new float[n];
                double[] zd = new double[n];
                VectorMath.expF32(x, start, z, start, len, false);
                VectorMath.expF64(xd, start, zd, start, len, false);
                float[] zl = new float[n];
                VectorMath.logF32(x, start, zl, start, len);
                for (int i = start; i < start + len; i++) {
                    assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(z[i]), "float at " + i);
                    assertEquals(Double.doubleToRawLongBits(wholeD[i]), Double.doubleToRawLongBits(zd[i]), "double at " + i);
                    assertEquals(Float.floatToRawIntBits(wholeLog[i]), Float.floatToRawIntBits(zl[i]), "log at " + i);
                }
                assertEquals(0f, start > 0 ? z[start - 1] : 0f, "nothing written before the row");
                assertEquals(0f, start + len < n ? z[start + len] : 0f, "nothing written after the row");
            }
        }
    }

    /** Child JVM: a hash of exp and sigmoid over fixed values, after {@code args[0]} warm-up calls. */
    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        System.out.println("vector=" + Simd.VECTOR);
        int n = 4099;
        float[] x = floats(n, 5), z = new float[n];
        double[] xd = doubles(n, 6), zd = new double[n];
        for (int i = 0; i < warm; i++) {
            VectorMath.expF32(x, 0, z, 0, 64 + i % 7, (i & 1) == 0);
            VectorMath.expF64(xd, 0, zd, 0, 64 + i % 7, (i & 1) == 0);
            VectorMath.logF32(x, 0, z, 0, 64 + i % 7);
        }
        for (boolean sigmoid : new boolean[] {false, true}) {
            VectorMath.expF32(x, 0, z, 0, n, sigmoid);
            VectorMath.expF64(xd, 0, zd, 0, n, sigmoid);
            long h = 0;
            for (float v : z) h = h * 31 + Float.floatToRawIntBits(v);
            for (double v : zd) h = h * 31 + Double.doubleToRawLongBits(v);
            System.out.println((sigmoid ? "sigmoid " : "exp ") + Long.toHexString(h));
        }
        VectorMath.logF32(x, 0, z, 0, n);
        long h = 0;
        for (float v : z) h = h * 31 + Float.floatToRawIntBits(v);
        System.out.println("log " + Long.toHexString(h));
    }

    private static List<String> child(String... jvmFlags) throws Exception {
        String warm = jvmFlags[jvmFlags.length - 1].equals("-Xbatch") ? "30000" : "0";
        return ChildJvm.lines(VectorMathTest.class, List.of(jvmFlags), List.of(warm), "vector=", "exp ", "sigmoid ", "log ");
    }

    @Test
    void interpretedC1AndC2GiveTheSameBits() throws Exception {
        if (!Simd.VECTOR) return;
        // C1 does not intrinsify the Vector API: every lane operation runs its Java fallback
        List<String> fallback = child("-XX:TieredStopAtLevel=1");
        // compiled in the foreground after the warm-up, so the measured calls run C2's code
        List<String> c2 = child("-Xbatch");
        assertEquals("vector=true", fallback.get(0));
        assertEquals(fallback, c2);
    }
}
