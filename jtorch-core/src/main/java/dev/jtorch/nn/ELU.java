package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
public class ELU extends Module {
    public final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override public Tensor forward(Tensor x) { return F.elu(x, alpha); }

    @Override public String extraRepr() { return "alpha=" + pyFloat(alpha); }
}
