package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Squared error below beta, absolute error above. */
public class SmoothL1Loss extends Module {
    public final String reduction;
    public final double beta;

    public SmoothL1Loss() { this("mean", 1.0); }

    public SmoothL1Loss(String reduction, double beta) {
        this.reduction = reduction;
        this.beta = beta;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.smoothL1Loss(input, target, reduction, beta); }

}
