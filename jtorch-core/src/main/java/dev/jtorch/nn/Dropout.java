package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Zeroes elements with probability p during training (scaling the rest by 1/(1-p)); identity in eval mode. */
public class Dropout extends Module {
    public final double p;

    public Dropout() { this(0.5); }

    public Dropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + pyFloat(p));
        this.p = p;
    }

    @Override public Tensor forward(Tensor x) { return F.dropout(x, p, training); }

    @Override public String extraRepr() { return "p=" + pyFloat(p) + ", inplace=False"; }
}
