package dev.jtorch.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and sigmoid over contiguous float32/float64 rows, and float32 log, with the Vector API, built only
 * from lane operations whose results Java defines to the bit (add, mul, fma, div, compares, integer shifts
 * and conversions), so that a value's result is the same in the interpreter, in C1 and in C2, and wherever
 * it sits in a row.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JDK computes it with {@code Math.exp} per lane until
 * C2 compiles the loop and with Intel's SVML afterwards, and the two differ in the last bit for some inputs.
 * When C2 finishes compiling depends on timing, so a training run's first few hundred steps (and with them
 * every later step, through the weights) differed from run to run: the chapter-5 CNN's batch losses
 * diverged in the 7th digit by batch 200 (its cross-entropy's log_softmax takes exp).
 *
 * <p>The method is SLEEF's {@code expf_u10} / {@code exp_u10} (Cody-Waite reduction by ln 2, a polynomial,
 * scaling by 2^q in two steps so that results near the subnormal range scale correctly), within 1 ulp.
 * log is Cephes' {@code logf} (mantissa in [sqrt(1/2), sqrt(2)), a degree-8 polynomial, ln 2 in two parts).
 * Loaded only when {@link Simd#VECTOR}.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length(), DL = D.length();

    // adding 1.5 * 2^23 rounds a float below 2^22 in magnitude to an integer (ties to even), which then
    // sits in the low bits of the sum's representation; likewise 1.5 * 2^52 for doubles
    private static final float F_MAGIC = 12582912f;
    private static final int F_MAGIC_BITS = Float.floatToRawIntBits(F_MAGIC);
    private static final double D_MAGIC = 6755399441055744.0;
    private static final long D_MAGIC_BITS = Double.doubleToRawLongBits(D_MAGIC);

    /** z = exp(x), or with {@code sigmoid} z = 1 / (1 + exp(-x)), over n contiguous float32 values. */
    static void expF32(float[] x, int xi, float[] z, int zi, int n, boolean sigmoid) {
        int end = F.loopBound(n);
        expBlocksF32(x, xi, z, zi, end, sigmoid);
        if (end < n) {
            // the tail through the same lanes, so that a value's result does not depend on its place in the row
            float[] pad = new float[FL];
            System.arraycopy(x, xi + end, pad, 0, n - end);
            expBlocksF32(pad, 0, pad, 0, FL, sigmoid);
            System.arraycopy(pad, 0, z, zi + end, n - end);
        }
    }

    /** float64 version of {@link #expF32}. */
    static void expF64(double[] x, int xi, double[] z, int zi, int n, boolean sigmoid) {
        int end = D.loopBound(n);
        expBlocksF64(x, xi, z, zi, end, sigmoid);
        if (end < n) {
            double[] pad = new double[DL];
            System.arraycopy(x, xi + end, pad, 0, n - end);
            expBlocksF64(pad, 0, pad, 0, DL, sigmoid);
            System.arraycopy(pad, 0, z, zi + end, n - end);
        }
    }

    /** z = log(x) over n contiguous float32 values. */
    static void logF32(float[] x, int xi, float[] z, int zi, int n) {
        int end = F.loopBound(n);
        logBlocksF32(x, xi, z, zi, end);
        if (end < n) {
            float[] pad = new float[FL];
            System.arraycopy(x, xi + end, pad, 0, n - end);
            logBlocksF32(pad, 0, pad, 0, FL);
            System.arraycopy(pad, 0, z, zi + end, n - end);
        }
    }

    // The loops below hold their whole computation: a vector passed to a method that C2 does not inline (these
    // bodies are over its size limit) would be boxed. Sigmoid goes through masks, not branches, for the same reason.

    private static void expBlocksF32(float[] x, int xi, float[] z, int zi, int n, boolean sigmoid) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += FL) {
            FloatVector d = FloatVector.fromArray(F, x, xi + i);
            if (sigmoid) d = d.neg();
            // no clamping: lanes outside [-104, 100] compute garbage here and are set by the blends at the end
            // (NaN passes through); Java's max/min cost several instructions per vector
            FloatVector r = d.mul(1.442695040888963407359924681001892137426645954152985934135449406931f).add(F_MAGIC);
            IntVector q = r.reinterpretAsInts().sub(F_MAGIC_BITS);
            FloatVector qf = r.sub(F_MAGIC);
            FloatVector s = qf.fma(FloatVector.broadcast(F, -0.693145751953125f), d);
            s = qf.fma(FloatVector.broadcast(F, -1.428606765330187045e-06f), s);
            FloatVector u = FloatVector.broadcast(F, 0.000198527617612853646278381f);
            u = u.fma(s, FloatVector.broadcast(F, 0.00139304355252534151077271f));
            u = u.fma(s, FloatVector.broadcast(F, 0.00833336077630519866943359f));
            u = u.fma(s, FloatVector.broadcast(F, 0.0416664853692054748535156f));
            u = u.fma(s, FloatVector.broadcast(F, 0.166666671633720397949219f));
            u = u.fma(s, FloatVector.broadcast(F, 0.5f));
            u = s.mul(s).fma(u, s).add(1f);
            // u * 2^q as u * 2^(q >> 1) * 2^(q - (q >> 1)): each factor a normal float even where 2^q is not
            IntVector q1 = q.lanewise(VectorOperators.ASHR, 1), q2 = q.sub(q1);
            u = u.mul(q1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(q2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            u = u.blend(0f, d.lt(-104f));
            u = u.blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f));
            if (sigmoid) u = one.div(u.add(one));
            u.intoArray(z, zi + i);
        }
    }

    private static void expBlocksF64(double[] x, int xi, double[] z, int zi, int n, boolean sigmoid) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < n; i += DL) {
            DoubleVector d = DoubleVector.fromArray(D, x, xi + i);
            if (sigmoid) d = d.neg();
            // no clamping: lanes outside [-1000, 709.78] are set by the blends at the end
            DoubleVector r = d.mul(1.442695040888963407359924681001892137426645954152985934135449406931).add(D_MAGIC);
            LongVector q = r.reinterpretAsLongs().sub(D_MAGIC_BITS);
            DoubleVector qf = r.sub(D_MAGIC);
            DoubleVector s = qf.fma(DoubleVector.broadcast(D, -.69314718055966295651160180568695068359375), d);
            s = qf.fma(DoubleVector.broadcast(D, -.28235290563031577122588448175013436025525412068e-12), s);
            DoubleVector u = DoubleVector.broadcast(D, +0.2081276378237164457e-8);
            u = u.fma(s, DoubleVector.broadcast(D, +0.2511210703042288022e-7));
            u = u.fma(s, DoubleVector.broadcast(D, +0.2755762628169491192e-6));
            u = u.fma(s, DoubleVector.broadcast(D, +0.2755723402025388239e-5));
            u = u.fma(s, DoubleVector.broadcast(D, +0.2480158687479686264e-4));
            u = u.fma(s, DoubleVector.broadcast(D, +0.1984126989855865850e-3));
            u = u.fma(s, DoubleVector.broadcast(D, +0.1388888888914497797e-2));
            u = u.fma(s, DoubleVector.broadcast(D, +0.8333333333314938210e-2));
            u = u.fma(s, DoubleVector.broadcast(D, +0.4166666666666602598e-1));
            u = u.fma(s, DoubleVector.broadcast(D, +0.1666666666666669072e+0));
            u = u.fma(s, DoubleVector.broadcast(D, +0.5));
            u = s.mul(s).fma(u, s).add(1.0);
            LongVector q1 = q.lanewise(VectorOperators.ASHR, 1), q2 = q.sub(q1);
            u = u.mul(q1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles())
                    .mul(q2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
            u = u.blend(0.0, d.lt(-1000.0));
            u = u.blend(Double.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 709.78271114955742909217217426));
            if (sigmoid) u = one.div(u.add(one));
            u.intoArray(z, zi + i);
        }
    }

    private static void logBlocksF32(float[] a, int xi, float[] z, int zi, int n) {
        for (int i = 0; i < n; i += FL) {
            FloatVector x = FloatVector.fromArray(F, a, xi + i);
            // subnormals scaled into the normal range first, so that the exponent field reads their exponent
            VectorMask<Float> sub = x.lt(Float.MIN_NORMAL);
            FloatVector xs = x.blend(x.mul(8388608f), sub);
            IntVector bits = xs.reinterpretAsInts();
            IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                    .sub(IntVector.zero(I).blend(23, sub.cast(I)));
            // mantissa m in [0.5, 1); below sqrt(1/2) it is doubled (and e lowered) so that f = m - 1 is small
            FloatVector m = bits.and(0x007FFFFF).or(0x3F000000).reinterpretAsFloats();
            VectorMask<Float> low = m.lt(0.707106781186547524f);
            e = e.sub(IntVector.zero(I).blend(1, low.cast(I)));
            FloatVector f = m.blend(m.add(m), low).sub(1f); // both exact
            FloatVector fe = (FloatVector) e.convert(VectorOperators.I2F, 0);
            FloatVector zz = f.mul(f);
            FloatVector p = FloatVector.broadcast(F, 7.0376836292E-2f);
            p = p.fma(f, FloatVector.broadcast(F, -1.1514610310E-1f));
            p = p.fma(f, FloatVector.broadcast(F, 1.1676998740E-1f));
            p = p.fma(f, FloatVector.broadcast(F, -1.2420140846E-1f));
            p = p.fma(f, FloatVector.broadcast(F, 1.4249322787E-1f));
            p = p.fma(f, FloatVector.broadcast(F, -1.6668057665E-1f));
            p = p.fma(f, FloatVector.broadcast(F, 2.0000714765E-1f));
            p = p.fma(f, FloatVector.broadcast(F, -2.4999993993E-1f));
            p = p.fma(f, FloatVector.broadcast(F, 3.3333331174E-1f));
            FloatVector y = f.mul(zz).mul(p);
            y = fe.fma(FloatVector.broadcast(F, -2.12194440e-4f), y);
            y = zz.fma(FloatVector.broadcast(F, -0.5f), y);
            FloatVector r = f.add(y);
            r = fe.fma(FloatVector.broadcast(F, 0.693359375f), r);
            // log(0) = -inf, log(inf) = inf, NaN below 0 and for NaN
            r = r.blend(Float.NEGATIVE_INFINITY, x.eq(0f));
            r = r.blend(Float.POSITIVE_INFINITY, x.eq(Float.POSITIVE_INFINITY));
            r.blend(Float.NaN, x.lt(0f).or(x.test(VectorOperators.IS_NAN))).intoArray(z, zi + i);
        }
    }
}
