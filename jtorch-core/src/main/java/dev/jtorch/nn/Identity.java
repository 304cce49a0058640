package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** Returns its input. */
public class Identity extends Module {
    @Override public Tensor forward(Tensor x) { return x; }
}
