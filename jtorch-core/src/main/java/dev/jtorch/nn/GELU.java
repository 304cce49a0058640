package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x * Phi(x); approximate "none" or "tanh". */
public class GELU extends Module {
    public final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) { this.approximate = approximate; }

    @Override public Tensor forward(Tensor x) { return F.gelu(x, approximate); }

    @Override public String extraRepr() { return "approximate='" + approximate + "'"; }
}
