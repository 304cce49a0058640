package dev.jtorch.backend.cpu;

import dev.jtorch.internal.Mem;

import java.lang.foreign.MemorySegment;

/**
 * Packs GEMM operands into the panel layout the micro-kernels stream through: A as {@code mr}-row slivers
 * (for each k, {@code mr} consecutive values of one column), B as {@code nr}-column slivers (for each k,
 * {@code nr} consecutive values of one row), both zero-padded at the edges. Any strides work here, so a
 * transposed or sliced operand costs one pass over its elements and nothing in the kernel. Holds no
 * Vector API reference: the scalar fallback packs the same way.
 */
final class PackF32 {
    private PackF32() {}

    private static float get(float[] arr, MemorySegment seg, long i) {
        return arr != null ? arr[(int) i] : seg.getAtIndex(Mem.F32, i);
    }

    /** A[i0.., k0..] (mc x kc, element (i, k) at off + i*rs + k*cs) into dst as ceil(mc/mr) slivers. */
    static void packA(float[] a, MemorySegment seg, long off, long rs, long cs, int i0, int mc, int k0, int kc,
                      int mr, float[] dst) {
        int d = 0;
        for (int p = 0; p < mc; p += mr) {
            int rows = Math.min(mr, mc - p);
            long base = off + (long) (i0 + p) * rs + (long) k0 * cs;
            if (rows == mr && cs == 1 && a != null) {
                // row-major: each of the mr rows is read sequentially; writes stride by mr
                for (int r = 0; r < mr; r++) {
                    int src = (int) (base + r * rs);
                    for (int kk = 0, w = d + r; kk < kc; kk++, w += mr) dst[w] = a[src + kk];
                }
                d += kc * mr;
                continue;
            }
            for (int kk = 0; kk < kc; kk++) {
                long src = base + kk * cs;
                int r = 0;
                for (; r < rows; r++) dst[d++] = get(a, seg, src + r * rs);
                for (; r < mr; r++) dst[d++] = 0f;
            }
        }
    }

    /** B[k0.., j0..] (kc x nc, element (k, j) at off + k*rs + j*cs) into dst as ceil(nc/nr) slivers. */
    static void packB(float[] b, MemorySegment seg, long off, long rs, long cs, int k0, int kc, int j0, int nc,
                      int nr, float[] dst) {
        int d = 0;
        for (int q = 0; q < nc; q += nr) {
            int cols = Math.min(nr, nc - q);
            long base = off + (long) k0 * rs + (long) (j0 + q) * cs;
            if (cs == 1 && b != null) {
                for (int kk = 0; kk < kc; kk++) {
                    System.arraycopy(b, (int) (base + kk * rs), dst, d, cols);
                    for (int j = cols; j < nr; j++) dst[d + j] = 0f;
                    d += nr;
                }
            } else if (rs == 1) {
                // transposed B: read each column sequentially, write strided; 64 rows of the sliver at a time,
                // so the lines being written stay in L1 across the nr columns (a whole sliver is 100 KB at k = 784)
                for (int q0 = 0; q0 < kc; q0 += 64) {
                    int q1 = Math.min(kc, q0 + 64);
                    for (int j = 0; j < nr; j++) {
                        if (j < cols) {
                            long src = base + j * cs;
                            if (b != null) {
                                int s0 = (int) src;
                                for (int kk = q0, w = d + q0 * nr + j; kk < q1; kk++, w += nr) dst[w] = b[s0 + kk];
                            } else {
                                for (int kk = q0, w = d + q0 * nr + j; kk < q1; kk++, w += nr) dst[w] = get(b, seg, src + kk);
                            }
                        } else {
                            for (int kk = q0, w = d + q0 * nr + j; kk < q1; kk++, w += nr) dst[w] = 0f;
                        }
                    }
                }
                d += kc * nr;
            } else {
                for (int kk = 0; kk < kc; kk++) {
                    long src = base + kk * rs;
                    int j = 0;
                    for (; j < cols; j++) dst[d++] = get(b, seg, src + j * cs);
                    for (; j < nr; j++) dst[d++] = 0f;
                }
            }
        }
    }
}
