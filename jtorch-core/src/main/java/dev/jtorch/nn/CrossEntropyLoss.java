package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Log-softmax plus NLL; targets as class indices or probabilities; class weights, ignore_index, label smoothing. */
public class CrossEntropyLoss extends Module {
    public final String reduction;
    public Tensor weight;
    public final long ignoreIndex;
    public final double labelSmoothing;

    public CrossEntropyLoss() { this(null, -100, "mean", 0.0); }

    public CrossEntropyLoss(Tensor weight, long ignoreIndex, String reduction, double labelSmoothing) {
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing); }

}
