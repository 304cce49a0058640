package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Mean squared error; reduction "mean" (default), "sum" or "none". */
public class MSELoss extends Module {
    public final String reduction;

    public MSELoss() { this("mean"); }

    public MSELoss(String reduction) { this.reduction = reduction; }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.mseLoss(input, target, reduction); }

}
