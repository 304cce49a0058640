package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** LogSoftmax along dim; without a dim, PyTorch's implicit choice (0 for 0-, 1- and 3-d inputs, else 1). */
public class LogSoftmax extends Module {
    /** null: implicit. */
    public final Long dim;

    public LogSoftmax() { this.dim = null; }

    public LogSoftmax(long dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor x) { return dim == null ? F.logSoftmax(x) : F.logSoftmax(x, dim); }

    @Override public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
