package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Zeroes whole channels with probability p during training. */
public class Dropout2d extends Module {
    public final double p;

    public Dropout2d() { this(0.5); }

    public Dropout2d(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + pyFloat(p));
        this.p = p;
    }

    @Override public Tensor forward(Tensor x) { return F.dropout2d(x, p, training); }

    @Override public String extraRepr() { return "p=" + pyFloat(p) + ", inplace=False"; }
}
