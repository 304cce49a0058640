package dev.jtorch.nn;

import dev.jtorch.Tensor;

/** relu6(x + 3) / 6. */
public class Hardsigmoid extends Module {

    @Override public Tensor forward(Tensor x) { return F.hardsigmoid(x); }

}
