package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Splits dim into {@code unflattenedSize}. */
public class Unflatten extends Module {
    public final long dim;
    public final long[] unflattenedSize;

    public Unflatten(long dim, long... unflattenedSize) {
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    @Override public Tensor forward(Tensor x) { return x.unflatten(dim, unflattenedSize); }

    @Override public String extraRepr() { return "dim=" + dim + ", unflattened_size=" + tuple(unflattenedSize); }
}
