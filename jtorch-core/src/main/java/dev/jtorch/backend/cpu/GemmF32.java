package dev.jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * float32 GEMM, BLIS-style: B is packed in KC x NC panels, A in MC x KC blocks, and an MR x NR micro-kernel
 * walks the panels. The micro-kernel is {@link VectorGemmF32}'s when the incubator module is present, a
 * scalar one otherwise; this class holds no Vector API reference, so it loads without the module.
 */
final class GemmF32 {
    private GemmF32() {}

    private static final int KC = 256, MC = 128, NC = 3072;
    private static final int SMR = 4, SNR = 16;
    private static final int VMR = Simd.VECTOR ? VectorGemmF32.MR : SMR, VNR = Simd.VECTOR ? VectorGemmF32.NR : SNR;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[3][]);

    /**
     * c[cOff + i*ldc + j] = sum_p A(i, p) * B(p, j) for i < m, j < n; A(i, p) is at aOff + i*aRs + p*aCs of
     * {@code a} (or of {@code as} when {@code a} is null), likewise B. With {@code parallel}, each packed B
     * panel is shared and the MC-row blocks of A are handed out to the pool's threads one at a time, so a
     * thread that the OS delays holds up one block, not half the product.
     */
    static void gemm(boolean vector, boolean parallel, int m, int n, int k,
                     float[] a, MemorySegment as, long aOff, long aRs, long aCs,
                     float[] b, MemorySegment bs, long bOff, long bRs, long bCs,
                     float[] c, int cOff, int ldc) {
        if (k == 0) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        final int NR = vector ? VNR : SNR;
        float[][] buf = BUFFERS.get();
        int kcMax = Math.min(k, KC), ncMax = Math.min(roundUp(n, NR), NC);
        if (buf[1] == null || buf[1].length < kcMax * ncMax) buf[1] = new float[kcMax * ncMax];
        float[] bp = buf[1];
        int blocks = (m + MC - 1) / MC;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc), jc0 = jc, pc0 = pc;
                PackF32.packB(b, bs, bOff, bRs, bCs, pc, kc, jc, nc, NR, bp);
                if (parallel && blocks > 1) {
                    Parallel.forRange(blocks, 1, 1, (s, e) -> {
                        for (int blk = (int) s; blk < e; blk++) {
                            block(vector, blk * MC, Math.min(MC, m - blk * MC), jc0, nc, pc0, kc, a, as, aOff, aRs, aCs, bp, c, cOff, ldc);
                        }
                    });
                } else {
                    for (int ic = 0; ic < m; ic += MC) {
                        block(vector, ic, Math.min(MC, m - ic), jc, nc, pc, kc, a, as, aOff, aRs, aCs, bp, c, cOff, ldc);
                    }
                }
            }
        }
    }

    /** Rows [ic, ic+mc) of C over the packed B panel (kc x nc at column jc, depth pc), with this thread's A buffer. */
    private static void block(boolean vector, int ic, int mc, int jc, int nc, int pc, int kc,
                              float[] a, MemorySegment as, long aOff, long aRs, long aCs,
                              float[] bp, float[] c, int cOff, int ldc) {
        final int MR = vector ? VMR : SMR, NR = vector ? VNR : SNR;
        float[][] buf = BUFFERS.get();
        if (buf[0] == null) buf[0] = new float[KC * (MC + 16)];
        if (buf[2] == null || buf[2].length < MR * NR) buf[2] = new float[MR * NR];
        float[] ap = buf[0], tmp = buf[2];
        boolean acc = pc > 0;
        PackF32.packA(a, as, aOff, aRs, aCs, ic, mc, pc, kc, MR, ap);
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bi = (jr / NR) * kc * NR;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int ai = (ir / MR) * kc * MR;
                int ci = cOff + (ic + ir) * ldc + jc + jr;
                if (mr == MR && nr == NR) {
                    if (vector) VectorGemmF32.kernel(kc, ap, ai, bp, bi, NR, c, ci, ldc, acc);
                    else scalarKernel(kc, ap, ai, bp, bi, c, ci, ldc, acc);
                } else {
                    if (vector) VectorGemmF32.kernel(kc, ap, ai, bp, bi, NR, tmp, 0, NR, false);
                    else scalarKernel(kc, ap, ai, bp, bi, tmp, 0, NR, false);
                    for (int r = 0; r < mr; r++) {
                        for (int j = 0; j < nr; j++) {
                            c[ci + r * ldc + j] = acc ? c[ci + r * ldc + j] + tmp[r * NR + j] : tmp[r * NR + j];
                        }
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int m) { return (x + m - 1) / m * m; }

    /** Portable micro-kernel for JVMs without the Vector API: C2 vectorises the inner j loop itself. */
    private static void scalarKernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean acc) {
        float[] t = SCRATCH.get();
        java.util.Arrays.fill(t, 0f);
        for (int p = 0; p < kc; p++, ai += SMR, bi += SNR) {
            for (int r = 0; r < SMR; r++) {
                float x = ap[ai + r];
                int o = r * SNR;
                for (int j = 0; j < SNR; j++) t[o + j] += x * bp[bi + j];
            }
        }
        for (int r = 0; r < SMR; r++) {
            int o = ci + r * ldc;
            for (int j = 0; j < SNR; j++) c[o + j] = acc ? c[o + j] + t[r * SNR + j] : t[r * SNR + j];
        }
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[SMR * SNR]);
}
