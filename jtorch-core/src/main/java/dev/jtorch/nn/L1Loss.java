package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Mean absolute error. */
public class L1Loss extends Module {
    public final String reduction;

    public L1Loss() { this("mean"); }

    public L1Loss(String reduction) { this.reduction = reduction; }

    @Override public Tensor forward(Tensor input, Tensor target) { return F.l1Loss(input, target, reduction); }

}
