package dev.jtorch.backend.cuda;

/**
 * The index arithmetic a kernel launch needs, computed on the host: dims merged where every operand allows
 * it (as the CPU's StridedLoop does), so most tensors reach the kernel as one contiguous run.
 */
final class Geometry {
    final long n;
    final int rank;
    final long[] shape;      // merged, outermost first
    final long[][] strides;  // [operand][dim], in elements

    private Geometry(long n, int rank, long[] shape, long[][] strides) {
        this.n = n;
        this.rank = rank;
        this.shape = shape;
        this.strides = strides;
    }

    /** Merges dims of {@code shape} over operands with the given strides; size-1 dims disappear. */
    static Geometry of(long[] shape, long[][] strides) {
        int k = strides.length;
        long n = 1;
        for (long s : shape) n *= s;
        long[] sh = new long[shape.length];
        long[][] st = new long[k][shape.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
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
        return new Geometry(n, r, sh, st);
    }

    /** True when every operand walks memory with unit stride: the kernel can index with i alone. */
    boolean contiguous() {
        if (rank == 0) return true;
        if (rank > 1) return false;
        for (long[] s : strides) if (s[0] != 1) return false;
        return true;
    }

    /**
     * True if the view touches every element of a block of {@code numel} elements exactly once starting at its
     * offset (contiguous or a permutation of contiguous), so writing it overwrites the whole block.
     */
    static boolean dense(long[] shape, long[] strides) {
        int r = shape.length;
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Long.compare(strides[a], strides[b]));
        long expected = 1;
        for (int i = 0; i < r; i++) {
            int d = order[i];
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }
}
