package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Scaled ELU with PyTorch's fixed alpha and scale. */
public class SELU extends Module {

    @Override public Tensor forward(Tensor x) { return F.selu(x); }

}
