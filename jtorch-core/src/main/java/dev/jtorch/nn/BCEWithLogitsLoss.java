package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Sigmoid plus binary cross entropy in one numerically stable formula; optional weight and pos_weight. */
public class BCEWithLogitsLoss extends Module {
    public final String reduction;
    public Tensor weight, posWeight;

    public BCEWithLogitsLoss() { this(null, "mean", null); }

    public BCEWithLogitsLoss(Tensor weight, String reduction, Tensor posWeight) {
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.posWeight = posWeight == null ? null : registerBuffer("pos_weight", posWeight);
        this.reduction = reduction;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight); }

}
