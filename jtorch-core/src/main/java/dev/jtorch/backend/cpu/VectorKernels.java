package dev.jtorch.backend.cpu;

import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over contiguous float32/float64 rows for {@link ArrayKernels}. Every loop is written out
 * in full (no vector passed to a helper, which would box it), with a scalar tail computing the same formula.
 * exp, sigmoid and float32 log use {@link VectorMath}; tanh and float64 log are left to the scalar loops
 * ({@code Math.tanh}, {@code Math.log}): the JDK's vector versions (SVML on x86) give other last bits than
 * their Java fallback, so results would depend on when C2 compiles the loop (see {@link VectorMath}).
 * Loaded only when {@link Simd#VECTOR}.
 */
final class VectorKernels {
    private VectorKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int FL = F.length(), DL = D.length();

    static boolean supports(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQUARE, SQRT, EXP, SIGMOID, RELU, RECIPROCAL -> true;
            default -> false;
        };
    }

    /** Whether the float32 loop {@link #unaryF32} takes op (float64 has no vector log). */
    static boolean supportsF32(UnaryOp op) { return supports(op) || op == UnaryOp.LOG; }

    // ------------------------------------------------------------------ binary, float32

    /** z = x op y over n contiguous elements (op is ADD, SUB, MUL or DIV). */
    static void binaryF32(BinaryOp op, float[] x, int xi, float[] y, int yi, float[] z, int zi, int n) {
        int i = 0, end = F.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).add(FloatVector.fromArray(F, y, yi + i)).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i]; }
            case SUB -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).sub(FloatVector.fromArray(F, y, yi + i)).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i]; }
            case MUL -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).mul(FloatVector.fromArray(F, y, yi + i)).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i]; }
            default -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).div(FloatVector.fromArray(F, y, yi + i)).intoArray(z, zi + i);
                         for (; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i]; }
        }
    }

    /** z = x op c, or c op x when {@code scalarFirst}. */
    static void binaryScalarF32(BinaryOp op, float[] x, int xi, float c, boolean scalarFirst, float[] z, int zi, int n) {
        int i = 0, end = F.loopBound(n);
        FloatVector cv = FloatVector.broadcast(F, c);
        switch (op) {
            case ADD -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).add(cv).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] + c; }
            case MUL -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).mul(cv).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] * c; }
            case SUB -> {
                if (scalarFirst) { for (; i < end; i += FL) cv.sub(FloatVector.fromArray(F, x, xi + i)).intoArray(z, zi + i);
                                   for (; i < n; i++) z[zi + i] = c - x[xi + i]; }
                else { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).sub(cv).intoArray(z, zi + i);
                       for (; i < n; i++) z[zi + i] = x[xi + i] - c; }
            }
            default -> {
                if (scalarFirst) { for (; i < end; i += FL) cv.div(FloatVector.fromArray(F, x, xi + i)).intoArray(z, zi + i);
                                   for (; i < n; i++) z[zi + i] = c / x[xi + i]; }
                else { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).div(cv).intoArray(z, zi + i);
                       for (; i < n; i++) z[zi + i] = x[xi + i] / c; }
            }
        }
    }

    // ------------------------------------------------------------------ binary, float64

    static void binaryF64(BinaryOp op, double[] x, int xi, double[] y, int yi, double[] z, int zi, int n) {
        int i = 0, end = D.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).add(DoubleVector.fromArray(D, y, yi + i)).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] + y[yi + i]; }
            case SUB -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).sub(DoubleVector.fromArray(D, y, yi + i)).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] - y[yi + i]; }
            case MUL -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).mul(DoubleVector.fromArray(D, y, yi + i)).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] * y[yi + i]; }
            default -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).div(DoubleVector.fromArray(D, y, yi + i)).intoArray(z, zi + i);
                         for (; i < n; i++) z[zi + i] = x[xi + i] / y[yi + i]; }
        }
    }

    static void binaryScalarF64(BinaryOp op, double[] x, int xi, double c, boolean scalarFirst, double[] z, int zi, int n) {
        int i = 0, end = D.loopBound(n);
        DoubleVector cv = DoubleVector.broadcast(D, c);
        switch (op) {
            case ADD -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).add(cv).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] + c; }
            case MUL -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).mul(cv).intoArray(z, zi + i);
                          for (; i < n; i++) z[zi + i] = x[xi + i] * c; }
            case SUB -> {
                if (scalarFirst) { for (; i < end; i += DL) cv.sub(DoubleVector.fromArray(D, x, xi + i)).intoArray(z, zi + i);
                                   for (; i < n; i++) z[zi + i] = c - x[xi + i]; }
                else { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).sub(cv).intoArray(z, zi + i);
                       for (; i < n; i++) z[zi + i] = x[xi + i] - c; }
            }
            default -> {
                if (scalarFirst) { for (; i < end; i += DL) cv.div(DoubleVector.fromArray(D, x, xi + i)).intoArray(z, zi + i);
                                   for (; i < n; i++) z[zi + i] = c / x[xi + i]; }
                else { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).div(cv).intoArray(z, zi + i);
                       for (; i < n; i++) z[zi + i] = x[xi + i] / c; }
            }
        }
    }

    // ------------------------------------------------------------------ unary

    /** z = op(x) over n contiguous float32 elements, for ops where {@link #supports} holds. */
    static void unaryF32(UnaryOp op, float[] x, int xi, float[] z, int zi, int n) {
        int i = 0, end = F.loopBound(n);
        switch (op) {
            case NEG -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).neg().intoArray(z, zi + i); }
            case ABS -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).abs().intoArray(z, zi + i); }
            case SQUARE -> { for (; i < end; i += FL) { FloatVector v = FloatVector.fromArray(F, x, xi + i); v.mul(v).intoArray(z, zi + i); } }
            case SQRT -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).sqrt().intoArray(z, zi + i); }
            case EXP -> { VectorMath.expF32(x, xi, z, zi, n, false); return; }
            case LOG -> { VectorMath.logF32(x, xi, z, zi, n); return; }
            case SIGMOID -> { VectorMath.expF32(x, xi, z, zi, n, true); return; }
            case RELU -> { for (; i < end; i += FL) FloatVector.fromArray(F, x, xi + i).max(0f).intoArray(z, zi + i); }
            case RECIPROCAL -> { for (; i < end; i += FL) FloatVector.broadcast(F, 1f).div(FloatVector.fromArray(F, x, xi + i)).intoArray(z, zi + i); }
            default -> throw new IllegalArgumentException(op.name());
        }
        for (; i < n; i++) z[zi + i] = (float) op.apply(x[xi + i], 0, 0);
    }

    static void unaryF64(UnaryOp op, double[] x, int xi, double[] z, int zi, int n) {
        int i = 0, end = D.loopBound(n);
        switch (op) {
            case NEG -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).neg().intoArray(z, zi + i); }
            case ABS -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).abs().intoArray(z, zi + i); }
            case SQUARE -> { for (; i < end; i += DL) { DoubleVector v = DoubleVector.fromArray(D, x, xi + i); v.mul(v).intoArray(z, zi + i); } }
            case SQRT -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).sqrt().intoArray(z, zi + i); }
            case EXP -> { VectorMath.expF64(x, xi, z, zi, n, false); return; }
            case SIGMOID -> { VectorMath.expF64(x, xi, z, zi, n, true); return; }
            case RELU -> { for (; i < end; i += DL) DoubleVector.fromArray(D, x, xi + i).max(0.0).intoArray(z, zi + i); }
            case RECIPROCAL -> { for (; i < end; i += DL) DoubleVector.broadcast(D, 1.0).div(DoubleVector.fromArray(D, x, xi + i)).intoArray(z, zi + i); }
            default -> throw new IllegalArgumentException(op.name());
        }
        for (; i < n; i++) z[zi + i] = op.apply(x[xi + i], 0, 0);
    }

    // ------------------------------------------------------------------ reductions over a contiguous run

    /**
     * Sum of n contiguous float32 values: eight float vector accumulators over blocks of 2048 elements (so a
     * lane adds at most 16 values, plus a few more in the last block), each block's lanes then widened to
     * double and added lane by lane to double accumulators ({@link #addLanes}), which are added in index order once at the
     * end. Error stays near float32 rounding of the short lane sums, and 10^8 ones sum to 1e8 exactly.
     * Eight accumulators rather than four: two cores streaming a 1e6-element row from L3 finish about 5%
     * sooner, and a row in L2 about 10% sooner. Runs of 1024 and more first add the values before the next
     * cache line ({@link HeapLayout}) in double, so that every vector load reads one whole line: a 1e6 sum
     * took 20-21 instead of 21.5-22 us. The bits therefore depend on where the run starts in its array, as
     * well as on n, but never on the thread count.
     */
    static double sumF32(float[] x, int xi, int n) {
        return sumF32(x, xi, n, new float[FL], new double[FL]);
    }

    /**
     * {@link #sumF32} with the caller's scratch: {@code block32} and {@code lanes} of {@link #FL} elements
     * ({@code lanes} is cleared here), for callers that sum many short rows.
     */
    static double sumF32(float[] x, int xi, int n, float[] block32, double[] lanes) {
        double tail = 0;
        int head = n >= 1024 ? HeapLayout.floatsToLine(xi) : 0; // whole-line loads: see sumF32Stream
        for (int i = 0; i < head; i++) tail += x[xi + i];
        xi += head;
        n -= head;
        int block = 2048, step = 8 * FL;
        // a single block's lanes are the result's lanes: 0.0 + v differs from v only for v = -0.0, which
        // leaves a running total that starts at +0.0 unchanged either way, so skipping the double lanes
        // gives the same bits (and short rows, such as softmax's, half the work)
        boolean single = n <= block;
        if (!single) java.util.Arrays.fill(lanes, 0.0);
        for (int b = 0; b < n; b += block) {
            int m = Math.min(block, n - b), s = xi + b, i = 0, end8 = m - m % step, end1 = m - m % FL;
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            FloatVector a4 = FloatVector.zero(F), a5 = FloatVector.zero(F), a6 = FloatVector.zero(F), a7 = FloatVector.zero(F);
            for (; i < end8; i += step) {
                a0 = a0.add(FloatVector.fromArray(F, x, s + i));
                a1 = a1.add(FloatVector.fromArray(F, x, s + i + FL));
                a2 = a2.add(FloatVector.fromArray(F, x, s + i + 2 * FL));
                a3 = a3.add(FloatVector.fromArray(F, x, s + i + 3 * FL));
                a4 = a4.add(FloatVector.fromArray(F, x, s + i + 4 * FL));
                a5 = a5.add(FloatVector.fromArray(F, x, s + i + 5 * FL));
                a6 = a6.add(FloatVector.fromArray(F, x, s + i + 6 * FL));
                a7 = a7.add(FloatVector.fromArray(F, x, s + i + 7 * FL));
            }
            for (; i < end1; i += FL) a0 = a0.add(FloatVector.fromArray(F, x, s + i));
            a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).intoArray(block32, 0);
            if (!single) addLanes(block32, lanes);
            for (; i < m; i++) tail += x[s + i];
        }
        double total = 0;
        if (!single) for (double lane : lanes) total += lane;
        else if (n > 0) for (float lane : block32) total += lane;
        return total + tail;
    }

    /**
     * lanes[l] += block[l] in double, lane by lane: exact widening and fixed double adds, so a sum does not
     * depend on whether C2 has compiled its loop (reduceLanes(ADD) leaves the lane order to the
     * implementation). Scalar rather than a vector {@code convertShape(F2D)}: until C2 compiles the kernel,
     * the Vector API's conversion runs its Java fallback, which made the first thousand float32 sums of the
     * book's restore cost 80 instead of 0.5 us each; compiled, the 16 adds per 2048 values do not show.
     */
    private static void addLanes(float[] block, double[] lanes) {
        for (int l = 0; l < block.length; l++) lanes[l] += block[l];
    }

    /**
     * {@link #sumF32} for rows much bigger than the last-level cache, which stream from memory. After the
     * few leading values that end the first cache line (as {@link HeapLayout} places it), the run is read
     * as four streams at once, its four quarters side by side, each load one whole line. Both matter on the
     * 2-core EPYC of BENCHMARKS.md (one thread, 1.6e7 floats): front to back with loads that straddle lines
     * 39 GB/s, four streams 49, four streams of whole lines 57-60; PyTorch 46-50. Each quarter's lanes add
     * at most 32 values in float per sub-block of 512; the four are added lanewise, widened to double and
     * accumulated per lane ({@link #addLanes}), the lanes added in index order at the end; the values before the
     * first line and after the last whole 4 x 16 are added in double. Every step is a fixed lanewise
     * operation, so the bits depend only on n and on where the run starts, not on threads or on whether C2
     * has compiled the loop.
     */
    static double sumF32Stream(float[] x, int xi, int n) {
        int head = Math.min(n, HeapLayout.floatsToLine(xi));
        int q = (n - head) / (4 * FL) * FL, sub = 32 * FL;
        int s0 = xi + head, s1 = s0 + q, s2 = s1 + q, s3 = s2 + q;
        float[] block32 = new float[FL];
        double[] lanes = new double[FL];
        for (int t = 0; t < q; t += sub) {
            int end = Math.min(q, t + sub);
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            for (int i = t; i < end; i += FL) {
                a0 = a0.add(FloatVector.fromArray(F, x, s0 + i));
                a1 = a1.add(FloatVector.fromArray(F, x, s1 + i));
                a2 = a2.add(FloatVector.fromArray(F, x, s2 + i));
                a3 = a3.add(FloatVector.fromArray(F, x, s3 + i));
            }
            a0.add(a1).add(a2.add(a3)).intoArray(block32, 0);
            addLanes(block32, lanes);
        }
        double total = 0;
        for (double lane : lanes) total += lane;
        for (int i = 0; i < head; i++) total += x[xi + i];
        for (int i = head + 4 * q; i < n; i++) total += x[xi + i];
        return total;
    }

    /** Sum of n contiguous float64 values: four vector accumulators over blocks, blocks summed in order. */
    static double sumF64(double[] x, int xi, int n) {
        double total = 0;
        double[] lanes = new double[DL];
        int block = 2048;
        for (int b = 0; b < n; b += block) {
            int m = Math.min(block, n - b), s = xi + b, i = 0, end4 = m - m % (4 * DL);
            DoubleVector a0 = DoubleVector.zero(D), a1 = DoubleVector.zero(D), a2 = DoubleVector.zero(D), a3 = DoubleVector.zero(D);
            for (; i < end4; i += 4 * DL) {
                a0 = a0.add(DoubleVector.fromArray(D, x, s + i));
                a1 = a1.add(DoubleVector.fromArray(D, x, s + i + DL));
                a2 = a2.add(DoubleVector.fromArray(D, x, s + i + 2 * DL));
                a3 = a3.add(DoubleVector.fromArray(D, x, s + i + 3 * DL));
            }
            a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
            double t = 0;
            for (double lane : lanes) t += lane;
            for (; i < m; i++) t += x[s + i];
            total += t;
        }
        return total;
    }

    /** Max (or min) of n >= 1 contiguous values; NaN if any value is NaN, as torch.max. */
    static float maxF32(float[] x, int xi, int n, boolean min) {
        int i = 0, end = F.loopBound(n);
        float r = x[xi];
        if (end > 0) {
            FloatVector acc = FloatVector.fromArray(F, x, xi);
            // Math.max/min semantics per lane: a NaN lane stays NaN
            if (min) { for (i = FL; i < end; i += FL) acc = acc.min(FloatVector.fromArray(F, x, xi + i)); r = acc.reduceLanes(VectorOperators.MIN); }
            else { for (i = FL; i < end; i += FL) acc = acc.max(FloatVector.fromArray(F, x, xi + i)); r = acc.reduceLanes(VectorOperators.MAX); }
        }
        for (; i < n; i++) r = min ? Math.min(r, x[xi + i]) : Math.max(r, x[xi + i]);
        return r;
    }

    static double maxF64(double[] x, int xi, int n, boolean min) {
        int i = 0, end = D.loopBound(n);
        double r = x[xi];
        if (end > 0) {
            DoubleVector acc = DoubleVector.fromArray(D, x, xi);
            if (min) { for (i = DL; i < end; i += DL) acc = acc.min(DoubleVector.fromArray(D, x, xi + i)); r = acc.reduceLanes(VectorOperators.MIN); }
            else { for (i = DL; i < end; i += DL) acc = acc.max(DoubleVector.fromArray(D, x, xi + i)); r = acc.reduceLanes(VectorOperators.MAX); }
        }
        for (; i < n; i++) r = min ? Math.min(r, x[xi + i]) : Math.max(r, x[xi + i]);
        return r;
    }

    /** First position of v among n contiguous values (v NaN: the first NaN), or -1. */
    static int indexOfF32(float[] x, int xi, int n, float v) {
        int i = 0, end = F.loopBound(n);
        boolean nan = Float.isNaN(v);
        for (; i < end; i += FL) {
            FloatVector w = FloatVector.fromArray(F, x, xi + i);
            var hit = nan ? w.test(VectorOperators.IS_NAN) : w.eq(v);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        for (; i < n; i++) if (nan ? Float.isNaN(x[xi + i]) : x[xi + i] == v) return i;
        return -1;
    }

    static int indexOfF64(double[] x, int xi, int n, double v) {
        int i = 0, end = D.loopBound(n);
        boolean nan = Double.isNaN(v);
        for (; i < end; i += DL) {
            DoubleVector w = DoubleVector.fromArray(D, x, xi + i);
            var hit = nan ? w.test(VectorOperators.IS_NAN) : w.eq(v);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        for (; i < n; i++) if (nan ? Double.isNaN(x[xi + i]) : x[xi + i] == v) return i;
        return -1;
    }
}
