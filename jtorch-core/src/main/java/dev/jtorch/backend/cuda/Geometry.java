package dev.jtorch.backend.cuda;

import dev.jtorch.internal.Coalesced;

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
        long n = 1;
        for (long s : shape) n *= s;
        Coalesced c = Coalesced.of(shape, strides);
        return new Geometry(n, c.rank(), c.shape(), c.strides());
    }

    /** True when every operand walks memory with unit stride: the kernel can index with i alone. */
    boolean contiguous() {
        if (rank == 0) return true;
        if (rank > 1) return false;
        for (long[] s : strides) if (s[0] != 1) return false;
        return true;
    }
}
