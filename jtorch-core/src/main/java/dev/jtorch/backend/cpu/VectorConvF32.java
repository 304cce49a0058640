package dev.jtorch.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The convolution's two skinny float32 products on the Vector API, reading the columns where im2col wrote them
 * instead of packing them (the packed GEMM copies the large operand once more, and pads its 10 or 20 rows or
 * columns to 32): {@link #smallA} for C = A B with a short A (the weights, packed once) and {@link #dots} for
 * the weight gradient, whose entries are dot products of two long rows. Each kernel is one self-contained
 * method (vectors handed to a helper the JIT does not inline get boxed). Only {@link ConvKernels} calls it,
 * and only when the incubator module is present.
 */
final class VectorConvF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int VL = S.length(), MR = 8, NR = 2 * VL;

    private VectorConvF32() {}

    /** A (m x k, element (i, p) at aOff + i*aRs + p*aCs) packed as ceil(m/8) slivers of [k][8], zero-padded. */
    static float[] packA(float[] a, int aOff, int aRs, int aCs, int m, int k) {
        int blocks = (m + MR - 1) / MR;
        float[] ap = new float[blocks * k * MR];
        for (int bl = 0; bl < blocks; bl++) {
            for (int r = 0; r < MR && bl * MR + r < m; r++) {
                int src = aOff + (bl * MR + r) * aRs;
                for (int p = 0, d = bl * k * MR + r; p < k; p++, d += MR) ap[d] = a[src + p * aCs];
            }
        }
        return ap;
    }

    /**
     * C (rows [0, 8*ceil(m/8)), columns [0, n) with n a multiple of {@link #NR}; row stride ldc) = packed A @ B,
     * B row-major with row stride ldb. Rows past m are written with zeros' products: the caller leaves room.
     */
    static void smallA(int m, int n, int k, float[] ap, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        int blocks = (m + MR - 1) / MR;
        for (int bl = 0; bl < blocks; bl++) {
            for (int j = 0; j < n; j += NR) {
                VectorGemmF32.kernel(k, ap, bl * k * MR, b, bOff + j, ldb, c, cOff + bl * MR * ldc + j, ldc, false);
            }
        }
    }

    /**
     * C[i, j] = sum_q A[i, q] * B[j, q] for i < m, j < n over rows of length len (a multiple of {@link #VL}):
     * A and B row-major with row strides lda and ldb, C with row stride ldc. Two rows of A against four of B at
     * a time; a block at the edge repeats the last row (its extra results are not stored). Each entry sums its
     * lanes in one fixed order, the same in the interpreter and in compiled code.
     */
    static void dots(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        float[] t = new float[8 * VL];
        for (int i = 0; i < m; i += 2) {
            int a0 = aOff + i * lda, a1 = aOff + Math.min(i + 1, m - 1) * lda;
            for (int j = 0; j < n; j += 4) {
                int b0 = bOff + j * ldb, b1 = bOff + Math.min(j + 1, n - 1) * ldb;
                int b2 = bOff + Math.min(j + 2, n - 1) * ldb, b3 = bOff + Math.min(j + 3, n - 1) * ldb;
                FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
                FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
                for (int q = 0; q < len; q += VL) {
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + q), x1 = FloatVector.fromArray(S, a, a1 + q);
                    FloatVector y;
                    y = FloatVector.fromArray(S, b, b0 + q); s00 = x0.fma(y, s00); s10 = x1.fma(y, s10);
                    y = FloatVector.fromArray(S, b, b1 + q); s01 = x0.fma(y, s01); s11 = x1.fma(y, s11);
                    y = FloatVector.fromArray(S, b, b2 + q); s02 = x0.fma(y, s02); s12 = x1.fma(y, s12);
                    y = FloatVector.fromArray(S, b, b3 + q); s03 = x0.fma(y, s03); s13 = x1.fma(y, s13);
                }
                // lanes summed in index order, not by reduceLanes, whose order the API leaves open
                s00.intoArray(t, 0); s01.intoArray(t, VL); s02.intoArray(t, 2 * VL); s03.intoArray(t, 3 * VL);
                s10.intoArray(t, 4 * VL); s11.intoArray(t, 5 * VL); s12.intoArray(t, 6 * VL); s13.intoArray(t, 7 * VL);
                for (int r = 0; r < 2 && i + r < m; r++) {
                    for (int cc = 0; cc < 4 && j + cc < n; cc++) {
                        float sum = 0f;
                        for (int l = 0, o = (4 * r + cc) * VL; l < VL; l++) sum += t[o + l];
                        c[cOff + (i + r) * ldc + j + cc] = sum;
                    }
                }
            }
        }
    }

    /**
     * dst[dOff + r*dStride + j] = src[sOff + r*sStride + j] for r < rows, j < len: im2col's short rows (8 or 24
     * floats in the book's CNN), where a call to System.arraycopy per row costs more than the copy.
     */
    static void copyRows(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride, int rows, int len) {
        int full = len / VL * VL;
        VectorMask<Float> tail = S.indexInRange(full, len);
        for (int r = 0; r < rows; r++, sOff += sStride, dOff += dStride) {
            for (int j = 0; j < full; j += VL) FloatVector.fromArray(S, src, sOff + j).intoArray(dst, dOff + j);
            if (full < len) FloatVector.fromArray(S, src, sOff + full, tail).intoArray(dst, dOff + full, tail);
        }
    }

    /** dst[dOff + r*dStride + j] += src[sOff + r*sStride + j]: col2im's short rows. */
    static void addRows(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride, int rows, int len) {
        int full = len / VL * VL;
        VectorMask<Float> tail = S.indexInRange(full, len);
        for (int r = 0; r < rows; r++, sOff += sStride, dOff += dStride) {
            for (int j = 0; j < full; j += VL) {
                FloatVector.fromArray(S, dst, dOff + j).add(FloatVector.fromArray(S, src, sOff + j)).intoArray(dst, dOff + j);
            }
            if (full < len) {
                FloatVector.fromArray(S, dst, dOff + full, tail).add(FloatVector.fromArray(S, src, sOff + full, tail)).intoArray(dst, dOff + full, tail);
            }
        }
    }

    /** d[i] = y[yo + i] > 0 ? g[go + i] : 0 (ReLU's gradient), as masked selects: a branch per element mispredicts. */
    static void reluBackward(float[] g, int go, float[] y, int yo, float[] d, int n) {
        int full = n / VL * VL, i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (; i < full; i += VL) {
            zero.blend(FloatVector.fromArray(S, g, go + i), FloatVector.fromArray(S, y, yo + i).compare(VectorOperators.GT, 0f)).intoArray(d, i);
        }
        for (; i < n; i++) d[i] = y[yo + i] > 0 ? g[go + i] : 0f;
    }
}
