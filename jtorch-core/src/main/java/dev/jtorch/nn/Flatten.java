package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Flattens dims startDim..endDim (default 1..-1). */
public class Flatten extends Module {
    public final long startDim, endDim;

    public Flatten() { this(1, -1); }

    public Flatten(long startDim, long endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override public Tensor forward(Tensor x) { return x.flatten(startDim, endDim); }

    @Override public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
