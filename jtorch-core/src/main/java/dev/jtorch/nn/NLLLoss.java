package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Negative log likelihood of log-probabilities; class weights, ignore_index. */
public class NLLLoss extends Module {
    public final String reduction;
    public Tensor weight;
    public final long ignoreIndex;

    public NLLLoss() { this(null, -100, "mean"); }

    public NLLLoss(Tensor weight, long ignoreIndex, String reduction) {
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.nllLoss(input, target, weight, ignoreIndex, reduction); }

}
