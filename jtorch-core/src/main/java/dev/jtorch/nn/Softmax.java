package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Softmax along dim; without a dim, PyTorch's implicit choice (0 for 0-, 1- and 3-d inputs, else 1). */
public class Softmax extends Module {
    /** null: implicit. */
    public final Long dim;

    public Softmax() { this.dim = null; }

    public Softmax(long dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor x) { return dim == null ? F.softmax(x) : F.softmax(x, dim); }

    @Override public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
