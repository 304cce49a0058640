package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Softmax along dim. */
public class Softmax extends Module {
    public final long dim;

    public Softmax(long dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor x) { return F.softmax(x, dim); }

    @Override public String extraRepr() { return "dim=" + dim; }
}
