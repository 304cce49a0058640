package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Binary cross entropy of probabilities, optional per-element weight. */
public class BCELoss extends Module {
    public final String reduction;
    public Tensor weight;

    public BCELoss() { this(null, "mean"); }

    public BCELoss(Tensor weight, String reduction) {
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.reduction = reduction;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.binaryCrossEntropy(input, target, weight, reduction); }

}
