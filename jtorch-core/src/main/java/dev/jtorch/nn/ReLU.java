package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** max(x, 0) elementwise. */
public class ReLU extends Module {

    @Override public Tensor forward(Tensor x) { return F.relu(x); }

}
