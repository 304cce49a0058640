package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Squared error below delta, delta-scaled absolute error above (smooth L1 times delta). */
public class HuberLoss extends Module {
    public final String reduction;
    public final double delta;

    public HuberLoss() { this("mean", 1.0); }

    public HuberLoss(String reduction, double delta) {
        this.reduction = reduction;
        this.delta = delta;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.huberLoss(input, target, reduction, delta); }
}
