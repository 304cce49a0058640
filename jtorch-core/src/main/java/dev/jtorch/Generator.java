package dev.jtorch;

import dev.jtorch.internal.LibM;
import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * A random number generator that reproduces PyTorch 1.13's CPU generator ({@code torch.Generator()},
 * and through {@link #defaultGenerator()} the one {@code torch.manual_seed} seeds) bit for bit.
 *
 * <p>The engine is a 32-bit Mersenne Twister (mt19937) seeded with the low 32 bits of the seed. A
 * 64-bit draw is two 32-bit draws, the first one giving the high half. The fill methods consume the
 * stream exactly as PyTorch's CPU kernels do for a contiguous tensor of {@code n} elements:
 * <ul>
 *   <li>float32 / float16 / bfloat16 uniforms take 24 / 11 / 8 bits of one 32-bit draw, float64
 *       uniforms 53 bits of a 64-bit draw;</li>
 *   <li>normal fills of at least 16 elements draw all uniforms first and transform them by Box-Muller in
 *       blocks of 16 (the last, partial block is redrawn whole); smaller ones draw per element with
 *       64-bit uniforms, keeping the second Box-Muller value for the next call, as PyTorch does;</li>
 *   <li>integers take one 32-bit draw per element, or a 64-bit one where the range needs it.</li>
 * </ul>
 *
 * <p>Floating-point details follow PyTorch's AVX2 kernels as a stock x86-64 build runs them
 * (multiply-adds fused, float32 normals through the vectorised log and sincos approximations, log,
 * sin and cos in double from the C library, see {@link LibM}). Setting the system property
 * {@code jtorch.rng.cpuCapability=default} reproduces instead a run with
 * {@code ATEN_CPU_CAPABILITY=default} (no AVX2 kernels).
 *
 * <p>{@link #getState()} uses PyTorch's own 5056-byte layout, so a state saved with
 * {@code torch.get_rng_state().numpy().tobytes()} can be loaded here and vice versa.
 *
 * <p>All methods are synchronized on the generator.
 */
public final class Generator {
    /** PyTorch's default CPU seed ({@code default_rng_seed_val}). */
    public static final long DEFAULT_SEED = 67280421310721L;

    /** Size in bytes of {@link #getState()}: PyTorch 1.13's {@code CPUGeneratorImplState}. */
    public static final int STATE_SIZE = 5056;
    private static final int LEGACY_STATE_SIZE = 5048;

    private static final int N = 624;
    private static final int M = 397;

    /** Whether PyTorch's AVX2 kernels are emulated (the default), or its generic ones. */
    private static final boolean AVX2 =
            !"default".equalsIgnoreCase(System.getProperty("jtorch.rng.cpuCapability", "avx2"));

    private static final Generator DEFAULT = new Generator();

    private final int[] state = new int[N];
    private int left;
    private int next;
    private long initialSeed;
    private boolean hasNextDoubleNormal;
    private double nextDoubleNormal;
    private boolean hasNextFloatNormal;
    private float nextFloatNormal;

    /** A generator seeded with {@link #DEFAULT_SEED}, like a fresh {@code torch.Generator()}. */
    public Generator() {
        manualSeed(DEFAULT_SEED);
    }

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide generator: the one {@code torch.manual_seed} seeds and functions use by default. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    // ------------------------------------------------------------------------------------ seeding

    /** Seeds the generator ({@code Generator.manual_seed}); clears the cached normal values. Returns this. */
    public synchronized Generator manualSeed(long seed) {
        initialSeed = seed;
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            int prev = state[j - 1];
            state[j] = 1812433253 * (prev ^ (prev >>> 30)) + j;
        }
        left = 1;
        next = 0;
        hasNextDoubleNormal = false;
        nextDoubleNormal = 0;
        hasNextFloatNormal = false;
        nextFloatNormal = 0;
        return this;
    }

    /** The seed last set ({@code Generator.initial_seed}); PyTorch's uint64 read as a signed long. */
    public synchronized long initialSeed() {
        return initialSeed;
    }

    /**
     * Reseeds from a non-deterministic source and returns the new seed ({@code Generator.seed}). Like
     * PyTorch the seed has 53 bits, so that it survives a round trip through a double.
     */
    public synchronized long seed() {
        long s = new SecureRandom().nextLong() & ((1L << 53) - 1);
        manualSeed(s);
        return s;
    }

    // ------------------------------------------------------------------------------------- state

    /** The full state in PyTorch 1.13's byte layout ({@code Generator.get_state()}), 5056 bytes. */
    public synchronized byte[] getState() {
        ByteBuffer b = ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, initialSeed);
        b.putInt(8, left);
        b.putInt(12, 1); // seeded
        b.putLong(16, next);
        for (int i = 0; i < N; i++) b.putLong(24 + 8 * i, Integer.toUnsignedLong(state[i]));
        int off = 24 + 8 * N; // 5016: normal_x, normal_y, normal_rho, normal_is_valid
        b.putDouble(off + 8, hasNextDoubleNormal ? nextDoubleNormal : 0.0);
        b.putInt(off + 24, hasNextDoubleNormal ? 1 : 0);
        b.putFloat(5048, hasNextFloatNormal ? nextFloatNormal : 0f);
        b.put(5052, (byte) (hasNextFloatNormal ? 1 : 0));
        return b.array();
    }

    /**
     * Restores a state from {@link #getState()} or from PyTorch ({@code torch.get_rng_state()} bytes; the
     * older 5048-byte legacy layout is accepted too).
     *
     * @throws IllegalArgumentException if the size is wrong or the engine state is invalid
     */
    public synchronized void setState(byte[] newState) {
        if (newState.length != STATE_SIZE && newState.length != LEGACY_STATE_SIZE) {
            throw new IllegalArgumentException("Expected either a CPUGeneratorImplStateLegacy of size "
                    + LEGACY_STATE_SIZE + " or a CPUGeneratorImplState of size " + STATE_SIZE
                    + " but found the input RNG state size to be " + newState.length);
        }
        ByteBuffer b = ByteBuffer.wrap(newState).order(ByteOrder.LITTLE_ENDIAN);
        long seed = b.getLong(0);
        int newLeft = b.getInt(8);
        int seeded = b.getInt(12);
        long newNext = b.getLong(16) & 0xFFFFFFFFL; // PyTorch keeps the low 32 bits
        if (seeded == 0 || newLeft <= 0 || newLeft > N || newNext > N) {
            throw new IllegalArgumentException("Invalid mt19937 state");
        }
        int off = 24 + 8 * N;
        boolean dValid = b.getInt(off + 24) != 0;
        double dSample = 0;
        boolean fValid = false;
        float fSample = 0;
        if (newState.length == STATE_SIZE) {
            dSample = b.getDouble(off + 8);
            fValid = b.get(5052) != 0;
            fSample = b.getFloat(5048);
        } else if (dValid) {
            // legacy layout: the cached value is rebuilt from the uniform and radius it kept
            double rho = b.getDouble(off + 16);
            double theta = 2.0 * Math.PI * b.getDouble(off);
            dSample = rho * LibM.sin(theta);
        }
        for (int i = 0; i < N; i++) state[i] = (int) b.getLong(24 + 8 * i);
        initialSeed = seed;
        left = newLeft;
        next = (int) newNext;
        hasNextDoubleNormal = dValid;
        nextDoubleNormal = dValid ? dSample : 0;
        hasNextFloatNormal = fValid;
        nextFloatNormal = fValid ? fSample : 0;
    }

    // ------------------------------------------------------------------------------- raw draws

    private void twist() {
        int[] s = state;
        for (int k = 0; k < N; k++) {
            int y = (s[k] & 0x80000000) | (s[k + 1 < N ? k + 1 : 0] & 0x7FFFFFFF);
            int k2 = k + M < N ? k + M : k + M - N;
            s[k] = s[k2] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908B0DF : 0);
        }
        left = N;
        next = 0;
    }

    /** One 32-bit draw (PyTorch's {@code random()}); read it as unsigned. */
    private int random32() {
        if (--left == 0) twist();
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y;
    }

    /** One 64-bit draw (PyTorch's {@code random64()}): the first 32-bit draw is the high half. */
    private long random64() {
        long hi = Integer.toUnsignedLong(random32());
        long lo = Integer.toUnsignedLong(random32());
        return (hi << 32) | lo;
    }

    private float uniformFloat01() {
        return (random32() & 0xFFFFFF) * 0x1p-24f;
    }

    private double uniformDouble01() {
        return (random64() & ((1L << 53) - 1)) * 0x1p-53;
    }

    /** The next raw 32-bit output of the engine (PyTorch's {@code random()}); read it as unsigned. */
    public synchronized int nextInt() {
        return random32();
    }

    /** The next raw 64-bit value (PyTorch's {@code random64()}, two 32-bit outputs, high half first). */
    public synchronized long nextLong() {
        return random64();
    }

    /** A double in [0, 1) from 53 bits of a 64-bit draw, as {@code torch.rand(1, dtype=float64)}. */
    public synchronized double nextDouble() {
        return uniformDouble01();
    }

    /** A float in [0, 1) from 24 bits of a 32-bit draw, as {@code torch.rand(1)}. */
    public synchronized float nextFloat() {
        return uniformFloat01();
    }

    /**
     * One standard normal value as PyTorch's scalar path draws it ({@code torch.randn(1, dtype=float64)}):
     * Box-Muller from two 53-bit uniforms, the second value kept for the next call.
     */
    public synchronized double nextGaussian() {
        return normalDouble(0.0, 1.0);
    }

    // ------------------------------------------------------------------------------- uniform

    /**
     * Fills {@code n} elements with uniform values in [from, to), as {@code torch.rand} and
     * {@code Tensor.uniform_(from, to)}. dtype must be floating.
     */
    public synchronized void uniform(MemorySegment out, DType dtype, long n, double from, double to) {
        dev.jtorch.graphs.Capture.checkRandom();
        checkCount(n);
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("\"uniform_kernel_cpu\" not implemented for '" + shortName(dtype) + "'");
        }
        double max = switch (dtype) {
            case FLOAT64 -> Double.MAX_VALUE;
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> Mem.bf16ToFloat((short) 0x7F7F);
            default -> Float.MAX_VALUE;
        };
        if (!(from >= -max && from <= max)) throw new IllegalArgumentException("from is out of bounds for " + dtype);
        if (!(to >= -max && to <= max)) throw new IllegalArgumentException("to is out of bounds for " + dtype);
        if (!(from <= to)) {
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from="
                    + from + " > to=" + to);
        }
        switch (dtype) {
            case FLOAT64 -> {
                double range = to - from;
                checkRange(range, Double.MAX_VALUE);
                for (long i = 0; i < n; i++) {
                    double x = (random64() & ((1L << 53) - 1)) * 0x1p-53;
                    out.setAtIndex(Mem.F64, i, madd(x, range, from));
                }
            }
            case FLOAT32 -> {
                float f = (float) from, t = (float) to;
                float range = t - f;
                checkRange(range, Float.MAX_VALUE);
                for (long i = 0; i < n; i++) {
                    float x = (random32() & 0xFFFFFF) * 0x1p-24f;
                    out.setAtIndex(Mem.F32, i, madd(x, range, f));
                }
            }
            case FLOAT16, BFLOAT16 -> {
                // computed in float from the 16-bit from, to and to - from, then rounded to 16 bits
                boolean half = dtype == DType.FLOAT16;
                float f = round16(half, (float) from), t = round16(half, (float) to);
                float range = round16(half, t - f);
                checkRange(range, half ? 65504f : Float.MAX_VALUE);
                int mask = half ? 0x7FF : 0xFF;
                float div = half ? 0x1p-11f : 0x1p-8f;
                for (long i = 0; i < n; i++) {
                    float x = (random32() & mask) * div;
                    Mem.setDouble(out, dtype, i, madd(x, range, f));
                }
            }
            default -> throw new AssertionError(dtype);
        }
    }

    private static void checkRange(double range, double max) {
        if (!(range <= max)) {
            throw new IllegalArgumentException("uniform_ expects to-from <= std::numeric_limits<>::max(), but found to-from="
                    + range);
        }
    }

    // -------------------------------------------------------------------------------- normal

    /**
     * Fills {@code n} elements with normal values ({@code torch.randn}, {@code Tensor.normal_(mean, std)}).
     * Fills of 16 elements or more use PyTorch's block Box-Muller (for float32 its AVX2 version), smaller
     * ones the per-element path with the cached second value. dtype must be floating.
     */
    public synchronized void normal(MemorySegment out, DType dtype, long n, double mean, double std) {
        dev.jtorch.graphs.Capture.checkRandom();
        checkCount(n);
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("\"normal_kernel_cpu\" not implemented for '" + shortName(dtype) + "'");
        }
        if (!(std >= 0.0)) {
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        }
        if (dtype == DType.FLOAT32 && n >= 16) {
            if (AVX2) normalFillFloatAvx2(out, n, (float) mean, (float) std);
            else normalFillFloat(out, n, (float) mean, (float) std);
        } else if (n >= 16) {
            if (dtype == DType.FLOAT64) normalFillDouble(out, n, mean, std);
            else normalFill16Bit(out, dtype, n, mean, std);
        } else {
            for (long i = 0; i < n; i++) Mem.setDouble(out, dtype, i, normalDouble(mean, std));
        }
    }

    /** PyTorch's {@code normal_distribution<double>}: Box-Muller with the sine value cached. */
    private double normalDouble(double mean, double std) {
        double ret;
        if (hasNextDoubleNormal) {
            hasNextDoubleNormal = false;
            ret = nextDoubleNormal;
        } else {
            double u1 = uniformDouble01();
            double u2 = uniformDouble01();
            double r = Math.sqrt(-2.0 * LibM.log(1.0 - u2));
            double theta = 2.0 * Math.PI * u1;
            nextDoubleNormal = r * LibM.sin(theta);
            hasNextDoubleNormal = true;
            ret = r * LibM.cos(theta);
        }
        return madd(ret, std, mean);
    }

    private void normalFillDouble(MemorySegment out, long n, double mean, double std) {
        for (long i = 0; i < n; i++) out.setAtIndex(Mem.F64, i, uniformDouble01());
        for (long i = 0; i + 16 <= n; i += 16) normalBlockDouble(out, i, mean, std);
        if (n % 16 != 0) {
            // PyTorch redraws the last 16 values whole and transforms them again
            for (long i = n - 16; i < n; i++) out.setAtIndex(Mem.F64, i, uniformDouble01());
            normalBlockDouble(out, n - 16, mean, std);
        }
    }

    private static void normalBlockDouble(MemorySegment d, long o, double mean, double std) {
        for (int j = 0; j < 8; j++) {
            double u1 = 1 - d.getAtIndex(Mem.F64, o + j);
            double u2 = d.getAtIndex(Mem.F64, o + j + 8);
            double radius = Math.sqrt(-2 * LibM.log(u1));
            double theta = 2.0 * Math.PI * u2;
            d.setAtIndex(Mem.F64, o + j, madd(radius * LibM.cos(theta), std, mean));
            d.setAtIndex(Mem.F64, o + j + 8, madd(radius * LibM.sin(theta), std, mean));
        }
    }

    /** float32 block Box-Muller, generic (non-AVX2) kernel: C library logf, cosf, sinf. */
    private void normalFillFloat(MemorySegment out, long n, float mean, float std) {
        for (long i = 0; i < n; i++) out.setAtIndex(Mem.F32, i, uniformFloat01());
        for (long i = 0; i + 16 <= n; i += 16) normalBlockFloat(out, i, mean, std);
        if (n % 16 != 0) {
            for (long i = n - 16; i < n; i++) out.setAtIndex(Mem.F32, i, uniformFloat01());
            normalBlockFloat(out, n - 16, mean, std);
        }
    }

    private static void normalBlockFloat(MemorySegment d, long o, float mean, float std) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1 - d.getAtIndex(Mem.F32, o + j);
            float u2 = d.getAtIndex(Mem.F32, o + j + 8);
            float radius = (float) Math.sqrt(-2 * LibM.logf(u1));
            float theta = (float) (2.0 * Math.PI * u2);
            d.setAtIndex(Mem.F32, o + j, madd(radius * LibM.cosf(theta), std, mean));
            d.setAtIndex(Mem.F32, o + j + 8, madd(radius * LibM.sinf(theta), std, mean));
        }
    }

    /** float16 / bfloat16 block Box-Muller: arithmetic in float, every named intermediate rounded to 16 bits. */
    private void normalFill16Bit(MemorySegment out, DType dtype, long n, double mean, double std) {
        boolean half = dtype == DType.FLOAT16;
        int mask = half ? 0x7FF : 0xFF;
        float div = half ? 0x1p-11f : 0x1p-8f;
        float m = round16(half, (float) mean), s = round16(half, (float) std);
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many elements: " + n);
        float[] buf = new float[(int) n];
        for (int i = 0; i < n; i++) buf[i] = (random32() & mask) * div;
        for (int i = 0; i + 16 <= n; i += 16) normalBlock16Bit(buf, i, half, m, s);
        if (n % 16 != 0) {
            int o = (int) n - 16;
            for (int i = o; i < n; i++) buf[i] = (random32() & mask) * div;
            normalBlock16Bit(buf, o, half, m, s);
        }
        for (int i = 0; i < n; i++) Mem.setDouble(out, dtype, i, buf[i]);
    }

    private static void normalBlock16Bit(float[] d, int o, boolean half, float mean, float std) {
        for (int j = 0; j < 8; j++) {
            float u1 = round16(half, 1 - d[o + j]);
            float u2 = d[o + j + 8];
            float theta = round16(half, (float) (2.0 * Math.PI * u2));
            if (half) {
                // c10::Half has no math overloads: log, cos, sin are the float ones, the products float
                float radius = round16(true, (float) Math.sqrt(-2 * LibM.logf(u1)));
                d[o + j] = round16(true, madd(radius * LibM.cosf(theta), std, mean));
                d[o + j + 8] = round16(true, madd(radius * LibM.sinf(theta), std, mean));
            } else {
                // c10::BFloat16 has std::log, std::sqrt, std::cos, std::sin overloads returning BFloat16,
                // and its arithmetic rounds every step to bfloat16
                float radius = round16(false, (float) Math.sqrt(-2 * round16(false, LibM.logf(u1))));
                float cos = round16(false, LibM.cosf(theta)), sin = round16(false, LibM.sinf(theta));
                d[o + j] = round16(false, round16(false, round16(false, radius * cos) * std) + mean);
                d[o + j + 8] = round16(false, round16(false, round16(false, radius * sin) * std) + mean);
            }
        }
    }

    /**
     * float32 block Box-Muller as PyTorch's AVX2 kernel computes it: the cephes-style vector log and
     * sincos approximations (avx_mathfun), with the multiply-adds the compiler fuses.
     */
    private void normalFillFloatAvx2(MemorySegment out, long n, float mean, float std) {
        for (long i = 0; i < n; i++) out.setAtIndex(Mem.F32, i, uniformFloat01());
        for (long i = 0; i + 16 <= n; i += 16) normalBlockFloatAvx2(out, i, mean, std);
        if (n % 16 != 0) {
            for (long i = n - 16; i < n; i++) out.setAtIndex(Mem.F32, i, uniformFloat01());
            normalBlockFloatAvx2(out, n - 16, mean, std);
        }
    }

    private static final float TWO_PI_F = (float) (2.0 * Math.PI);

    private static void normalBlockFloatAvx2(MemorySegment d, long o, float mean, float std) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1f - d.getAtIndex(Mem.F32, o + j);
            float u2 = d.getAtIndex(Mem.F32, o + j + 8);
            float radius = (float) Math.sqrt(-2f * vecLog(u1));
            float theta = TWO_PI_F * u2;
            long sc = vecSinCos(theta);
            float sin = Float.intBitsToFloat((int) (sc >>> 32)), cos = Float.intBitsToFloat((int) sc);
            d.setAtIndex(Mem.F32, o + j, Math.fma(radius * cos, std, mean));
            d.setAtIndex(Mem.F32, o + j + 8, Math.fma(radius * sin, std, mean));
        }
    }

    // cephes single-precision log coefficients
    private static final float[] LOG_P = {
        7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
        -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
    private static final float LOG_Q1 = -2.12194440e-4f, LOG_Q2 = 0.693359375f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    /** One lane of avx_mathfun's log256_ps (argument in (0, 1] here). */
    private static float vecLog(float x) {
        if (!(x > 0f)) return Float.NaN; // the kernel ORs in an all-ones mask for x <= 0
        x = Math.max(x, Float.MIN_NORMAL);
        int bits = Float.floatToRawIntBits(x);
        float e = (float) ((bits >>> 23) - 0x7F) + 1f;
        x = Float.intBitsToFloat((bits & ~0x7F800000) | 0x3F000000); // mantissa in [0.5, 1)
        float tmp = 0f;
        if (x < SQRT_HALF) {
            e -= 1f;
            tmp = x;
        }
        x = (x - 1f) + tmp;
        float z = x * x;
        float y = LOG_P[0];
        for (int k = 1; k < LOG_P.length; k++) y = Math.fma(y, x, LOG_P[k]);
        y = y * x;
        y = Math.fma(y, z, e * LOG_Q1);
        y = Math.fma(-z, 0.5f, y);
        x = x + y;
        return Math.fma(e, LOG_Q2, x);
    }

    private static final float FOPI = 1.27323954473516f; // 4 / pi
    private static final float DP1 = -0.78515625f, DP2 = -2.4187564849853515625e-4f, DP3 = -3.77489497744594108e-8f;
    private static final float SIN_P0 = -1.9515295891E-4f, SIN_P1 = 8.3321608736E-3f, SIN_P2 = -1.6666654611E-1f;
    private static final float COS_P0 = 2.443315711809948E-005f, COS_P1 = -1.388731625493765E-003f,
            COS_P2 = 4.166664568298827E-002f;

    /** One lane of avx_mathfun's sincos256_ps; returns sin in the high 32 bits, cos in the low. */
    private static long vecSinCos(float x) {
        boolean negative = Float.floatToRawIntBits(x) < 0;
        x = Math.abs(x);
        int j = (int) (x * FOPI);
        j = (j + 1) & ~1;
        float y = j;
        boolean sinFlip = negative ^ ((j & 4) != 0);
        boolean cosFlip = ((j - 2) & 4) == 0;
        boolean sinPolyFirst = (j & 2) == 0; // sin from the sine polynomial, cos from the cosine one
        x = Math.fma(y, DP1, x);
        x = Math.fma(y, DP2, x);
        x = Math.fma(y, DP3, x);
        float z = x * x;
        float yc = Math.fma(Math.fma(COS_P0, z, COS_P1), z, COS_P2);
        yc = yc * z;
        yc = Math.fma(yc, z, -(z * 0.5f)) + 1f;
        float ys = Math.fma(Math.fma(SIN_P0, z, SIN_P1), z, SIN_P2);
        ys = ys * z;
        ys = Math.fma(ys, x, x);
        float sin = sinPolyFirst ? ys : yc;
        float cos = sinPolyFirst ? yc : ys;
        // the kernel builds these as (a - a) + b sums of masked lanes: adding +0 keeps -0 from appearing
        sin = sin + 0f;
        cos = cos + 0f;
        if (sinFlip) sin = -sin;
        if (cosFlip) cos = -cos;
        return ((long) Float.floatToRawIntBits(sin) << 32) | (Float.floatToRawIntBits(cos) & 0xFFFFFFFFL);
    }

    // ------------------------------------------------------------------------------- integers

    /**
     * Fills {@code n} elements with integers uniform in [low, high) ({@code torch.randint},
     * {@code Tensor.random_(low, high)}), converted to dtype as C does. One 32-bit draw per element,
     * or a 64-bit one when high - low is at least 2^32 and dtype is int64, float64, float32 or bfloat16.
     */
    public synchronized void randint(MemorySegment out, DType dtype, long n, long low, long high) {
        dev.jtorch.graphs.Capture.checkRandom();
        checkCount(n);
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from="
                    + low + " >= to=" + high);
        }
        if (dtype.isFloatingPoint()) {
            // PyTorch moves bounds the dtype cannot hold exactly inwards to representable values
            low = updateFrom(dtype, low);
            high = updateTo(dtype, high);
            if (low >= high) {
                throw new IllegalArgumentException("random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from="
                        + low + " >= to=" + high);
            }
        }
        checkIntBounds(dtype, low, high);
        long range = high - low; // as unsigned
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0
                && (dtype == DType.INT64 || dtype == DType.FLOAT64 || dtype == DType.FLOAT32 || dtype == DType.BFLOAT16);
        for (long i = 0; i < n; i++) {
            long v = wide ? random64() : Integer.toUnsignedLong(random32());
            Mem.setLong(out, dtype, i, Long.remainderUnsigned(v, range) + low);
        }
    }

    /** static_cast<int64_t>(static_cast<scalar_t>(v)) for a floating dtype, as x86 performs it. */
    private static long throughFloat(DType dtype, long v) {
        double f = switch (dtype) {
            case FLOAT64 -> (double) v;
            case FLOAT32 -> (float) v;
            default -> round16(dtype == DType.FLOAT16, (float) v);
        };
        return Mem.doubleToLong(f);
    }

    private static int digits(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> 53;
            case FLOAT32 -> 24;
            case FLOAT16 -> 11;
            default -> 8;
        };
    }

    private static long updateFrom(DType dtype, long from) {
        long fromPlus1 = throughFloat(dtype, from + 1);
        if (fromPlus1 < from) {
            long a = Math.abs(from + 1);
            int n = 63 - Long.numberOfLeadingZeros(a);
            from = fromPlus1 + (1L << (n - digits(dtype) + 1));
        }
        return from;
    }

    private static long updateTo(DType dtype, long to) {
        long toMinus1 = throughFloat(dtype, to - 1);
        if (toMinus1 >= to) {
            long a = Math.abs(to - 1);
            int n = 63 - Long.numberOfLeadingZeros(a);
            to = toMinus1 - (1L << (n - digits(dtype) + 1));
        }
        return to;
    }

    private static void checkIntBounds(DType dtype, long low, long high) {
        long min, max;
        switch (dtype) {
            case FLOAT16 -> { min = -65504; max = 65504; }
            case BOOL -> { min = 0; max = 1; }
            case UINT8 -> { min = 0; max = 255; }
            case INT8 -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
            case INT16 -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case INT32 -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> { return; }
        }
        if (low < min || low > max) {
            throw new IllegalArgumentException("from is out of bounds for " + dtype);
        }
        if (high - 1 < min || high - 1 > max) {
            throw new IllegalArgumentException("to - 1 is out of bounds for " + dtype);
        }
    }

    /**
     * A random permutation of 0..n-1 ({@code torch.randperm(n)}): PyTorch's Fisher-Yates, one 32-bit draw
     * per position but the last.
     */
    public synchronized long[] randperm(long n) {
        dev.jtorch.graphs.Capture.checkRandom();
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got" + n);
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("randperm: n too large for a Java array: " + n);
        long[] r = new long[(int) n];
        for (int i = 0; i < n; i++) r[i] = i;
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (Integer.toUnsignedLong(random32()) % (n - i));
            long t = r[i];
            r[i] = r[z + i];
            r[z + i] = t;
        }
        return r;
    }

    // ------------------------------------------------------------------------------ bernoulli

    /**
     * Fills {@code n} elements with 1 with probability p, else 0 ({@code Tensor.bernoulli_(p)}, as dropout
     * uses it): one 53-bit double uniform per element, 1 when it is below p.
     *
     * <p>This is PyTorch's generic kernel. Builds with MKL on Intel processors draw {@code bernoulli_(p)}
     * from MKL's own stream instead, which is not reproduced.
     */
    public synchronized void bernoulli(MemorySegment out, DType dtype, long n, double p) {
        dev.jtorch.graphs.Capture.checkRandom();
        checkCount(n);
        if (dtype == DType.FLOAT16) {
            throw new IllegalArgumentException("\"bernoulli_scalar_cpu_\" not implemented for 'Half'");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
        for (long i = 0; i < n; i++) {
            Mem.setLong(out, dtype, i, uniformDouble01() < p ? 1 : 0);
        }
    }

    /**
     * Fills {@code n} elements with 1 with probability probs[i] ({@code torch.bernoulli(probs)},
     * {@code Tensor.bernoulli_(probs)}). float64 probabilities take a 53-bit double uniform each, the
     * other floating types a 24-bit float one compared in float. As in PyTorch 1.13, float16 is refused
     * both as output and as probabilities.
     *
     * @throws IllegalArgumentException if a probability is outside [0, 1] (the draws before it are spent,
     *     as in PyTorch) or probsDtype is not floating
     */
    public synchronized void bernoulli(MemorySegment out, DType dtype, long n, MemorySegment probs, DType probsDtype) {
        dev.jtorch.graphs.Capture.checkRandom();
        checkCount(n);
        if (dtype == DType.FLOAT16) {
            throw new IllegalArgumentException("\"bernoulli_tensor_cpu_self_\" not implemented for 'Half'");
        }
        if (!probsDtype.isFloatingPoint() || probsDtype == DType.FLOAT16) {
            throw new IllegalArgumentException("\"bernoulli_tensor_cpu_p_\" not implemented for '" + shortName(probsDtype) + "'");
        }
        if (probsDtype == DType.FLOAT64) {
            for (long i = 0; i < n; i++) {
                double p = probs.getAtIndex(Mem.F64, i);
                checkP(p);
                Mem.setLong(out, dtype, i, uniformDouble01() < p ? 1 : 0);
            }
        } else {
            for (long i = 0; i < n; i++) {
                float p = (float) Mem.getDouble(probs, probsDtype, i);
                checkP(p);
                Mem.setLong(out, dtype, i, uniformFloat01() < p ? 1 : 0);
            }
        }
    }

    private static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Expected p_in >= 0 && p_in <= 1 to be true, but got false: p=" + p);
    }

    // -------------------------------------------------------------------------------- helpers

    /** The C expression a * b + c as PyTorch's AVX2 build compiles it (fused), or plain without AVX2. */
    private static double madd(double a, double b, double c) {
        return AVX2 ? Math.fma(a, b, c) : a * b + c;
    }

    private static float madd(float a, float b, float c) {
        return AVX2 ? Math.fma(a, b, c) : a * b + c;
    }

    /** Rounds a float to float16 (half) or bfloat16 and back. */
    private static float round16(boolean half, float v) {
        return half ? Float.float16ToFloat(Float.floatToFloat16(v)) : Mem.bf16ToFloat(Mem.floatToBf16(v));
    }

    private static void checkCount(long n) {
        if (n < 0) throw new IllegalArgumentException("negative element count " + n);
    }

    private static String shortName(DType t) {
        return switch (t) {
            case BOOL -> "Bool";
            case UINT8 -> "Byte";
            case INT8 -> "Char";
            case INT16 -> "Short";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
        };
    }
}
