package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Log of softmax along dim. */
public class LogSoftmax extends Module {
    public final long dim;

    public LogSoftmax(long dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor x) { return F.logSoftmax(x, dim); }

    @Override public String extraRepr() { return "dim=" + dim; }
}
