package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** log(1 + exp(beta x)) / beta, linear above threshold. */
public class Softplus extends Module {
    public final double beta, threshold;

    public Softplus() { this(1, 20); }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override public Tensor forward(Tensor x) { return F.softplus(x, beta, threshold); }

    @Override public String extraRepr() { return "beta=" + num(beta) + ", threshold=" + num(threshold); }

    /** PyTorch keeps the int defaults as ints in the repr. */
    private static String num(double v) { return v == Math.rint(v) ? Long.toString((long) v) : pyFloat(v); }
}
