package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** KL divergence, input as log-probabilities; reduction also "batchmean". */
public class KLDivLoss extends Module {
    public final String reduction;
    public final boolean logTarget;

    public KLDivLoss() { this("mean", false); }

    public KLDivLoss(String reduction, boolean logTarget) {
        this.reduction = reduction;
        this.logTarget = logTarget;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.klDiv(input, target, reduction, logTarget); }

}
