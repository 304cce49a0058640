package dev.jtorch.backend.cpu;

/**
 * float32 products with few rows whose B is a transposed row-major matrix: {@code x @ W^T} of a linear layer
 * at a small batch. The packed GEMM would repack all of W (K x N, read across its rows) on every call, a
 * strided pass as long as a third of the arithmetic; here the roles swap, C^T = W @ x^T: the small x^T is
 * packed once and W's rows are read in place by {@link VectorGemmF32#kernelRows}, each once per 32 rows of x.
 * Each thread takes whole 8-column strips of C and every element sums over k in one fixed order, so the bits
 * do not depend on the thread count. Used only with the Vector API (the scalar path packs as before).
 */
final class SmallGemmF32 {
    private SmallGemmF32() {}

    /** Depth per packed block: the MLP's 784 fits in one, so C is written once. */
    private static final int KC = 1024;
    /** Products up to this many rows take this path; beyond it the packed GEMM's row split is as good. */
    static final int MAX_M = 256;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][]);

    /**
     * c[cOff + i*ldc + j] = sum_p A(i, p) * B(p, j), A(i, p) at aOff + i*aRs + p*aCs of {@code a}, B(p, j) at
     * bOff + p + j*bCs of {@code b} (unit row stride), for i < m <= {@link #MAX_M}, j < n.
     */
    static void gemm(boolean parallel, int m, int n, int k, float[] a, long aOff, long aRs, long aCs,
                     float[] b, long bOff, long bCs, float[] c, int cOff, int ldc) {
        final int MR = VectorGemmF32.MR, NR = VectorGemmF32.NR;
        if (k == 0) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        int kcMax = Math.min(k, KC), mp = (m + NR - 1) / NR * NR;
        float[] xp = new float[kcMax * mp];
        int strips = (n + MR - 1) / MR;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc), pc0 = pc;
            PackF32.packB(a, null, aOff, aCs, aRs, pc, kc, 0, m, NR, xp);
            Parallel.Range body = (s, e) -> {
                for (int st = (int) s; st < e; st++) strip(st * MR, Math.min(MR, n - st * MR), m, kc, pc0, b, bOff, bCs, xp, c, cOff, ldc);
            };
            long grain = Math.max(1, Gemm.GRAIN_FLOPS / (2L * MR * mp * kc));
            if (parallel) Parallel.forRange(strips, grain, 1, body);
            else body.run(0, strips);
        }
    }

    /** Columns [j0, j0+nr) of C over depth [pc, pc+kc): rows j0.. of W against every packed sliver of x^T. */
    private static void strip(int j0, int nr, int m, int kc, int pc, float[] b, long bOff, long bCs,
                              float[] xp, float[] c, int cOff, int ldc) {
        final int MR = VectorGemmF32.MR, NR = VectorGemmF32.NR;
        float[][] buf = BUFFERS.get();
        if (buf[0] == null) buf[0] = new float[MR * NR];
        float[] tmp = buf[0], w = b;
        int wi = (int) (bOff + j0 * bCs + pc), lda = (int) bCs;
        if (nr < MR) {
            // the last strip: copy its rows and zero the rest, so the kernel never reads past W
            if (buf[1] == null || buf[1].length < MR * kc) buf[1] = new float[MR * Math.max(kc, KC)];
            w = buf[1];
            java.util.Arrays.fill(w, 0, MR * kc, 0f);
            for (int r = 0; r < nr; r++) System.arraycopy(b, (int) (bOff + (j0 + r) * bCs + pc), w, r * kc, kc);
            wi = 0;
            lda = kc;
        }
        boolean acc = pc > 0;
        for (int ir = 0; ir < m; ir += NR) {
            VectorGemmF32.kernelRows(kc, w, wi, lda, xp, ir * kc, tmp, 0, NR);
            int rows = Math.min(NR, m - ir);
            for (int q = 0; q < rows; q++) {
                int o = cOff + (ir + q) * ldc + j0;
                if (acc) for (int r = 0; r < nr; r++) c[o + r] += tmp[r * NR + q];
                else for (int r = 0; r < nr; r++) c[o + r] = tmp[r * NR + q];
            }
        }
    }
}
