package dev.jtorch.backend.cpu;

import dev.jtorch.internal.Coalesced;

/**
 * Walks k strided operands of one shape row by row. Dims that are contiguous in every operand are merged
 * first, so a contiguous tensor is a single row whatever its rank; size-1 dims disappear.
 */
final class StridedLoop {
    /** Called once per innermost row: {@code n} elements at {@code offsets[i]} stepping {@code strides[i]}. */
    interface Row {
        void run(long n, long[] offsets, long[] strides);
    }

    private StridedLoop() {}

    static void run(long[] shape, long[][] strides, long[] offsets, Row row) {
        int k = strides.length;
        for (long d : shape) if (d == 0) return;
        Coalesced c = Coalesced.of(shape, strides);
        int r = c.rank();
        long[] sh = c.shape();
        long[][] st = c.strides();
        long[] off = offsets.clone();
        if (r == 0) { // a single element
            row.run(1, off, new long[k]);
            return;
        }
        long n = sh[r - 1];
        long[] inner = new long[k];
        for (int i = 0; i < k; i++) inner[i] = st[i][r - 1];
        if (r == 1) {
            row.run(n, off, inner);
            return;
        }
        long[] counter = new long[r - 1];
        long[] cur = off.clone();
        while (true) {
            System.arraycopy(cur, 0, off, 0, k);
            row.run(n, off, inner);
            int d = r - 2;
            while (d >= 0) {
                counter[d]++;
                for (int i = 0; i < k; i++) cur[i] += st[i][d];
                if (counter[d] < sh[d]) break;
                for (int i = 0; i < k; i++) cur[i] -= st[i][d] * sh[d];
                counter[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }
}
