package dev.jtorch.backend.cpu;

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
        // coalesce: drop size-1 dims, merge dim d into d+1 when every operand's stride allows it
        int rank = shape.length;
        long[] sh = new long[Math.max(rank, 1)];
        long[][] st = new long[k][Math.max(rank, 1)];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) return;
            if (shape[d] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int i = 0; i < k; i++) {
                    if (st[i][r - 1] != strides[i][d] * shape[d]) { merge = false; break; }
                }
                if (merge) {
                    sh[r - 1] *= shape[d];
                    for (int i = 0; i < k; i++) st[i][r - 1] = strides[i][d];
                    continue;
                }
            }
            sh[r] = shape[d];
            for (int i = 0; i < k; i++) st[i][r] = strides[i][d];
            r++;
        }
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
