package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x for x >= 0, negativeSlope * x otherwise. */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override public Tensor forward(Tensor x) { return F.leakyRelu(x, negativeSlope); }

    @Override public String extraRepr() { return "negative_slope=" + pyFloat(negativeSlope); }
}
