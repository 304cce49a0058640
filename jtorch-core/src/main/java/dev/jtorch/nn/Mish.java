package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x * tanh(softplus(x)). */
public class Mish extends Module {

    @Override public Tensor forward(Tensor x) { return F.mish(x); }

}
