package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** x * sigmoid(x). */
public class SiLU extends Module {

    @Override public Tensor forward(Tensor x) { return F.silu(x); }

}
