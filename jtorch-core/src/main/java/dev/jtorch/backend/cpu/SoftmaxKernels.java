package dev.jtorch.backend.cpu;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.backend.SoftmaxOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * softmax, log_softmax and logsumexp over the last dim of contiguous float32/float64 rows, a row at a time
 * while it is in cache, in place of the op layer's five whole-tensor passes with their fresh temporaries
 * (max, x - max, exp, sum, then divide or subtract the log). Every value goes through the same operations
 * as in that composition: the row's max ({@link VectorKernels#maxF32}), x - max, {@link VectorMath}'s exp,
 * the row's sum ({@link ArrayKernels#sumRun}, from the same start index), then the division, or the log of
 * the sum ({@link VectorMath#logF32} for float32, {@code Math.log} for float64, as the unary kernels) subtracted
 * from x - max or, for logsumexp, added to the max (a max of +-inf counting as 0 there). So results do not
 * change with this kernel, and rows split over threads give the same bits for any thread count.
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Elements per chunk of rows given to one thread. */
    private static final long GRAIN = 1 << 15;

    /** A contiguous float32/float64 heap tensor of at least one dim and one element. */
    static boolean supports(Tensor x) {
        DType t = x.dtype();
        return (t == DType.FLOAT32 || t == DType.FLOAT64) && x.dim() > 0 && x.numel() > 0 && x.numel() <= Integer.MAX_VALUE
                && x.isContiguous() && x.storage().array() != null;
    }

    static void run(SoftmaxOp op, Tensor x, Tensor out) {
        int n = (int) x.shapeRef()[x.dim() - 1], rows = (int) (x.numel() / n);
        int xo = (int) x.storageOffset(), zo = (int) out.storageOffset();
        Parallel.forRange(rows, Math.max(1, GRAIN / n), 1, (r0, r1) -> {
            if (x.dtype() == DType.FLOAT32) rowsF32(op, (float[]) x.storage().array(), xo, (float[]) out.storage().array(), zo, n, (int) r0, (int) r1);
            else rowsF64(op, (double[]) x.storage().array(), xo, (double[]) out.storage().array(), zo, n, (int) r0, (int) r1);
        });
    }

    private static void rowsF32(SoftmaxOp op, float[] x, int xo, float[] z, int zo, int n, int r0, int r1) {
        int count = r1 - r0;
        float[] max = new float[count], sum = new float[count];
        boolean lse = op == SoftmaxOp.LOGSUMEXP;
        float[] scratch = lse ? new float[n + 16] : null;
        float[] block32 = new float[VectorKernels.FL];
        double[] lanes = new double[VectorKernels.FL];
        for (int r = r0; r < r1; r++) {
            int xi = xo + r * n;
            float m = VectorKernels.maxF32(x, xi, n, false);
            if (lse && Float.isInfinite(m)) m = 0f;
            // e = exp(x - m): in the output row, or for logsumexp in a scratch row that starts as far into a
            // cache line as the composition's temporary row did (index r * n), so that the sum groups alike
            float[] e = lse ? scratch : z;
            int ei = lse ? (r * n) & 15 : zo + r * n;
            subF32(x, xi, m, e, ei, n);
            VectorMath.expF32(e, ei, e, ei, n, false);
            max[r - r0] = m;
            sum[r - r0] = (float) ArrayKernels.sumRunF32(e, ei, n, block32, lanes);
        }
        if (op == SoftmaxOp.SOFTMAX) {
            for (int r = r0; r < r1; r++) divF32(z, zo + r * n, sum[r - r0], n);
            return;
        }
        float[] log = new float[count];
        VectorMath.logF32(sum, 0, log, 0, count);
        for (int r = r0; r < r1; r++) {
            if (lse) z[zo + r] = log[r - r0] + max[r - r0];
            else subSubF32(x, xo + r * n, max[r - r0], log[r - r0], z, zo + r * n, n);
        }
    }

    private static void rowsF64(SoftmaxOp op, double[] x, int xo, double[] z, int zo, int n, int r0, int r1) {
        boolean lse = op == SoftmaxOp.LOGSUMEXP;
        double[] scratch = lse ? new double[n] : null;
        for (int r = r0; r < r1; r++) {
            int xi = xo + r * n;
            double m = VectorKernels.maxF64(x, xi, n, false);
            if (lse && Double.isInfinite(m)) m = 0;
            double[] e = lse ? scratch : z;
            int ei = lse ? 0 : zo + r * n;
            subF64(x, xi, m, e, ei, n);
            VectorMath.expF64(e, ei, e, ei, n, false);
            double s = ArrayKernels.sumRun(e, false, ei, n);
            if (op == SoftmaxOp.SOFTMAX) divF64(z, ei, s, n);
            else if (lse) z[zo + r] = Math.log(s) + m;
            else subSubF64(x, xi, m, Math.log(s), z, zo + r * n, n);
        }
    }

    private static void subF32(float[] x, int xi, float c, float[] z, int zi, int n) {
        int i = 0, end = F.loopBound(n);
        for (; i < end; i += F.length()) FloatVector.fromArray(F, x, xi + i).sub(c).intoArray(z, zi + i);
        for (; i < n; i++) z[zi + i] = x[xi + i] - c;
    }

    private static void divF32(float[] z, int zi, float c, int n) {
        int i = 0, end = F.loopBound(n);
        for (; i < end; i += F.length()) FloatVector.fromArray(F, z, zi + i).div(c).intoArray(z, zi + i);
        for (; i < n; i++) z[zi + i] = z[zi + i] / c;
    }

    /** z = (x - a) - b, rounded after each subtraction as the composition's two kernels. */
    private static void subSubF32(float[] x, int xi, float a, float b, float[] z, int zi, int n) {
        int i = 0, end = F.loopBound(n);
        for (; i < end; i += F.length()) FloatVector.fromArray(F, x, xi + i).sub(a).sub(b).intoArray(z, zi + i);
        for (; i < n; i++) z[zi + i] = (x[xi + i] - a) - b;
    }

    private static void subF64(double[] x, int xi, double c, double[] z, int zi, int n) {
        int i = 0, end = D.loopBound(n);
        for (; i < end; i += D.length()) DoubleVector.fromArray(D, x, xi + i).sub(c).intoArray(z, zi + i);
        for (; i < n; i++) z[zi + i] = x[xi + i] - c;
    }

    private static void divF64(double[] z, int zi, double c, int n) {
        int i = 0, end = D.loopBound(n);
        for (; i < end; i += D.length()) DoubleVector.fromArray(D, z, zi + i).div(c).intoArray(z, zi + i);
        for (; i < n; i++) z[zi + i] = z[zi + i] / c;
    }

    private static void subSubF64(double[] x, int xi, double a, double b, double[] z, int zi, int n) {
        int i = 0, end = D.loopBound(n);
        for (; i < end; i += D.length()) DoubleVector.fromArray(D, x, xi + i).sub(a).sub(b).intoArray(z, zi + i);
        for (; i < n; i++) z[zi + i] = (x[xi + i] - a) - b;
    }
}
